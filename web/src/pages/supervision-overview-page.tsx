import { Progress, Select, Space, Table, Tabs, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import type { HeatMap, Light } from '../features/supervision/supervision-api.ts';
import { supervisionPaths } from '../features/supervision/supervision-paths.ts';
import { recentQuarters } from '../features/supervision/supervision-periods.ts';
import { useHeatMap, useSupervisionAssignee, useSupervisionAssignees, useSupervisionTask, useSupervisionTasks } from '../features/supervision/supervision-queries.ts';
import { LightTag, lightColors, ReportStateTag, useLabel, useMeasureTitles } from '../features/supervision/supervision-ui.tsx';

const lightOrder: Light[] = ['red', 'yellow', 'blue', 'green', 'grey'];

/** Counts of each light as small coloured numbers: 红 2 · 黄 1 … */
function LightCounts({ counts }: { counts: Record<Light, number> }) {
  const { t } = useTranslation();
  return (
    <Space size="small" wrap>
      {lightOrder.map((light) => (
        <Tooltip key={light} title={t(`supervision.light.${light}`)}>
          <span data-light-count={light} style={{ color: counts[light] > 0 ? lightColors[light] : '#bfbfbf', fontWeight: counts[light] > 0 ? 600 : 400 }}>
            ● {counts[light]}
          </span>
        </Tooltip>
      ))}
    </Space>
  );
}

/** A task's measures with every assignee's progress, light and last report state. */
function TaskMeasures({ taskId, period }: { taskId: string; period: string | undefined }) {
  const titles = useMeasureTitles();
  const { t } = useTranslation();
  const label = useLabel();
  const task = useSupervisionTask(taskId, period);
  if (task.isPending) return <Loading />;
  if (task.isError) return <QueryError error={task.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {task.data.measures.map((measure) => (
        <div key={measure.id} data-testid="task-measure">
          <Space wrap>
            <Link to={supervisionPaths.measure(measure.id)}>{titles.measure(measure)}</Link>
            <Typography.Text type="secondary">
              {label(measure.frequency_label)} · {label(measure.state_label)}
              {measure.deadline ? ` · ${t('supervision.measure.deadline')} ${measure.deadline}` : ''}
            </Typography.Text>
          </Space>
          <Table
            size="small"
            pagination={false}
            rowKey={(row) => `${row.assignee.kind}:${row.assignee.id}`}
            dataSource={measure.progress}
            columns={[
              { title: t('supervision.common.assignee'), render: (_, row) => <Typography.Text title={row.assignee.full_name}>{row.assignee.name}</Typography.Text> },
              { title: t('supervision.common.role'), render: (_, row) => (row.role === 'lead' ? t('supervision.role.lead') : t('supervision.role.co')) },
              { title: t('supervision.common.cycle'), render: (_, row) => titles.period(row.cycle) },
              { title: t('supervision.common.percent'), render: (_, row) => (row.percent === null ? '—' : <Progress percent={row.percent} size="small" style={{ width: 120 }} />) },
              { title: t('supervision.common.expected'), render: (_, row) => `${row.expected_percent}%` },
              { title: t('supervision.common.light'), render: (_, row) => <LightTag light={row.light} label={row.light_label} /> },
              {
                title: t('supervision.common.reportState'),
                render: (_, row) =>
                  row.report ? (
                    <Link to={supervisionPaths.cycle(measure.id, row.cycle.period)}>
                      <ReportStateTag state={row.report.state} label={row.report.state_label} />
                    </Link>
                  ) : (
                    <Typography.Text type="secondary">{t('supervision.common.noReport')}</Typography.Text>
                  ),
              },
            ]}
          />
        </div>
      ))}
    </Space>
  );
}

function ByTask({ period }: { period: string | undefined }) {
  const { t } = useTranslation();
  const tasks = useSupervisionTasks(period);
  if (tasks.isPending) return <Loading />;
  if (tasks.isError) return <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />;
  return (
    <Table
      size="middle"
      rowKey="id"
      dataSource={tasks.data.tasks}
      pagination={false}
      data-testid="supervision-tasks"
      expandable={{ expandedRowRender: (task) => <TaskMeasures taskId={task.id} period={period} /> }}
      columns={[
        { title: t('supervision.overview.clause'), dataIndex: 'clause_label', width: 90 },
        { title: t('supervision.overview.task'), dataIndex: 'title' },
        { title: t('supervision.overview.measures'), dataIndex: 'measures', width: 90 },
        { title: t('supervision.common.percent'), width: 180, render: (_, task) => (task.percent === null ? '—' : <Progress percent={task.percent} size="small" />) },
        { title: t('supervision.overview.worst'), render: (_, task) => <LightTag light={task.worst_light} /> },
        { title: t('supervision.overview.lights'), render: (_, task) => <LightCounts counts={task.lights} /> },
      ]}
    />
  );
}

function AssigneeMeasures({ kind, id, period }: { kind: string; id: string; period: string | undefined }) {
  const titles = useMeasureTitles();
  const { t } = useTranslation();
  const label = useLabel();
  const view = useSupervisionAssignee(kind, id, period);
  if (view.isPending) return <Loading />;
  if (view.isError) return <QueryError error={view.error} />;
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={view.data.measures}
      columns={[
        { title: t('supervision.common.measure'), render: (_, measure) => <Link to={supervisionPaths.measure(measure.id)}>{titles.measure(measure)}</Link> },
        { title: t('supervision.overview.task'), render: (_, measure) => titles.task(measure) },
        { title: t('supervision.common.role'), render: (_, measure) => label(measure.role_label) },
        { title: t('supervision.common.cycle'), render: (_, measure) => titles.period(measure.progress.cycle) },
        { title: t('supervision.common.percent'), render: (_, measure) => (measure.progress.percent === null ? '—' : `${measure.progress.percent}%`) },
        { title: t('supervision.common.light'), render: (_, measure) => <LightTag light={measure.progress.light} label={measure.progress.light_label} /> },
        {
          title: t('supervision.common.reportState'),
          render: (_, measure) =>
            measure.progress.report ? (
              <Link to={supervisionPaths.cycle(measure.id, measure.progress.cycle.period)}>
                <ReportStateTag state={measure.progress.report.state} label={measure.progress.report.state_label} />
              </Link>
            ) : (
              <Typography.Text type="secondary">{t('supervision.common.noReport')}</Typography.Text>
            ),
        },
      ]}
    />
  );
}

function ByAssignee({ period }: { period: string | undefined }) {
  const { t } = useTranslation();
  const assignees = useSupervisionAssignees(period);
  if (assignees.isPending) return <Loading />;
  if (assignees.isError) return <QueryError error={assignees.error} onRetry={() => void assignees.refetch()} />;
  return (
    <Table
      size="middle"
      rowKey={(row) => `${row.assignee.kind}:${row.assignee.id}`}
      dataSource={assignees.data.assignees}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      data-testid="supervision-assignees"
      expandable={{ expandedRowRender: (row) => <AssigneeMeasures kind={row.assignee.kind} id={row.assignee.id} period={period} /> }}
      columns={[
        { title: t('supervision.common.assignee'), render: (_, row) => <Typography.Text title={row.assignee.full_name}>{row.assignee.name}</Typography.Text> },
        { title: t('supervision.overview.kind'), render: (_, row) => (row.assignee.kind === 'unit' ? t('supervision.overview.unit') : t('supervision.overview.area')) },
        { title: t('supervision.overview.measures'), dataIndex: 'measures' },
        { title: t('supervision.overview.worst'), render: (_, row) => <LightTag light={row.worst_light} /> },
        { title: t('supervision.overview.lights'), render: (_, row) => <LightCounts counts={row.lights} /> },
      ]}
    />
  );
}

/** Heat map: assignees (rows) × tasks (columns), each cell coloured by its worst light, with the average percent. */
function HeatMapGrid({ period }: { period: string | undefined }) {
  const { t } = useTranslation();
  const heat = useHeatMap(period);
  const cells = useMemo(() => {
    const map = new Map<string, HeatMap['cells'][number]>();
    for (const cell of heat.data?.cells ?? []) map.set(`${cell.assignee_kind}:${cell.assignee_id}|${cell.task_id}`, cell);
    return map;
  }, [heat.data]);
  if (heat.isPending) return <Loading />;
  if (heat.isError) return <QueryError error={heat.error} onRetry={() => void heat.refetch()} />;
  const data = heat.data;
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        {lightOrder.map((light) => (
          <span key={light}>
            <span style={{ display: 'inline-block', width: 12, height: 12, background: lightColors[light], marginInlineEnd: 4, borderRadius: 2 }} />
            {t(`supervision.light.${light}`)}
          </span>
        ))}
      </Space>
      <div style={{ overflowX: 'auto' }}>
        <table className="supervision-heatmap" data-testid="supervision-heatmap" style={{ borderCollapse: 'collapse', fontSize: 12 }}>
          <thead>
            <tr>
              <th style={{ position: 'sticky', left: 0, background: '#fff', textAlign: 'left', padding: 4 }}>{t('supervision.common.assignee')}</th>
              {data.tasks.map((task) => (
                <th key={task.id} style={{ padding: 4, whiteSpace: 'nowrap' }}>
                  <Tooltip title={task.title}>{task.clause_label}</Tooltip>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.assignees.map((assignee) => (
              <tr key={`${assignee.kind}:${assignee.id}`}>
                <th style={{ position: 'sticky', left: 0, background: '#fff', textAlign: 'left', padding: 4, whiteSpace: 'nowrap', fontWeight: 400 }} title={assignee.full_name}>
                  {assignee.name}
                </th>
                {data.tasks.map((task) => {
                  const cell = cells.get(`${assignee.kind}:${assignee.id}|${task.id}`);
                  if (!cell) return <td key={task.id} style={{ border: '1px solid #f0f0f0', width: 36 }} />;
                  return (
                    <td key={task.id} data-light={cell.light} style={{ border: '1px solid #fff', background: lightColors[cell.light], color: '#fff', textAlign: 'center', width: 36, height: 24 }}>
                      <Tooltip title={`${assignee.name} · ${task.clause_label}${task.title} · ${t(`supervision.light.${cell.light}`)} · ${t('supervision.overview.cellMeasures', { count: cell.measures })}${cell.percent === null ? '' : ` · ${cell.percent}%`}`}>
                        <span>{cell.percent === null ? '' : cell.percent}</span>
                      </Tooltip>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** /supervision — 督查总览: by task, by unit or area, and the heat map, on the current cycle by default. */
export function SupervisionOverviewPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const tab = search.get('view') ?? 'tasks';
  const period = search.get('period') ?? undefined;
  const quarters = useMemo(() => recentQuarters(new Date()), []);
  const update = (next: Record<string, string | undefined>) => {
    const params = new URLSearchParams(search);
    for (const [key, value] of Object.entries(next)) if (value === undefined) params.delete(key); else params.set(key, value);
    setSearch(params, { replace: true });
  };
  return (
    <div data-testid="supervision-overview">
      <PageHeading
        title={t('supervision.overview.title')}
        intro={t('supervision.overview.intro')}
        extra={
          <Select
            style={{ width: 200 }}
            value={period ?? ''}
            onChange={(value: string) => update({ period: value === '' ? undefined : value })}
            options={[{ value: '', label: t('supervision.overview.currentCycle') }, ...quarters.map((quarter) => ({ value: quarter, label: t('supervision.overview.quarter', { year: quarter.slice(0, 4), quarter: quarter.slice(-1) }) }))]}
            aria-label={t('supervision.common.cycle')}
          />
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ view: key })}
        items={[
          { key: 'tasks', label: t('supervision.overview.byTask'), children: <ByTask period={period} /> },
          { key: 'assignees', label: t('supervision.overview.byAssignee'), children: <ByAssignee period={period} /> },
          { key: 'heatmap', label: t('supervision.overview.heatMap'), children: <HeatMapGrid period={period} /> },
        ]}
      />
    </div>
  );
}
