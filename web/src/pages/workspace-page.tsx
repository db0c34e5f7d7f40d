import { Button, Card, Empty, Input, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useWorkspace } from '../api/private-queries.ts';
import type { UnitWorkspace, WorkspaceScope } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { ResponsibilitiesTable } from '../components/responsibilities-table.tsx';
import { registryPaths, sessionPaths } from '../features/session/session-paths.ts';

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

/** /workspace — 我的工作台: the units in the account's scope and what the policy asks of each. */
export function WorkspacePage() {
  const { t } = useTranslation();
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
