import { Badge, Button, Card, Empty, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useLanguage } from '../features/language/use-language.ts';
import { useSession } from '../features/session/use-session.ts';
import { NoticeTable } from '../features/supervision/notice-table.tsx';
import type { WorkItem } from '../features/supervision/supervision-api.ts';
import { supervisionPaths } from '../features/supervision/supervision-paths.ts';
import { useMarkRemindersRead, useNotices, useReminders, useWorkbench } from '../features/supervision/supervision-queries.ts';
import { beijingTime, LightTag, ReportStateTag, useLabel, useMeasureTitles } from '../features/supervision/supervision-ui.tsx';

type TabKey = 'due' | 'returned' | 'submitted' | 'notices' | 'reminders';

function WorkTable({ items, returned, testId }: { items: WorkItem[]; returned?: boolean; testId: string }) {
  const titles = useMeasureTitles();
  const { t } = useTranslation();
  const label = useLabel();
  const columns: TableColumnsType<WorkItem> = [
    {
      title: t('supervision.common.measure'),
      render: (_, item) => (
        <div>
          <Link to={supervisionPaths.cycle(item.measure.id, item.cycle.period, item.assignee)}>{titles.measure(item.measure)}</Link>
          <div>
            <Typography.Text type="secondary" className="cell-note">
              {item.measure.clause_label}
              {titles.task(item.measure)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('supervision.common.assignee'), render: (_, item) => item.assignee.name },
    { title: t('supervision.common.role'), render: (_, item) => label(item.role_label) },
    { title: t('supervision.common.cycle'), render: (_, item) => titles.period(item.cycle) },
    { title: t('supervision.common.dueOn'), render: (_, item) => item.cycle.due_on },
    { title: t('supervision.common.light'), render: (_, item) => <LightTag light={item.light} label={item.light_label} /> },
    {
      title: t('supervision.common.reportState'),
      render: (_, item) => (item.report ? <ReportStateTag state={item.report.state} label={item.report.state_label} /> : <Tag>{t('supervision.common.noReport')}</Tag>),
    },
    ...(returned
      ? [
          {
            title: t('supervision.workbench.returnReason'),
            render: (_: unknown, item: WorkItem) => (
              <Typography.Text type="danger" data-testid="returned-reason">
                {item.report?.return_comment ?? '—'}
              </Typography.Text>
            ),
          },
        ]
      : []),
    {
      title: t('supervision.common.actions'),
      render: (_, item) => (
        <Link to={supervisionPaths.cycle(item.measure.id, item.cycle.period, item.assignee)} data-testid="work-open">
          {returned ? t('supervision.workbench.correct') : item.report?.state === 'submitted' ? t('supervision.workbench.view') : t('supervision.workbench.fill')}
        </Link>
      ),
    },
  ];
  return (
    <Table
      size="middle"
      rowKey={(item) => `${item.measure.id}|${item.assignee.kind}:${item.assignee.id}|${item.cycle.period}`}
      dataSource={items}
      columns={columns}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      data-testid={testId}
      locale={{ emptyText: <Empty description={t('supervision.workbench.empty')} /> }}
    />
  );
}

function Reminders() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const label = useLabel();
  const reminders = useReminders(true);
  const mark = useMarkRemindersRead();
  if (reminders.isPending) return <Loading />;
  if (reminders.isError) return <QueryError error={reminders.error} />;
  return (
    <Table
      size="small"
      rowKey="key"
      dataSource={reminders.data.reminders}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      data-testid="reminders"
      title={() => (
        <Space>
          <Typography.Text>{t('supervision.workbench.unread', { count: reminders.data.unread })}</Typography.Text>
          <Button size="small" disabled={reminders.data.unread === 0} loading={mark.isPending} onClick={() => mark.mutate('all')}>
            {t('supervision.workbench.markAllRead')}
          </Button>
        </Space>
      )}
      columns={[
        { title: t('supervision.workbench.reminderKind'), render: (_, item) => <Tag color={item.read_at ? 'default' : 'orange'}>{label(item.kind_label)}</Tag> },
        { title: t('supervision.workbench.reminderTitle'), render: (_, item) => <div><div>{item.title}</div><Typography.Text type="secondary" className="cell-note">{item.body}</Typography.Text></div> },
        { title: t('supervision.common.assignee'), render: (_, item) => item.assignee.name },
        { title: t('supervision.common.dueOn'), render: (_, item) => item.due_date ?? '—' },
        { title: t('supervision.workbench.createdAt'), render: (_, item) => beijingTime(item.created_at, language) },
      ]}
    />
  );
}

/** /supervision/workbench — 我的督办: what is due this cycle, what was returned (with the reason), notices to answer, reminders. */
export function SupervisionWorkbenchPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [search, setSearch] = useSearchParams();
  const canReport = can('supervision.report');
  const workbench = useWorkbench(canReport);
  const notices = useNotices({ state: 'issued', page_size: 200 }, can('notices.read'));
  const reminders = useReminders(can('notices.read'));
  const who = search.get('who') ?? '';
  const raw = workbench.data;
  // An area account reports for its area and the areas under it: one of them may be picked.
  const data = raw && who !== '' ? { ...raw, due: raw.due.filter((item) => `${item.assignee.kind}:${item.assignee.id}` === who), returned: raw.returned.filter((item) => `${item.assignee.kind}:${item.assignee.id}` === who), submitted: raw.submitted.filter((item) => `${item.assignee.kind}:${item.assignee.id}` === who) } : raw;
  const defaultTab: TabKey = data && data.counts.returned > 0 ? 'returned' : 'due';
  const tab = (search.get('tab') as TabKey | null) ?? defaultTab;
  if (canReport && workbench.isPending) return <Loading />;
  if (workbench.isError) return <QueryError error={workbench.error} onRetry={() => void workbench.refetch()} />;
  const count = (value: number | undefined, danger = false) => <Badge count={value ?? 0} showZero color={danger ? '#f5222d' : '#1f5fbf'} size="small" style={{ marginInlineStart: 6 }} />;
  return (
    <div data-testid="supervision-workbench">
      <PageHeading
        title={t('supervision.workbench.title')}
        intro={raw ? t('supervision.workbench.intro', { names: raw.assignees.map((assignee) => assignee.name).join('、') || '—', today: raw.as_of }) : undefined}
      />
      {data && (
        <Space size="large" wrap style={{ marginBottom: 16 }} data-testid="workbench-counts">
          <Card size="small"><Typography.Text type="secondary">{t('supervision.workbench.due')}</Typography.Text><Typography.Title level={3} style={{ margin: 0 }}>{data.counts.due}</Typography.Title></Card>
          <Card size="small"><Typography.Text type="secondary">{t('supervision.workbench.overdue')}</Typography.Text><Typography.Title level={3} style={{ margin: 0 }} type={data.counts.overdue > 0 ? 'danger' : undefined}>{data.counts.overdue}</Typography.Title></Card>
          <Card size="small"><Typography.Text type="secondary">{t('supervision.workbench.returned')}</Typography.Text><Typography.Title level={3} style={{ margin: 0 }} type={data.counts.returned > 0 ? 'danger' : undefined}>{data.counts.returned}</Typography.Title></Card>
          <Card size="small"><Typography.Text type="secondary">{t('supervision.workbench.submitted')}</Typography.Text><Typography.Title level={3} style={{ margin: 0 }}>{data.counts.submitted}</Typography.Title></Card>
          <Card size="small"><Typography.Text type="secondary">{t('supervision.workbench.approved')}</Typography.Text><Typography.Title level={3} style={{ margin: 0 }}>{data.counts.approved}</Typography.Title></Card>
        </Space>
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch({ tab: key, ...(who ? { who } : {}) }, { replace: true })}
        tabBarExtraContent={
          raw && raw.assignees.length > 1 ? (
            <Select
              style={{ width: 200 }}
              value={who}
              onChange={(value: string) => setSearch({ tab, ...(value ? { who: value } : {}) }, { replace: true })}
              options={[{ value: '', label: t('supervision.workbench.allAssignees') }, ...raw.assignees.map((assignee) => ({ value: `${assignee.kind}:${assignee.id}`, label: assignee.name }))]}
              aria-label={t('supervision.common.assignee')}
              data-testid="workbench-assignee"
            />
          ) : undefined
        }
        items={[
          ...(data
            ? [
                { key: 'due', label: <span data-testid="tab-due">{t('supervision.workbench.due')}{count(data.due.length)}</span>, children: <WorkTable items={data.due} testId="work-due" /> },
                { key: 'returned', label: <span data-testid="tab-returned">{t('supervision.workbench.returned')}{count(data.returned.length, true)}</span>, children: <WorkTable items={data.returned} returned testId="work-returned" /> },
                { key: 'submitted', label: <span data-testid="tab-submitted">{t('supervision.workbench.submitted')}{count(data.submitted.length)}</span>, children: <WorkTable items={data.submitted} testId="work-submitted" /> },
              ]
            : []),
          ...(can('notices.read')
            ? [
                {
                  key: 'notices',
                  label: <span data-testid="tab-notices">{t('supervision.workbench.notices')}{count(notices.data?.counts.issued, true)}</span>,
                  children: notices.isError ? <QueryError error={notices.error} /> : <NoticeTable notices={notices.data?.notices ?? []} loading={notices.isPending} />,
                },
                { key: 'reminders', label: <span data-testid="tab-reminders">{t('supervision.workbench.reminders')}{count(reminders.data?.unread)}</span>, children: <Reminders /> },
              ]
            : []),
        ]}
      />
    </div>
  );
}
