import { ClockCircleOutlined, EditOutlined, ExclamationCircleOutlined, InboxOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Input, Row, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQueueCounts, useReportingCalendar, useWorkspace } from '../api/private-queries.ts';
import type { CalendarItem, UnitWorkspace, WorkspaceScope } from '../api/types.ts';
import { formatPeriod } from '../features/indicators/format-value.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { useSession } from '../features/session/use-session.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { ResponsibilitiesTable } from '../components/responsibilities-table.tsx';
import { registryPaths, sessionPaths } from '../features/session/session-paths.ts';
import { MyAwardsCard } from '../features/awards/my-awards-card.tsx';

/** Up to this many units, each gets its own card; beyond (a coordinator sees every unit) a table. */
const cardLimit = 3;

function ScopeTag({ scope }: { scope: WorkspaceScope }) {
  const { t } = useTranslation();
  const text =
    scope.kind === 'unit'
      ? t('workspace.scopeUnit', { name: scope.unit?.name ?? '' })
      : scope.kind === 'area'
        ? t('workspace.scopeArea', { name: scope.area?.name ?? '', code: scope.area?.code ?? '' })
        : scope.kind === 'enterprise'
          ? t('workspace.scopeEnterprise', { code: scope.credit_code ?? '' })
          : t('workspace.scopeAll');
  return (
    <Tag color="geekblue" className="workspace-scope" data-testid="workspace-scope">
      {text}
    </Tag>
  );
}

function countOf(unit: UnitWorkspace, role: 'lead' | 'co'): number {
  return unit.responsibilities.filter((row) => row.role === role).length;
}

function UnitCard({ unit }: { unit: UnitWorkspace }) {
  const { t } = useTranslation();
  return (
    <Card
      title={`${unit.unit.name}（${unit.responsibilities.length}）`}
      data-testid="workspace-unit"
      data-unit-id={unit.unit.id}
      extra={
        <Link to={sessionPaths.unitWorkspace(unit.unit.id, unit.pack_id)}>
          <Button>{t('workspace.openUnit')}</Button>
        </Link>
      }
    >
      <ResponsibilitiesTable packId={unit.pack_id} responsibilities={unit.responsibilities} testId="workspace-responsibilities" />
    </Card>
  );
}

function UnitsTable({ units }: { units: UnitWorkspace[] }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const shown = needle === '' ? units : units.filter((row) => `${row.unit.name} ${row.unit.short_name} ${row.unit.id}`.toLowerCase().includes(needle));
  const columns: TableColumnsType<UnitWorkspace> = [
    {
      key: 'unit',
      title: t('workspace.units'),
      render: (_, row) => <Link to={sessionPaths.unitWorkspace(row.unit.id, row.pack_id)}>{row.unit.name}</Link>,
    },
    { key: 'short', title: t('units.shortName'), width: 160, render: (_, row) => row.unit.short_name },
    { key: 'lead', title: t('units.leadCount'), width: 90, align: 'right', render: (_, row) => countOf(row, 'lead') },
    { key: 'co', title: t('units.coCount'), width: 90, align: 'right', render: (_, row) => countOf(row, 'co') },
    {
      key: 'total',
      title: t('workspace.responsibilityCount'),
      width: 110,
      align: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.responsibilities.length - b.responsibilities.length,
      render: (_, row) => row.responsibilities.length,
    },
  ];
  return (
    <Card>
      <Input.Search
        allowClear
        placeholder={t('units.search')}
        className="workspace-search"
        onChange={(event) => setSearch(event.target.value)}
      />
      <Table<UnitWorkspace>
        data-testid="workspace-units"
        rowKey={(row) => `${row.pack_id}/${row.unit.id}`}
        columns={columns}
        dataSource={shown}
        size="middle"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (row) => <ResponsibilitiesTable packId={row.pack_id} responsibilities={row.responsibilities} />,
          rowExpandable: (row) => row.responsibilities.length > 0,
        }}
      />
    </Card>
  );
}

/** How many calendar rows the workbench lists before pointing to the rest. */
const calendarLimit = 12;

/** 待办: the queues' counts with links, and the reporting calendar's due and late values of the account's areas. */
function WorkQueues() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const counts = useQueueCounts(true);
  const calendar = useReportingCalendar(true);
  if (counts.isPending || calendar.isPending) return <Loading />;
  if (counts.isError) return <QueryError error={counts.error} onRetry={() => void counts.refetch()} />;
  if (calendar.isError) return <QueryError error={calendar.error} onRetry={() => void calendar.refetch()} />;
  const tiles = [
    { key: 'review', icon: <InboxOutlined />, value: counts.data.review, label: t('queues.review'), to: sessionPaths.review, danger: false },
    { key: 'returned', icon: <RollbackOutlined />, value: counts.data.returned, label: t('queues.returned'), to: `${sessionPaths.review}?tab=returned`, danger: counts.data.returned > 0 },
    { key: 'due', icon: <ClockCircleOutlined />, value: counts.data.due, label: t('queues.stateDue'), to: sessionPaths.dataEntry, danger: false },
    { key: 'late', icon: <ExclamationCircleOutlined />, value: counts.data.late, label: t('queues.stateLate'), to: sessionPaths.dataEntry, danger: counts.data.late > 0 },
  ];
  const entryOf = (item: CalendarItem) => `${sessionPaths.dataEntry}?org=${encodeURIComponent(item.org)}&period=${encodeURIComponent(item.period)}`;
  const columns: TableColumnsType<CalendarItem> = [
    { key: 'area', title: t('queues.area'), width: 140, render: (_, item) => item.org_name },
    { key: 'indicator', title: t('queues.indicator'), render: (_, item) => item.indicator_name },
    { key: 'period', title: t('queues.period'), width: 90, render: (_, item) => formatPeriod(item.period, language) },
    { key: 'due', title: t('queues.dueDate'), width: 120, render: (_, item) => item.due_date },
    { key: 'state', title: t('queues.state'), width: 90, render: (_, item) => <Tag color={item.state === 'late' ? 'error' : 'warning'}>{item.state === 'late' ? t('queues.stateLate') : t('queues.stateDue')}</Tag> },
    {
      key: 'open',
      title: t('queues.actions'),
      width: 110,
      render: (_, item) => (
        <Link to={entryOf(item)}>
          <Button size="small" icon={<EditOutlined />}>
            {t('queues.fill')}
          </Button>
        </Link>
      ),
    },
  ];
  const shown = calendar.data.items.slice(0, calendarLimit);
  return (
    <Card title={t('queues.todoTitle')} data-testid="workspace-queues">
      <Row gutter={[16, 16]}>
        {tiles.map((tile) => (
          <Col key={tile.key} xs={12} md={6}>
            <Link to={tile.to} data-testid={`workspace-count-${tile.key}`} data-count={tile.value}>
              <Card size="small" hoverable>
                <Statistic title={tile.label} value={tile.value} prefix={tile.icon} valueStyle={tile.danger ? { color: '#cf1322' } : undefined} />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('queues.calendarTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('queues.calendarIntro', { today: calendar.data.today })}</Typography.Paragraph>
      <Table<CalendarItem>
        data-testid="workspace-calendar"
        rowKey={(item) => `${item.indicator}|${item.org}|${item.period}`}
        size="small"
        columns={columns}
        dataSource={shown}
        pagination={false}
        locale={{ emptyText: <Empty description={t('queues.calendarEmpty')} /> }}
      />
      {calendar.data.items.length > shown.length && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('queues.more', { count: calendar.data.items.length - shown.length })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** /workspace — 我的工作台: the account's queues (for those who enter values), the units in its scope and what the policy asks of each. */
export function WorkspacePage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const query = useWorkspace();
  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const { scope, units } = query.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageHeading
        title={t('workspace.title')}
        intro={t('workspace.intro')}
        extra={
          <Space>
            <ScopeTag scope={scope} />
            {/* An enterprise account's work is its own enterprise (我的企业). */}
            {scope.kind === 'enterprise' && scope.credit_code && (
              <Link to={registryPaths.enterprise(scope.credit_code)} data-testid="workspace-my-enterprise">
                <Button type="primary">{t('menu.myEnterprise')}</Button>
              </Link>
            )}
          </Space>
        }
      />
      {can('indicators.enter') && <WorkQueues />}
      {/* 我的奖励 (issue 13): an enterprise account's own awards and their states. */}
      <MyAwardsCard />
      {units.length === 0 ? (
        <Card>
          <Empty description={t('workspace.noUnits')} />
        </Card>
      ) : units.length <= cardLimit ? (
        units.map((unit) => <UnitCard key={`${unit.pack_id}/${unit.unit.id}`} unit={unit} />)
      ) : (
        <UnitsTable units={units} />
      )}
    </Space>
  );
}
