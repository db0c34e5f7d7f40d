import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import { privateKey } from '../api/private-queries.ts';
import { indicatorKey } from '../api/queries.ts';
import { PageHeading } from '../components/page-heading.tsx';
import { ImportResult, ImportUpload } from '../features/import/import-parts.tsx';
import { useLanguage } from '../features/language/use-language.ts';

/**
 * 数据导入: a CSV or XLSX of indicator values (the template's columns), checked first if wanted
 * (仅校验), imported all or nothing: one bad row and nothing is written, every problem listed by line.
 */
export function DataImportPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | undefined>();
  const [dryRun, setDryRun] = useState(true);
  // A comment that accepts the file's year-on-year jumps (data-quality warnings), sent with the import.
  const [comment, setComment] = useState('');
  const run = useMutation({
    mutationFn: ({ upload, check, note }: { upload: File; check: boolean; note?: string }) => api.importValues(upload, upload.name, check, note),
    onSuccess: async (report) => {
      if (!report.dry_run && report.problems.length === 0) {
        await queryClient.invalidateQueries({ queryKey: [indicatorKey] });
        await queryClient.invalidateQueries({ queryKey: [privateKey, 'indicator-values'] });
      }
    },
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading
        title={t('import.title')}
        intro={t('import.intro')}
        extra={
          <Button icon={<DownloadOutlined />} href={api.valueTemplateUrl()} download data-testid="import-template">
            {t('import.template')}
          </Button>
        }
      />
      <ImportUpload
        file={file}
        onFile={(chosen) => {
          setFile(chosen);
          setComment('');
          run.reset();
        }}
        dryRun={dryRun}
        onDryRun={setDryRun}
        running={run.isPending}
        onRun={() => file && run.mutate({ upload: file, check: dryRun })}
        columnsHint={
          <Typography.Paragraph type="secondary" className="import-columns">
            {t('import.columns')} <Typography.Text code>indicator, org, period, value, unit, source</Typography.Text> {t('import.qualifierColumn')}
          </Typography.Paragraph>
        }
      />
      {run.isError && <Alert type="error" showIcon title={errorMessage(run.error, language)} data-testid="import-error" />}
      {run.data && run.data.problems.length > 0 && run.data.problems.every((problem) => problem.severity === 'warning') && (
        <Alert
          type="warning"
          showIcon
          title={t('import.jumpsTitle')}
          description={
            <Space wrap>
              <Input value={comment} onChange={(event) => setComment(event.target.value)} maxLength={500} placeholder={t('import.jumpsComment')} aria-label={t('import.jumpsComment')} style={{ minWidth: 320 }} data-testid="import-comment" />
              <Button type="primary" disabled={comment.trim() === '' || run.isPending} onClick={() => file && run.mutate({ upload: file, check: false, note: comment.trim() })} data-testid="import-with-comment">
                {t('import.importWithComment')}
              </Button>
            </Space>
          }
          data-testid="import-jumps"
        />
      )}
      {run.data && (
        <ImportResult
          report={run.data}
          counts={[
            { key: 'inserted', label: t(run.data.dry_run ? 'import.wouldInsert' : 'import.inserted'), value: run.data.inserted },
            { key: 'revised', label: t(run.data.dry_run ? 'import.wouldRevise' : 'import.revised'), value: run.data.revised },
            { key: 'unchanged', label: t('import.unchanged'), value: run.data.unchanged },
          ]}
          confirming={run.isPending}
          onConfirm={() => file && run.mutate({ upload: file, check: false })}
          onDownloadProblems={() => (file ? api.valueProblemsFile(file, file.name) : Promise.reject(new Error('no file')))}
        />
      )}
    </Space>
  );
}
