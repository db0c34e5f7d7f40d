import { EditOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useSession } from '../features/session/use-session.ts';
import type { ProgressRow, ReportDetail } from '../features/supervision/supervision-api.ts';
import { supervisionPaths } from '../features/supervision/supervision-paths.ts';
import { parseAssigneeParam } from '../features/supervision/supervision-periods.ts';
import { useCycle, useReport, useWorkbench } from '../features/supervision/supervision-queries.ts';
import { LightTag, ReportStateTag, useLabel, useMeasureTitles } from '../features/supervision/supervision-ui.tsx';
import { ReportContent, ReportHistory } from '../features/supervision/report-view.tsx';
import { ReportForm } from '../features/supervision/report-form.tsx';
import { ReviewActions } from '../features/supervision/review-actions.tsx';

const sameAssignee = (a: { kind: string; id: string }, b: { kind: string; id: string }) => a.kind === b.kind && a.id === b.id;

/** The caller's own part of the cycle: the report form, or the report as it stands (locked once approved). */
function OwnReport({ measureId, packId, period, row }: { measureId: string; packId: string; period: string; row: ProgressRow }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const report = useReport(row.report?.id);
  const kind = row.role === 'lead' ? 'lead' : 'contribution';
  if (row.report && report.isPending) return <Loading />;
  if (report.isError) return <QueryError error={report.error} />;
  const detail: ReportDetail | undefined = report.data;
  const editable = detail === undefined || detail.editable;
  const title = kind === 'lead' ? t('supervision.cycle.ownReport', { name: row.assignee.name }) : t('supervision.cycle.ownContribution', { name: row.assignee.name });
  return (
    <Card
      title={title}
      data-testid="own-report"
      extra={
        editable ? (
          !editing && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="report-edit">
              {detail ? (detail.state === 'returned' ? t('supervision.cycle.correct') : t('supervision.cycle.edit')) : t('supervision.cycle.fill')}
            </Button>
          )
        ) : detail?.state === 'approved' ? (
          <Tag icon={<LockOutlined />} color="success" data-testid="report-locked">
            {t('supervision.cycle.locked')}
          </Tag>
        ) : (
          <Tag color="processing" data-testid="report-awaiting">
            {t('supervision.cycle.awaiting')}
          </Tag>
        )
      }
    >
      {editing && editable ? (
        <ReportForm measureId={measureId} packId={packId} period={period} assignee={row.assignee} kind={kind} report={detail} onDone={() => setEditing(false)} />
      ) : detail ? (
        <>
          <ReportContent report={detail} />
          <Typography.Title level={5}>{t('supervision.report.history')}</Typography.Title>
          <ReportHistory report={detail} />
        </>
      ) : (
        <Empty description={t('supervision.cycle.notYet')} />
      )}
    </Card>
  );
}

/**
 * /supervision/measures/:id/cycles/:period — one cycle of a measure: every assignee's standing, the
 * lead's report with the co-responsible units' contributions inside, and, by ability, the caller's
 * own report form or the coordinator's approve / return.
 */
export function SupervisionCyclePage() {
  const titles = useMeasureTitles();
  const { t } = useTranslation();
  const label = useLabel();
  const { id, period } = useParams();
  const [search] = useSearchParams();
  const { can } = useSession();
  const canReport = can('supervision.report');
  const canReview = can('supervision.review');
  const cycle = useCycle(id, period);
  const asParam = search.get('as');
  const workbench = useWorkbench(canReport && asParam === null);
  if (cycle.isPending) return <Loading />;
  if (cycle.isError) return <QueryError error={cycle.error} onRetry={() => void cycle.refetch()} />;
  const view = cycle.data;
  const as = parseAssigneeParam(asParam);
  const mine = canReport
    ? view.progress.find((row) => (as ? sameAssignee(row.assignee, as) : (workbench.data?.assignees ?? []).some((own) => sameAssignee(own, row.assignee))))
    : undefined;
  const lead = view.lead_report;
  const reviewable = (report: { state: string }) => canReview && report.state === 'submitted';

  return (
    <div data-testid="supervision-cycle">
      <Breadcrumb items={[{ title: <Link to={canReport && !canReview ? supervisionPaths.workbench : supervisionPaths.overview}>{t('supervision.menu.group')}</Link> }, { title: <Link to={supervisionPaths.measure(view.measure.id)}>{titles.measure(view.measure)}</Link> }, { title: titles.period(view.cycle) }]} />
      <PageHeading
        title={`${titles.measure(view.measure)} · ${titles.period(view.cycle)}`}
        intro={t('supervision.cycle.intro', { task: titles.task(view.measure), opens: view.cycle.opens_on, due: view.cycle.due_on })}
      />
      {view.measure.state === 'closed' && <Alert type="info" showIcon message={t('supervision.cycle.closed')} style={{ marginBottom: 16 }} />}
      <Card title={t('supervision.cycle.progress')} style={{ marginBottom: 16 }}>
        <Table
          size="small"
          pagination={false}
          rowKey={(row) => `${row.assignee.kind}:${row.assignee.id}`}
          dataSource={view.progress}
          data-testid="cycle-progress"
          columns={[
            { title: t('supervision.common.assignee'), render: (_, row) => <Typography.Text title={row.assignee.full_name}>{row.assignee.name}</Typography.Text> },
            { title: t('supervision.common.role'), render: (_, row) => (row.role === 'lead' ? t('supervision.role.lead') : t('supervision.role.co')) },
            { title: t('supervision.common.light'), render: (_, row) => <LightTag light={row.light} label={row.light_label} /> },
            { title: t('supervision.common.percent'), render: (_, row) => (row.percent === null ? '—' : `${row.percent}%`) },
            { title: t('supervision.common.expected'), render: (_, row) => `${row.expected_percent}%` },
            { title: t('supervision.common.reportState'), render: (_, row) => (row.report ? <ReportStateTag state={row.report.state} label={row.report.state_label} /> : <Typography.Text type="secondary">{t('supervision.common.noReport')}</Typography.Text>) },
          ]}
        />
      </Card>
      {mine && id && period && (
        <div style={{ marginBottom: 16 }}>
          <OwnReport key={`${mine.assignee.kind}:${mine.assignee.id}`} measureId={id} packId={view.measure.pack_id} period={period} row={mine} />
        </div>
      )}
      {/* The lead's own account sees its report once, in its own card above. */}
      {mine?.role !== 'lead' && (
      <Card
        title={t('supervision.cycle.leadReport')}
        style={{ marginBottom: 16 }}
        data-testid="lead-report"
        extra={lead && reviewable(lead) ? <ReviewActions reportId={lead.id} name={lead.assignee.name} /> : undefined}
      >
        {lead ? (
          <>
            <Typography.Paragraph>
              <Typography.Text strong>{lead.assignee.name}</Typography.Text> · {label(lead.light_label)}
            </Typography.Paragraph>
            <ReportContent report={lead} />
            <Typography.Title level={5}>{t('supervision.report.history')}</Typography.Title>
            <ReportHistory report={lead} />
          </>
        ) : (
          <Empty description={t('supervision.cycle.noLeadReport')} />
        )}
      </Card>
      )}
      <Card title={t('supervision.cycle.contributions', { count: view.contributions.length })} data-testid="contributions">
        {view.contributions.length === 0 ? (
          <Empty description={t('supervision.cycle.noContributions')} />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            {view.contributions.map((contribution) => (
              <Card
                key={contribution.id}
                type="inner"
                title={contribution.assignee.name}
                data-testid="contribution"
                extra={reviewable(contribution) ? <ReviewActions reportId={contribution.id} name={contribution.assignee.name} /> : undefined}
              >
                <ReportContent report={contribution} />
              </Card>
            ))}
          </Space>
        )}
      </Card>
    </div>
  );
}
