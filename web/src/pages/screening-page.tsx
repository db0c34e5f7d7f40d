import { BackgroundReportButton } from '../features/reports/background-report-button.tsx';
import { FileExcelOutlined, PlayCircleOutlined, TrophyOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Card, Descriptions, Form, Input, InputNumber, Popconfirm, Progress, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../api/error-message.ts';
import { usePacks } from '../api/queries.ts';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { amountInPolicyUnit, profilePathLabel } from '../features/calculator/calc-format.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { AreaFilter, SyntheticTag } from '../features/registry/registry-ui.tsx';
import { useSession } from '../features/session/use-session.ts';
import { awardPaths, awardsApi, awardsKey } from '../features/awards/awards-api.ts';
import { screeningApi, type ScreeningComparison, type ScreeningResult, type ScreeningResultFilter, type ScreeningRun } from '../features/screening/screening-api.ts';
import { isGoing, useScreeningActions, useScreeningComparison, useScreeningResults, useScreeningRun, useScreeningRuns } from '../features/screening/screening-queries.ts';

const stateColors: Record<ScreeningRun['state'], string> = { queued: 'default', running: 'processing', cancelled: 'warning', done: 'success', failed: 'error' };
const statusColors: Record<ScreeningResult['status'], string> = { eligible: 'green', ineligible: 'default', needs_info: 'orange' };

/** The incentive's title in the page's language (the run recorded both). */
function incentiveTitle(run: Pick<ScreeningRun, 'packs'> | undefined, id: string, english: boolean, fallback: string): string {
  for (const pack of run?.packs ?? []) for (const incentive of pack.incentives) if (incentive.id === id) return english && incentive.title_en ? incentive.title_en : incentive.title;
  return fallback;
}

/** A parameter by its label in the pack (奖补比例), not its code. */
function parameterLabel(run: Pick<ScreeningRun, 'packs'>, incentiveId: string, name: string): string {
  for (const pack of run.packs) for (const incentive of pack.incentives) if (incentive.id === incentiveId) return incentive.parameter_labels?.[name] ?? name;
  return name;
}

/**
 * /screening — 免申即享筛查 (the coordinator; area leaders read their own area): start a run for a
 * year (a pack, an area), follow its progress live, cancel or resume it, read its results with
 * filters (needs_info firms with what is missing), export them, and compare two runs.
 */
export function ScreeningPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const english = language === 'en';
  const { message } = App.useApp();
  const { can } = useSession();
  // Area leaders read; only the coordinator starts, cancels and resumes.
  const canRun = can('screening.run');
  const [params, setParams] = useSearchParams();
  const selected = params.get('run') ?? undefined;
  const select = (id: string | undefined) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (id) next.set('run', id);
        else next.delete('run');
        return next;
      },
      { replace: true },
    );
  const runs = useScreeningRuns();
  const run = useScreeningRun(selected);
  const packs = usePacks();
  const actions = useScreeningActions();
  const [form] = Form.useForm<{ year: number; pack?: string; org?: string }>();
  const fail = (error: unknown) => void message.error(errorMessage(error, language));
  const money = (text: string | null) => (text === null ? '—' : amountInPolicyUnit(text, language));

  const start = async () => {
    const values = await form.validateFields();
    actions.start.mutate(
      { year: values.year, ...(values.pack ? { pack: values.pack } : {}), ...(values.org ? { org: values.org } : {}) },
      {
        onSuccess: (started) => {
          void message.success(t('screening.started'));
          select(started.id);
        },
        onError: fail,
      },
    );
  };

  const runColumns: TableColumnsType<ScreeningRun> = [
    { key: 'started', title: t('screening.startedAt'), render: (_, row) => row.started_at_text.replace(/（北京时间）$/, '') },
    { key: 'year', title: t('screening.year'), dataIndex: 'year', width: 70 },
    { key: 'area', title: t('screening.area'), render: (_, row) => row.org_name ?? t('screening.allAreas') },
    { key: 'packs', title: t('screening.packsUsed'), render: (_, row) => row.packs.map((pack) => `${pack.title} ${pack.version}`).join('；') },
    { key: 'state', title: t('screening.state'), render: (_, row) => <Tag color={stateColors[row.state]}>{t(`screening.states.${row.state}`)}</Tag> },
    {
      key: 'progress',
      title: t('screening.progress'),
      width: 180,
      render: (_, row) => <Progress size="small" percent={row.enterprises_total === 0 ? 100 : Math.floor((100 * row.enterprises_done) / row.enterprises_total)} status={row.state === 'failed' ? 'exception' : isGoing(row) ? 'active' : undefined} />,
    },
    { key: 'by', title: t('screening.startedBy'), dataIndex: 'started_by' },
    {
      key: 'actions',
      title: '',
      render: (_, row) => (
        <Space size="small">
          <Button size="small" type={row.id === selected ? 'primary' : 'default'} onClick={() => select(row.id)} data-testid="screening-view">
            {t('screening.view')}
          </Button>
          {canRun && isGoing(row) && (
            <Popconfirm title={t('screening.cancelConfirm')} onConfirm={() => actions.cancel.mutate(row.id, { onError: fail })}>
              <Button size="small" danger data-testid="screening-cancel">
                {t('screening.cancel')}
              </Button>
            </Popconfirm>
          )}
          {canRun && (row.state === 'cancelled' || row.state === 'failed') && (
            <Button size="small" onClick={() => actions.resume.mutate(row.id, { onError: fail })} data-testid="screening-resume">
              {t('screening.resume')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="screening-page">
      <PageHeading title={t('screening.title')} intro={t('screening.intro')} />
      {canRun && (
        <Card title={t('screening.startTitle')} size="small">
          <Form form={form} layout="inline" initialValues={{ year: new Date().getFullYear() - 1 }}>
            <Form.Item name="year" label={t('screening.year')} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} precision={0} data-testid="screening-year" />
            </Form.Item>
            <Form.Item name="pack" label={t('screening.pack')}>
              <Select allowClear placeholder={t('screening.allPacks')} style={{ minWidth: 220 }} options={(packs.data?.packs ?? []).map((pack) => ({ value: pack.id, label: english && pack.title_en ? pack.title_en : pack.title }))} />
            </Form.Item>
            <Form.Item name="org" label={t('screening.area')}>
              <AreaFilter />
            </Form.Item>
            <Form.Item>
              <Button type="primary" icon={<PlayCircleOutlined />} loading={actions.start.isPending} onClick={() => void start()} data-testid="screening-start">
                {t('screening.start')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
      )}
      <Card title={t('screening.runs')} size="small">
        {runs.isError ? (
          <QueryError error={runs.error} onRetry={() => void runs.refetch()} />
        ) : (
          <Table rowKey="id" size="small" columns={runColumns} dataSource={runs.data?.runs ?? []} loading={runs.isPending} pagination={false} locale={{ emptyText: t('screening.noRun') }} data-testid="screening-runs" />
        )}
      </Card>
      {selected === undefined ? (
        <Typography.Text type="secondary">{t('screening.pickRun')}</Typography.Text>
      ) : run.isError ? (
        <QueryError error={run.error} onRetry={() => void run.refetch()} />
      ) : run.data ? (
        <RunDetail run={run.data} money={money} english={english} />
      ) : null}
      <CompareCard runs={runs.data?.runs ?? []} money={money} english={english} />
    </Space>
  );
}

function RunDetail({ run, money, english }: { run: ScreeningRun; money: (text: string | null) => string; english: boolean }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<ScreeningResultFilter>({});
  const [page, setPage] = useState({ current: 1, size: 20 });
  const results = useScreeningResults(run.id, filter, { limit: page.size, offset: (page.current - 1) * page.size }, run.state);
  const change = (next: ScreeningResultFilter) => {
    setFilter((previous) => ({ ...previous, ...next }));
    setPage((previous) => ({ ...previous, current: 1 }));
  };
  const percent = run.enterprises_total === 0 ? 100 : Math.floor((100 * run.enterprises_done) / run.enterprises_total);
  const incentives = run.packs.flatMap((pack) => pack.incentives);
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // 免申即享: the run's eligible awards go to the ledger as candidates (existing ones are left alone).
  const propose = useMutation({
    mutationFn: () => awardsApi.proposeFromRun(run.id),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: awardsKey });
      void message.success(
        <span data-testid="screening-proposed">
          {t('screening.proposed', { created: result.created.length, existing: result.existing, refused: result.refused.length, review: result.amount_for_review })}{' '}
          {/* The message renders outside the router: a link that navigates through the page's own navigate(). */}
          <Typography.Link onClick={() => void navigate(awardPaths.ledger)}>{t('screening.toLedger')}</Typography.Link>
        </span>,
      );
    },
    onError: (error) => void message.error(errorMessage(error, english ? "en" : "zh")),
  });
  const columns: TableColumnsType<ScreeningResult> = [
    {
      key: 'name',
      title: t('screening.enterprise'),
      render: (_, row) => (
        <>
          {row.name}
          <SyntheticTag synthetic={row.synthetic} />
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.credit_code}
          </Typography.Text>
        </>
      ),
    },
    { key: 'area', title: t('screening.area_name'), dataIndex: 'area_name' },
    { key: 'incentive', title: t('screening.incentive'), render: (_, row) => incentiveTitle(run, row.incentive_id, english, row.incentive_title) },
    { key: 'status', title: t('screening.status'), render: (_, row) => <Tag color={statusColors[row.status]}>{t(`screening.statuses.${row.status}`)}</Tag> },
    { key: 'amount', title: t('screening.amount'), align: 'right', render: (_, row) => money(row.amount) },
    { key: 'cap', title: t('screening.cap'), align: 'right', render: (_, row) => money(row.cap) },
    { key: 'missing', title: t('screening.missing'), render: (_, row) => row.missing.map((path) => profilePathLabel(path, t)).join('、') },
  ];
  return (
    <Card title={`${t('screening.results')} · ${run.year} · ${run.org_name ?? t('screening.allAreas')}`} size="small" data-testid="screening-run">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <div data-testid="screening-progress">
          <Progress percent={percent} status={run.state === 'failed' ? 'exception' : isGoing(run) ? 'active' : run.state === 'done' ? 'success' : 'normal'} />
          <Space size="large">
            <Tag color={stateColors[run.state]}>{t(`screening.states.${run.state}`)}</Tag>
            <span>{t('screening.progressText', { done: run.enterprises_done, total: run.enterprises_total })}</span>
            <span>{t('screening.shardsText', { done: run.shards_done, total: run.shards_total })}</span>
          </Space>
        </div>
        {run.error && <Alert type="error" showIcon title={t('screening.error')} description={run.error} />}
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('screening.startedAt')}>{run.started_at_text}</Descriptions.Item>
          <Descriptions.Item label={t('screening.packsUsed')}>{run.packs.map((pack) => `${pack.title} ${pack.version}`).join('；')}</Descriptions.Item>
          <Descriptions.Item label={t('screening.parameters')}>
            {Object.entries(run.parameters).map(([incentive, values]) => (
              <div key={incentive}>
                {incentiveTitle(run, incentive, english, incentive)}：{Object.entries(values).map(([name, value]) => `${parameterLabel(run, incentive, name)} ${String(value)}`).join('，')}
              </div>
            ))}
          </Descriptions.Item>
        </Descriptions>
        {run.totals.length > 0 && (
          <Table
            size="small"
            rowKey={(row) => `${row.incentive_id}|${row.status}`}
            pagination={false}
            dataSource={run.totals}
            data-testid="screening-totals"
            columns={[
              { key: 'incentive', title: t('screening.incentive'), render: (_, row) => incentiveTitle(run, row.incentive_id, english, row.incentive_title) },
              { key: 'status', title: t('screening.status'), render: (_, row) => <Tag color={statusColors[row.status]}>{t(`screening.statuses.${row.status}`)}</Tag> },
              { key: 'count', title: t('screening.count'), align: 'right', render: (_, row) => t('screening.countText', { count: row.count }) },
              { key: 'amount', title: t('screening.amount'), align: 'right', render: (_, row) => money(row.amount) },
            ]}
          />
        )}
        <Space wrap>
          <Select allowClear placeholder={t('screening.allIncentives')} style={{ minWidth: 260 }} value={filter.incentive} onChange={(incentive?: string) => change({ incentive })} options={incentives.map((incentive) => ({ value: incentive.id, label: english && incentive.title_en ? incentive.title_en : incentive.title }))} data-testid="screening-incentive-filter" />
          <Select allowClear placeholder={t('screening.allStatuses')} style={{ minWidth: 140 }} value={filter.status} onChange={(status?: ScreeningResult['status']) => change({ status })} options={(['eligible', 'needs_info', 'ineligible'] as const).map((status) => ({ value: status, label: t(`screening.statuses.${status}`) }))} data-testid="screening-status-filter" />
          <AreaFilter value={filter.org} onChange={(org) => change({ org })} />
          <Input.Search allowClear placeholder={t('screening.search')} style={{ width: 240 }} onSearch={(q) => change({ q: q.trim() === '' ? undefined : q.trim() })} />
          <Button icon={<FileExcelOutlined />} href={screeningApi.resultsXlsxUrl(run.id, filter)} data-testid="screening-export">
            {t('screening.export')}
          </Button>
          <BackgroundReportButton kind="screening.results" params={{ run: run.id, incentive: filter.incentive, status: filter.status, org: filter.org, q: filter.q }} testId="screening-export-background" />
          {run.state === 'done' && can('awards.manage') && (
            <Button icon={<TrophyOutlined />} loading={propose.isPending} onClick={() => propose.mutate()} data-testid="screening-propose-awards">
              {t('screening.proposeAwards')}
            </Button>
          )}
        </Space>
        {filter.status === 'needs_info' && <Alert type="info" showIcon title={t('screening.needsInfoHint')} />}
        {results.isError ? (
          <QueryError error={results.error} onRetry={() => void results.refetch()} />
        ) : (
          <Table
            rowKey={(row) => `${row.enterprise_id}|${row.incentive_id}`}
            size="small"
            columns={columns}
            dataSource={results.data?.results ?? []}
            loading={results.isFetching}
            data-testid="screening-results"
            pagination={{ current: page.current, pageSize: page.size, total: results.data?.total ?? 0, showSizeChanger: true, onChange: (current, size) => setPage({ current, size }) }}
          />
        )}
      </Space>
    </Card>
  );
}

function CompareCard({ runs, money, english }: { runs: readonly ScreeningRun[]; money: (text: string | null) => string; english: boolean }) {
  const { t } = useTranslation();
  const [a, setA] = useState<string | undefined>();
  const [b, setB] = useState<string | undefined>();
  const [page, setPage] = useState({ current: 1, size: 20 });
  const comparison = useScreeningComparison(a, b, { limit: page.size, offset: (page.current - 1) * page.size });
  const ended = runs.filter((run) => !isGoing(run));
  const options = ended.map((run) => ({ value: run.id, label: `${run.started_at_text.replace(/（北京时间）$/, '')} · ${run.year} · ${run.org_name ?? t('screening.allAreas')}` }));
  type Change = ScreeningComparison['changes'][number];
  const side = (value: Change['before']) => (value === null ? t('screening.absent') : `${t(`screening.statuses.${value.status}`)}${value.amount === null ? '' : ` ${money(value.amount)}`}`);
  const columns: TableColumnsType<Change> = [
    { key: 'name', title: t('screening.enterprise'), render: (_, row) => (<>{row.name}<SyntheticTag synthetic={row.synthetic} /></>) },
    { key: 'area', title: t('screening.area_name'), dataIndex: 'area_name' },
    { key: 'incentive', title: t('screening.incentive'), render: (_, row) => incentiveTitle(comparison.data?.b, row.incentive_id, english, row.incentive_title) },
    { key: 'before', title: t('screening.before'), render: (_, row) => side(row.before) },
    { key: 'after', title: t('screening.after'), render: (_, row) => side(row.after) },
    { key: 'reasons', title: t('screening.reasons'), render: (_, row) => row.reasons.map((reason) => <Tag key={reason}>{t(`screening.reason.${reason}`)}</Tag>) },
  ];
  return (
    <Card title={t('screening.compare')} size="small" data-testid="screening-compare">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('screening.compareHint')}</Typography.Text>
        <Space wrap>
          <Select allowClear placeholder={t('screening.compareA')} style={{ minWidth: 300 }} value={a} onChange={(value?: string) => setA(value)} options={options} data-testid="screening-compare-a" />
          <Select allowClear placeholder={t('screening.compareB')} style={{ minWidth: 300 }} value={b} onChange={(value?: string) => setB(value)} options={options} data-testid="screening-compare-b" />
        </Space>
        {comparison.isError && <QueryError error={comparison.error} onRetry={() => void comparison.refetch()} />}
        {comparison.data && (
          <>
            {comparison.data.rules_changed && <Alert type="warning" showIcon title={t('screening.rulesChanged')} />}
            <Typography.Text>{comparison.data.total === 0 ? t('screening.noChanges') : t('screening.changesTotal', { count: comparison.data.total })}</Typography.Text>
            <Table
              rowKey={(row) => `${row.enterprise_id}|${row.incentive_id}`}
              size="small"
              columns={columns}
              dataSource={comparison.data.changes}
              pagination={{ current: page.current, pageSize: page.size, total: comparison.data.total, onChange: (current, size) => setPage({ current, size }) }}
            />
          </>
        )}
      </Space>
    </Card>
  );
}
