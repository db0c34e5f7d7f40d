import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { formatBeijingTime } from '../features/language/beijing-time.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { formatFileSize } from '../features/reports/report-format.ts';
import { reportsApi, type Report, type ReportState } from '../features/reports/reports-api.ts';
import { useReports } from '../features/reports/reports-queries.ts';
import { useSession } from '../features/session/use-session.ts';

const stateColors: Record<ReportState, string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error' };
const pageSize = 20;

/**
 * /reports — 导出任务: the reports this account asked for in the background (the coordinator may
 * show everyone's), newest first, with their state, times in Beijing time, size and the file to
 * download once done; read again every two seconds while any is queued or running.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { session } = useSession();
  const mayShowAll = session?.abilities['reports.read'] === 'all';
  const [all, setAll] = useState(false);
  const [page, setPage] = useState(1);
  const reports = useReports(all && mayShowAll, { limit: pageSize, offset: (page - 1) * pageSize });

  const paramsText = (params: Report['params']) =>
    Object.entries(params)
      .map(([name, value]) => `${t(`reports.params.${name}`, { defaultValue: name })}：${String(value)}`)
      .join('，');

  const columns: TableColumnsType<Report> = [
    {
      key: 'label',
      title: t('reports.what'),
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <span>{language === 'zh' ? row.label.zh : row.label.en}</span>
          {Object.keys(row.params).length > 0 && <Typography.Text type="secondary">{paramsText(row.params)}</Typography.Text>}
        </Space>
      ),
    },
    ...(all && mayShowAll ? [{ key: 'by', title: t('reports.requestedBy'), dataIndex: 'requested_by' }] : []),
    {
      key: 'state',
      title: t('reports.state'),
      width: 220,
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <Tag color={stateColors[row.state]} data-testid={`report-state-${row.state}`}>
            {t(`reports.states.${row.state}`)}
          </Tag>
          {row.state === 'failed' && <Typography.Text type="danger">{(language === 'zh' ? row.error : row.error_en) ?? ''}</Typography.Text>}
        </Space>
      ),
    },
    { key: 'created', title: t('reports.createdAt'), width: 190, render: (_, row) => formatBeijingTime(row.created_at) },
    { key: 'finished', title: t('reports.finishedAt'), width: 190, render: (_, row) => (row.finished_at ? formatBeijingTime(row.finished_at) : '') },
    { key: 'expires', title: t('reports.expiresAt'), width: 190, render: (_, row) => (row.expires_at ? formatBeijingTime(row.expires_at) : '') },
    { key: 'size', title: t('reports.size'), width: 100, align: 'right', render: (_, row) => formatFileSize(row.size) },
    {
      key: 'file',
      title: t('reports.file'),
      render: (_, row) =>
        row.state === 'done' ? (
          <Button size="small" type="link" icon={<DownloadOutlined />} href={reportsApi.fileUrl(row.id)} download data-testid="report-download">
            {row.file_name}
          </Button>
        ) : null,
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading
        title={t('reports.title')}
        intro={t('reports.intro')}
        extra={
          mayShowAll ? (
            <Space>
              <span>{t('reports.showAll')}</span>
              <Switch checked={all} onChange={(checked) => { setAll(checked); setPage(1); }} data-testid="reports-all" />
            </Space>
          ) : undefined
        }
      />
      {reports.isError ? (
        <QueryError error={reports.error} onRetry={() => void reports.refetch()} />
      ) : (
        <Table<Report>
          data-testid="reports-table"
          rowKey="id"
          size="middle"
          loading={reports.isPending}
          columns={columns}
          dataSource={reports.data?.reports ?? []}
          locale={{ emptyText: t('reports.empty') }}
          pagination={{ current: page, pageSize, total: reports.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        />
      )}
    </Space>
  );
}
