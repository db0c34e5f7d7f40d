import { CheckCircleOutlined, DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Space, Table, Typography, Upload, type TableColumnsType, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import { privateKey } from '../api/private-queries.ts';
import { indicatorKey } from '../api/queries.ts';
import type { ImportProblem, ImportReport } from '../api/types.ts';
import { PageHeading } from '../components/page-heading.tsx';
import { downloadCsv, toCsv } from '../features/indicators/csv.ts';
import { useLanguage } from '../features/language/use-language.ts';

/** What the report says: the counts, then every problem with its line, or the way on. */
function ImportResult({ report, onConfirm, confirming }: { report: ImportReport; onConfirm: () => void; confirming: boolean }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const failed = report.problems.length > 0;
  const columns: TableColumnsType<ImportProblem> = [
    { key: 'line', title: t('import.line'), dataIndex: 'line', width: 80, render: (line: number) => (line > 0 ? line : '—') },
    { key: 'field', title: t('import.field'), dataIndex: 'field', width: 120, render: (field: string) => <Typography.Text code>{field}</Typography.Text> },
    { key: 'message', title: t('import.problem'), render: (_, problem) => (language === 'en' ? problem.message_en : problem.message) },
  ];
  return (
    <Card title={t('import.reportTitle', { file: report.file })} data-testid="import-report" data-outcome={failed ? 'failed' : report.dry_run ? 'checked' : 'imported'}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {failed ? (
          <Alert type="error" showIcon title={t('import.failed', { count: report.problems.length })} description={t('import.failedHint')} />
        ) : report.dry_run ? (
          <Alert
            type="success"
            showIcon
            title={t('import.checked', { rows: report.rows })}
            description={t('import.checkedHint')}
            action={
              <Button type="primary" icon={<CheckCircleOutlined />} loading={confirming} onClick={onConfirm} data-testid="import-confirm">
                {t('import.confirm')}
              </Button>
            }
          />
        ) : (
          <Alert type="success" showIcon title={t('import.imported', { rows: report.rows })} />
        )}
        <Descriptions
          size="small"
          column={{ xs: 2, md: 5 }}
          bordered
          items={[
            { key: 'rows', label: t('import.rows'), children: report.rows },
            { key: 'inserted', label: t(report.dry_run ? 'import.wouldInsert' : 'import.inserted'), children: report.inserted },
            { key: 'revised', label: t(report.dry_run ? 'import.wouldRevise' : 'import.revised'), children: report.revised },
            { key: 'unchanged', label: t('import.unchanged'), children: report.unchanged },
            { key: 'mode', label: t('import.mode'), children: report.dry_run ? t('import.modeDryRun') : t('import.modeImport') },
          ]}
        />
        {failed && (
          <div className="import-problems__actions">
            <Button
              size="small"
              icon={<DownloadOutlined />}
              onClick={() =>
                downloadCsv(
                  `${report.file.replace(/\.[^.]*$/, '')}-problems.csv`,
                  toCsv([[t('import.line'), t('import.field'), t('import.problem')], ...report.problems.map((problem) => [problem.line, problem.field, language === 'en' ? problem.message_en : problem.message])]),
                )
              }
              data-testid="export-problems"
            >
              {t('import.exportProblems')}
            </Button>
          </div>
        )}
        {failed && (
          <Table<ImportProblem>
            data-testid="import-problems"
            rowKey={(problem) => `${problem.line}|${problem.field}|${problem.message}`}
            size="small"
            columns={columns}
            dataSource={report.problems}
            pagination={report.problems.length > 50 ? { pageSize: 50 } : false}
          />
        )}
      </Space>
    </Card>
  );
}

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
  const run = useMutation({
    mutationFn: ({ upload, check }: { upload: File; check: boolean }) => api.importValues(upload, upload.name, check),
    onSuccess: async (report) => {
      if (!report.dry_run && report.problems.length === 0) {
        await queryClient.invalidateQueries({ queryKey: [indicatorKey] });
        await queryClient.invalidateQueries({ queryKey: [privateKey, 'indicator-values'] });
      }
    },
  });
  const fileList: UploadFile[] = file ? [{ uid: 'value-file', name: file.name, size: file.size, status: 'done' }] : [];

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
      <Card>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" className="import-columns">
            {t('import.columns')} <Typography.Text code>indicator, org, period, value, unit, source</Typography.Text> {t('import.qualifierColumn')}
          </Typography.Paragraph>
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            fileList={fileList}
            // The file is sent with fetch (raw body), not by the Upload's own request.
            beforeUpload={(chosen) => {
              setFile(chosen);
              run.reset();
              return false;
            }}
            onRemove={() => {
              setFile(undefined);
              run.reset();
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('import.drop')}</p>
            <p className="ant-upload-hint">{t('import.dropHint')}</p>
          </Upload.Dragger>
          <Space wrap>
            <Checkbox checked={dryRun} onChange={(event) => setDryRun(event.target.checked)} data-testid="import-dry-run">
              {t('import.dryRun')}
            </Checkbox>
            <Button
              type="primary"
              icon={<UploadOutlined />}
              disabled={!file}
              loading={run.isPending}
              onClick={() => file && run.mutate({ upload: file, check: dryRun })}
              data-testid="import-run"
            >
              {dryRun ? t('import.runDry') : t('import.run')}
            </Button>
          </Space>
        </Space>
      </Card>
      {run.isError && <Alert type="error" showIcon title={errorMessage(run.error, language)} data-testid="import-error" />}
      {run.data && (
        <ImportResult
          report={run.data}
          confirming={run.isPending}
          onConfirm={() => file && run.mutate({ upload: file, check: false })}
        />
      )}
    </Space>
  );
}
