import { CheckCircleOutlined, DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Descriptions, Space, Table, Typography, Upload, type TableColumnsType, type UploadFile } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/error-message.ts';
import { useLanguage } from '../language/use-language.ts';

/** What every import report has, whatever it imports (indicator values, registries). */
/** One problem of an import, whatever it imports. */
export interface ImportProblem {
  line: number;
  field: string;
  message: string;
  message_en: string;
}

export interface ImportReportBase {
  file: string;
  dry_run: boolean;
  rows: number;
  /** Each import names its own fields (an indicator file's columns, a registry kind's). The first 1,000 only. */
  problems: ImportProblem[];
  /** How many problems the file has in all. */
  problems_total: number;
  /** Whether `problems` lists only the first of them (the full list: the problems file). */
  problems_truncated: boolean;
}

/** Hands a file the server made to the browser as a download. */
function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * What the report says: the counts, then the problems with their lines (the first 1,000, and how
 * many there are in all), or the way on (confirm a checked file). `counts` are the report's own
 * numbers (新增/修订/未变 …), labelled by the caller. 下载全部问题 asks the server for every problem
 * of the same file, as CSV (`onDownloadProblems`).
 */
export function ImportResult({
  report,
  counts,
  onConfirm,
  confirming,
  onDownloadProblems,
}: {
  report: ImportReportBase;
  counts: { key: string; label: string; value: number }[];
  onConfirm: () => void;
  confirming: boolean;
  onDownloadProblems: () => Promise<Blob>;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | undefined>();
  const failed = report.problems.length > 0;
  const downloadAll = async () => {
    setDownloading(true);
    setDownloadError(undefined);
    try {
      saveBlob(`${report.file.replace(/\.[^.]*$/, '')}-problems.csv`, await onDownloadProblems());
    } catch (error) {
      setDownloadError(errorMessage(error, language));
    } finally {
      setDownloading(false);
    }
  };
  const columns: TableColumnsType<ImportProblem> = [
    { key: 'line', title: t('import.line'), dataIndex: 'line', width: 80, render: (line: number) => (line > 0 ? line : '—') },
    { key: 'field', title: t('import.field'), dataIndex: 'field', width: 120, render: (field: string) => <Typography.Text code>{field}</Typography.Text> },
    { key: 'message', title: t('import.problem'), render: (_, problem) => (language === 'en' ? problem.message_en : problem.message) },
  ];
  return (
    <Card title={t('import.reportTitle', { file: report.file })} data-testid="import-report" data-outcome={failed ? 'failed' : report.dry_run ? 'checked' : 'imported'}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {failed ? (
          <Alert type="error" showIcon title={t('import.failed', { count: report.problems_total })} description={t('import.failedHint')} />
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
          column={{ xs: 2, md: counts.length + 2 }}
          bordered
          items={[
            { key: 'rows', label: t('import.rows'), children: report.rows },
            ...counts.map((count) => ({ key: count.key, label: count.label, children: count.value })),
            { key: 'mode', label: t('import.mode'), children: report.dry_run ? t('import.modeDryRun') : t('import.modeImport') },
          ]}
        />
        {failed && (
          <div className="import-problems__actions">
            <Space wrap>
              {report.problems_truncated && (
                <Typography.Text type="secondary" data-testid="import-problems-truncated">
                  {t('import.problemsTruncated', { total: report.problems_total, shown: report.problems.length })}
                </Typography.Text>
              )}
              <Button size="small" icon={<DownloadOutlined />} loading={downloading} onClick={() => void downloadAll()} data-testid="export-problems">
                {t('import.downloadAllProblems')}
              </Button>
            </Space>
            {downloadError && <Alert type="error" showIcon title={downloadError} data-testid="export-problems-error" />}
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

/** The file chooser (CSV or XLSX, sent raw by the caller, not by the Upload), 仅校验 and the run button. */
export function ImportUpload({
  file,
  onFile,
  dryRun,
  onDryRun,
  running,
  onRun,
  columnsHint,
}: {
  file: File | undefined;
  onFile: (file: File | undefined) => void;
  dryRun: boolean;
  onDryRun: (dryRun: boolean) => void;
  running: boolean;
  onRun: () => void;
  columnsHint?: ReactNode;
}) {
  const { t } = useTranslation();
  const fileList: UploadFile[] = file ? [{ uid: 'import-file', name: file.name, size: file.size, status: 'done' }] : [];
  return (
    <Card>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {columnsHint}
        <Upload.Dragger
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          fileList={fileList}
          beforeUpload={(chosen) => {
            onFile(chosen);
            return false;
          }}
          onRemove={() => onFile(undefined)}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.drop')}</p>
          <p className="ant-upload-hint">{t('import.dropHint')}</p>
        </Upload.Dragger>
        <Space wrap>
          <Checkbox checked={dryRun} onChange={(event) => onDryRun(event.target.checked)} data-testid="import-dry-run">
            {t('import.dryRun')}
          </Checkbox>
          <Button type="primary" icon={<UploadOutlined />} disabled={!file} loading={running} onClick={onRun} data-testid="import-run">
            {dryRun ? t('import.runDry') : t('import.run')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
