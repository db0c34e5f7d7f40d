import { FilterOutlined } from '@ant-design/icons';
import { Alert, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useTasks, useUnit } from '../api/queries.ts';
import type { ListedTask, Measure, Unit } from '../api/types.ts';
import { ClauseFilterTag } from '../components/clause-filter-tag.tsx';
import { ClauseLink } from '../components/clause-link.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { RoleTag } from '../components/role-tag.tsx';
import { UnitLinks } from '../components/unit-links.tsx';
import { useClauseFilter } from '../features/document/use-clause-filter.ts';
import { useClauseLabels } from '../features/document/use-clause-labels.ts';
import { useLocalized } from '../features/language/use-language.ts';
import { usePackId } from '../features/packs/use-pack-id.ts';
import { useUnitIndex } from '../features/units/use-unit-index.ts';

interface UnitOption {
  value: string;
  label: string;
  fullName: string;
  /** Every name the unit goes by, lower-cased, for the search box. */
  search: string;
}

function unitOptions(units: Unit[], unitShort: (unit: Unit) => string, name: (unit: Unit) => string): UnitOption[] {
  return units.map((unit) => ({
    value: unit.id,
    label: unitShort(unit),
    fullName: name(unit),
    search: [unit.short_name, unit.name, unit.name_en ?? '', unit.id].join(' ').toLowerCase(),
  }));
}

/**
 * The key tasks (重点任务) and their measures. The unit filter lives in the URL (?unit=<id>) so a
 * department can bookmark or forward "our tasks"; the server resolves group membership (a county
 * government answers for 各市、县（区）), so the page does not repeat that rule.
 */
export function TasksPage() {
  const { t } = useTranslation();
  const { title, unitShort, name } = useLocalized();
  const packId = usePackId();
  const [searchParams, setSearchParams] = useSearchParams();
  const unitId = searchParams.get('unit') ?? undefined;
  const { clause, clear } = useClauseFilter();
  const clauseLabel = useClauseLabels(packId);
  const { units, byId, isLoading: unitsLoading } = useUnitIndex(packId);
  const tasks = useTasks(packId, unitId);
  const unitDetail = useUnit(packId, unitId);
  const selectedUnit = unitId === undefined ? undefined : byId.get(unitId);
  const emphasised = useMemo(
    () => (unitId === undefined ? undefined : new Set([unitId, ...(unitDetail.data?.groups ?? [])])),
    [unitId, unitDetail.data],
  );
  const options = useMemo(() => unitOptions(units, unitShort, name), [units, unitShort, name]);

  const setUnit = (next: string | undefined) => {
    setSearchParams((previous) => {
      const params = new URLSearchParams(previous);
      if (next === undefined) params.delete('unit');
      else params.set('unit', next);
      return params;
    });
  };

  const columns: TableColumnsType<ListedTask> = [
    {
      key: 'clause',
      title: t('tasks.clause'),
      width: 90,
      render: (_, task) => (
        <ClauseLink
          packId={packId}
          clause={task.clause}
          label={task.clause_label ?? clauseLabel(task.clause)}
          variant="label"
        />
      ),
    },
    {
      key: 'title',
      title: t('tasks.task'),
      render: (_, task) => <span className="task-title">{title(task)}</span>,
    },
    ...(unitId === undefined
      ? []
      : [
          {
            key: 'role',
            title: t('tasks.role'),
            width: 90,
            render: (_: unknown, task: ListedTask) => (task.role ? <RoleTag role={task.role} /> : null),
          },
        ]),
    {
      key: 'lead',
      title: t('tasks.leadUnits'),
      width: '18%',
      render: (_, task) => <UnitLinks packId={packId} unitIds={task.lead_units} byId={byId} emphasise={emphasised} />,
    },
    {
      key: 'co',
      title: t('tasks.coUnits'),
      width: '30%',
      render: (_, task) => <UnitLinks packId={packId} unitIds={task.co_units} byId={byId} emphasise={emphasised} />,
    },
    {
      key: 'measures',
      title: t('tasks.measureCount'),
      width: 90,
      align: 'right',
      render: (_, task) => task.measures.length,
    },
  ];

  const measureColumns: TableColumnsType<Measure> = [
    { key: 'title', title: t('tasks.measure'), width: '22%', render: (_, measure) => title(measure) },
    { key: 'text', title: t('tasks.measureText'), dataIndex: 'text' },
    {
      key: 'lead',
      title: t('tasks.leadUnits'),
      width: '16%',
      render: (_, measure) => (
        <UnitLinks packId={packId} unitIds={measure.lead_units} byId={byId} emphasise={emphasised} />
      ),
    },
    {
      key: 'co',
      title: t('tasks.coUnits'),
      width: '22%',
      render: (_, measure) => (
        <UnitLinks packId={packId} unitIds={measure.co_units} byId={byId} emphasise={emphasised} />
      ),
    },
  ];

  const rows = tasks.data === undefined ? [] : clause === undefined ? tasks.data.tasks : tasks.data.tasks.filter((x) => x.clause === clause);

  return (
    <>
      <PageHeading
        title={t('tasks.title')}
        intro={t('tasks.intro')}
        extra={
          <>
            {clause !== undefined && <ClauseFilterTag clause={clause} label={clauseLabel(clause)} onClear={clear} />}
            <Select<string, UnitOption>
              data-testid="unit-filter"
              aria-label={t('tasks.filterByUnit')}
              className="unit-filter"
              placeholder={t('tasks.filterByUnit')}
              prefix={<FilterOutlined aria-hidden="true" />}
              allowClear
              showSearch={{
                filterOption: (input, option) => option?.search.includes(input.trim().toLowerCase()) ?? false,
              }}
              loading={unitsLoading}
              value={unitId}
              onChange={(value) => setUnit(value)}
              onClear={() => setUnit(undefined)}
              options={options}
              optionRender={(option) => (
                <div className="unit-option">
                  <span>{option.data.label}</span>
                  {option.data.fullName !== option.data.label && (
                    <Typography.Text type="secondary" className="unit-option__full">
                      {option.data.fullName}
                    </Typography.Text>
                  )}
                </div>
              )}
              popupMatchSelectWidth={false}
            />
          </>
        }
      />
      {tasks.isError ? (
        <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : tasks.isPending ? (
        <Loading />
      ) : (
        <>
          {unitId !== undefined && (
            <Alert
              type="info"
              showIcon
              className="tasks-summary"
              title={t('tasks.filteredSummary', {
                unit: selectedUnit ? unitShort(selectedUnit) : unitId,
                count: rows.length,
              })}
            />
          )}
          <div data-testid="tasks-table">
            <Table<ListedTask>
              rowKey="id"
              columns={columns}
              dataSource={rows}
              loading={tasks.isFetching && tasks.isPlaceholderData}
              pagination={false}
              size="middle"
              scroll={{ x: 960 }}
              locale={{ emptyText: t('tasks.empty') }}
              rowClassName={(task) => `task-row task-row--clause-${task.clause}`}
              expandable={{
                expandedRowRender: (task) => (
                  <Table<Measure>
                    className="measures-table"
                    rowKey="id"
                    columns={measureColumns}
                    dataSource={task.measures}
                    pagination={false}
                    size="small"
                  />
                ),
              }}
              footer={() => t('common.count', { count: rows.length })}
            />
          </div>
        </>
      )}
    </>
  );
}
