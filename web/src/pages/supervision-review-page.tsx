import { Badge, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import type { ReportState, ReportSummary } from '../features/supervision/supervision-api.ts';
import { supervisionPaths } from '../features/supervision/supervision-paths.ts';
import { useSupervisionReviewQueue } from '../features/supervision/supervision-queries.ts';
import { ReportStateTag, useMeasureTitles } from '../features/supervision/supervision-ui.tsx';

const states: ReportState[] = ['submitted', 'returned', 'approved', 'draft'];

/** /supervision/review — the coordinator's queue: 待审核 first, with counts per state; a row opens the cycle to approve or return. */
export function SupervisionReviewPage() {
  const titles = useMeasureTitles();
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const state = (search.get('state') as ReportState | null) ?? 'submitted';
  const queue = useSupervisionReviewQueue(state);
  const counts = queue.data?.counts;
  return (
    <div data-testid="supervision-review">
      <PageHeading title={t('supervision.review.title')} intro={t('supervision.review.intro')} />
      {queue.isError && <QueryError error={queue.error} onRetry={() => void queue.refetch()} />}
      <Tabs
        activeKey={state}
        onChange={(key) => setSearch({ state: key }, { replace: true })}
        items={states.map((key) => ({
          key,
          label: (
            <span data-testid={`review-tab-${key}`}>
              {t(`supervision.review.tab.${key}`)}
              <Badge count={counts?.[key] ?? 0} showZero size="small" color={key === 'submitted' ? '#f5222d' : '#8c8c8c'} style={{ marginInlineStart: 6 }} />
            </span>
          ),
        }))}
      />
      <Table<ReportSummary>
        size="middle"
        rowKey="id"
        loading={queue.isFetching}
        dataSource={queue.data?.state === state ? queue.data.reports : []}
        data-testid="review-queue"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('supervision.common.measure'),
            render: (_, report) => (
              <div>
                <Link to={supervisionPaths.cycle(report.measure.id, report.period)}>{titles.measure(report.measure)}</Link>
                <div>
                  <Typography.Text type="secondary" className="cell-note">
                    {report.measure.clause_label}
                    {titles.task(report.measure)}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          { title: t('supervision.common.assignee'), render: (_, report) => <Typography.Text title={report.assignee.full_name}>{report.assignee.name}</Typography.Text> },
          { title: t('supervision.review.kind'), render: (_, report) => (report.kind === 'lead' ? t('supervision.review.kindLead') : t('supervision.review.kindContribution')) },
          { title: t('supervision.common.cycle'), render: (_, report) => titles.period(report) },
          { title: t('supervision.common.percent'), render: (_, report) => (report.percent === null ? '—' : `${report.percent}%`) },
          { title: t('supervision.common.reportState'), render: (_, report) => <ReportStateTag state={report.state} label={report.state_label} /> },
          { title: t('supervision.review.revision'), render: (_, report) => report.revision },
          { title: t('supervision.review.submittedAt'), render: (_, report) => report.submitted_at_text ?? '—' },
          ...(state === 'returned' ? [{ title: t('supervision.workbench.returnReason'), render: (_: unknown, report: ReportSummary) => <Typography.Text type="danger">{report.return_comment ?? '—'}</Typography.Text> }] : []),
          {
            title: t('supervision.common.actions'),
            render: (_, report) => (
              <Link to={supervisionPaths.cycle(report.measure.id, report.period)} data-testid="review-open">
                {state === 'submitted' ? t('supervision.review.open') : t('supervision.workbench.view')}
              </Link>
            ),
          },
        ]}
      />
    </div>
  );
}
