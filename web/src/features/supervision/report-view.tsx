import { DownloadOutlined } from '@ant-design/icons';
import { Descriptions, Empty, List, Progress, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../language/use-language.ts';
import type { Evidence, ReportDetail } from './supervision-api.ts';
import { beijingTime, fileSize, ReportStateTag, useLabel } from './supervision-ui.tsx';

type Contribution = ReportDetail['contributions'][number];

/** Evidence files as download links (served as attachments, never inline). */
export function EvidenceList({ evidence, extra }: { evidence: Evidence[]; extra?: (file: Evidence) => React.ReactNode }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  if (evidence.length === 0) return <Typography.Text type="secondary">{t('supervision.report.noEvidence')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={evidence}
      data-testid="evidence-list"
      renderItem={(file) => (
        <List.Item actions={extra ? [extra(file)] : []}>
          <Space wrap>
            <a href={file.download_path} download={file.file_name} data-testid="evidence-download">
              <DownloadOutlined /> {file.original_name ?? file.file_name}
            </a>
            <Typography.Text type="secondary">
              {fileSize(file.size)} · {file.uploaded_by} · {beijingTime(file.uploaded_at, language)}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

/** A report's or contribution's content: status, percent, narrative, key figures, linked indicator values, evidence. */
export function ReportContent({ report }: { report: Contribution }) {
  const { t } = useTranslation();
  const label = useLabel();
  return (
    <div data-testid={`report-content-${report.kind}`}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label={t('supervision.report.state')}>
          <ReportStateTag state={report.state} label={report.state_label} />
          {report.revision > 1 && <Typography.Text type="secondary">{t('supervision.report.revision', { revision: report.revision })}</Typography.Text>}
        </Descriptions.Item>
        {report.kind === 'lead' && <Descriptions.Item label={t('supervision.report.status')}>{label(report.status_label) || '—'}</Descriptions.Item>}
        {report.kind === 'lead' && (
          <Descriptions.Item label={t('supervision.report.percent')}>{report.percent === null ? '—' : <Progress percent={report.percent} size="small" style={{ width: 160 }} />}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('supervision.report.submittedAt')}>{report.submitted_at_text ?? '—'}</Descriptions.Item>
      </Descriptions>
      {report.return_comment && report.state === 'returned' && (
        <Typography.Paragraph type="danger" style={{ marginTop: 8 }} data-testid="return-comment">
          {t('supervision.report.returnReason')}：{report.return_comment}
        </Typography.Paragraph>
      )}
      <Typography.Title level={5}>{t('supervision.report.narrative')}</Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="report-narrative">
        {report.narrative || <Typography.Text type="secondary">—</Typography.Text>}
      </Typography.Paragraph>
      {report.figures.length > 0 && (
        <>
          <Typography.Title level={5}>{t('supervision.report.figures')}</Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey={(row) => row.label}
            dataSource={report.figures}
            columns={[
              { title: t('supervision.report.figureLabel'), dataIndex: 'label' },
              { title: t('supervision.report.figureValue'), render: (_, row) => `${row.value}${row.unit}` },
            ]}
          />
        </>
      )}
      {report.indicator_links.length > 0 && (
        <>
          <Typography.Title level={5}>{t('supervision.report.indicatorLinks')}</Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey={(row) => `${row.indicator}|${row.area}|${row.period}`}
            dataSource={report.indicator_links}
            columns={[
              { title: t('supervision.report.indicator'), render: (_, row) => row.indicator_name },
              { title: t('supervision.report.area'), render: (_, row) => row.area_name },
              { title: t('supervision.report.period'), dataIndex: 'period' },
              {
                title: t('supervision.report.value'),
                render: (_, row) => (row.available && row.value !== null ? `${row.value}${row.unit ?? ''}` : <Tag>{label(row.note) || t('supervision.report.noValue')}</Tag>),
              },
              { title: t('supervision.report.source'), render: (_, row) => row.source ?? '—' },
            ]}
          />
        </>
      )}
      <Typography.Title level={5}>{t('supervision.report.evidence')}</Typography.Title>
      <EvidenceList evidence={report.evidence} />
    </div>
  );
}

/** The review history: each move with who, when (Beijing time) and the comment. */
export function ReportHistory({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const label = useLabel();
  if (report.history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.report.noHistory')} />;
  return (
    <Timeline
      data-testid="report-history"
      items={report.history.map((entry) => ({
        color: entry.to_state === 'returned' ? 'red' : entry.to_state === 'approved' ? 'green' : 'blue',
        children: (
          <div>
            <Typography.Text strong>{label(entry.action_label)}</Typography.Text> · {entry.actor} · {entry.at_text}
            {entry.comment && <div>{entry.comment}</div>}
          </div>
        ),
      }))}
    />
  );
}
