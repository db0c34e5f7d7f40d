import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Row, Space, Table, Tooltip, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useAreas, useIndicatorSeries, usePack, usePacks } from '../api/queries.ts';
import type { ResolvedValue } from '../api/types.ts';
import { ClauseLink } from '../components/clause-link.tsx';
import { EChart } from '../components/echart.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useClauseLabels } from '../features/document/use-clause-labels.ts';
import { AreaTable } from '../features/indicators/area-table.tsx';
import { areaTree } from '../features/indicators/area-tree.ts';
import { formatEvaluationTarget } from '../features/indicators/format-evaluation.ts';
import { downloadCsv, toCsv } from '../features/indicators/csv.ts';
import { formatNumber, formatPeriod, formatValue } from '../features/indicators/format-value.ts';
import { indicatorChartOption } from '../features/indicators/indicator-chart.ts';
import { StatusTag } from '../features/indicators/status-tag.tsx';
import { ValueSource } from '../features/indicators/value-source.tsx';
import { useLocalized } from '../features/language/use-language.ts';
import { packPaths, usePackId } from '../features/packs/use-pack-id.ts';

type Navigation = { org?: string; parent?: string; period?: string };

/**
 * An indicator's page: its values over time for one area against the target (and the national
 * benchmark where the target is one), the linear trend to the target year, every year's value
 * with its source, and the drill-down by area (region → city → county) for one period. The area,
 * the drill-down parent and the period are in the address.
 */
export function IndicatorPage() {
  const { t } = useTranslation();
  const { language, name } = useLocalized();
  const packId = usePackId();
  const { code = '' } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const org = searchParams.get('org') ?? undefined;
  const parent = searchParams.get('parent') ?? undefined;
  const period = searchParams.get('period') ?? undefined;
  const query = useIndicatorSeries(packId, code, org);
  // Names and units of the indicators a formula reads (for the "computed from" line of a source).
  const pack = usePack(packId);
  const areas = useAreas();
  const packs = usePacks();
  const clauseLabel = useClauseLabels(packId);
  const region = packs.data?.packs.find((pack) => pack.id === packId)?.region;
  const indicatorIndex = useMemo(() => new Map((pack.data?.indicators ?? []).map((indicator) => [indicator.code, indicator])), [pack.data]);
  const indicatorOf = (input: string) => {
    const indicator = indicatorIndex.get(input);
    return indicator ? { name: name(indicator), unit: indicator.unit } : undefined;
  };
  const tree = useMemo(() => areaTree(areas.data?.areas ?? [], region ? { roots: [region] } : {}), [areas.data, region]);

  const navigate = (next: Navigation) =>
    setSearchParams(
      (current) => {
        const params = new URLSearchParams(current);
        for (const [key, value] of Object.entries(next)) if (value !== undefined) params.set(key, value);
        return params;
      },
      { replace: false },
    );

  const data = query.data;
  const unit = data?.indicator.unit ?? '';
  const target = data?.target ?? null;
  const targetEvaluation = data?.evaluation ?? null;
  // A city or county without its own target is never shown the regional target as its own: no line, no forecast to it.
  const ownTarget = targetEvaluation?.target_basis !== 'none';
  const targetText =
    target && targetEvaluation ? (ownTarget ? formatEvaluationTarget(targetEvaluation, unit, t, language, target.tolerance) : `${t('areaTargets.none')}（${t('areaTargets.noneHint')}）`) : undefined;
  const benchmarkTarget = target?.benchmark_org !== undefined;
  const drawsForecast =
    ownTarget &&
    targetEvaluation?.forecast.linear !== null &&
    targetEvaluation?.forecast.linear !== undefined &&
    targetEvaluation.period !== null &&
    Number(targetEvaluation.period.slice(0, 4)) < targetEvaluation.year;
  const chartOption = useMemo(() => {
    if (!data) return undefined;
    return indicatorChartOption({
      area: { name: data.org_name, series: data.series },
      benchmark: benchmarkTarget ? { name: data.benchmark.name, series: data.benchmark.series } : undefined,
      // The area's own target (the pack's for the region, the breakdown's or the coordinator's for a city or county).
      targetValue: benchmarkTarget || !ownTarget ? undefined : (data.evaluation?.target ?? data.target?.value),
      targetYear: ownTarget ? data.target?.year : undefined,
      forecast: ownTarget ? data.evaluation?.forecast.linear : undefined,
      unit: data.indicator.unit,
      language,
      labels: {
        kind: (kind) => t(`valueKind.${kind}`),
        published: t('indicators.published'),
        computed: t('indicators.computed'),
        difference: t('indicators.difference'),
        source: t('indicators.source'),
        noSource: t('indicators.noSource'),
        target: target && targetText ? `${t('indicators.targetYear', { year: target.year })} ${targetText}` : '',
        forecast: t('indicators.forecastLegend', { year: data.target?.year ?? '' }),
        forecastPoint: t('indicators.forecastNote'),
      },
    });
  }, [data, language, t, target, targetText, benchmarkTarget, ownTarget]);

  if (query.isPending) return <Loading />;
  if (query.isError || !data) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const indicatorName = name(data.indicator);
  const seriesColumns: TableColumnsType<ResolvedValue> = [
    { key: 'period', title: t('indicators.period'), width: 80, render: (_, point) => formatPeriod(point.period, language) },
    {
      key: 'value',
      title: t('indicators.value'),
      align: 'right',
      render: (_, point) => (point.value === null ? t('indicators.noData') : formatValue(point.value, unit, point.qualifier, language)),
    },
    { key: 'kind', title: t('indicators.kind'), width: 80, render: (_, point) => (point.kind ? t(`valueKind.${point.kind}`) : '') },
    {
      key: 'source',
      title: t('indicators.source'),
      width: 80,
      render: (_, point) => <ValueSource value={point} unit={unit} indicatorName={indicatorName} orgName={data.org_name} indicatorOf={indicatorOf} />,
    },
  ];
  const exportSeries = () => {
    const number = (value: number | null | undefined) => (value === null || value === undefined ? '' : formatNumber(value, 'en'));
    const header = [t('indicators.period'), t('indicators.value'), t('indicators.qualifier'), t('indicators.kind'), t('indicators.published'), t('indicators.computed'), t('indicators.difference'), t('indicators.source')];
    const lines = data.series.map((point) => [
      point.period,
      number(point.value),
      point.qualifier === 'exact' ? '' : t(`qualifier.${point.qualifier}`),
      point.kind ? t(`valueKind.${point.kind}`) : '',
      number(point.published),
      number(point.computed),
      number(point.difference),
      point.source ?? '',
    ]);
    downloadCsv(`${data.indicator.code}-${data.org}.csv`, toCsv([[`${indicatorName}（${unit}） · ${data.org_name}`], header, ...lines]));
  };
  const aggregation = data.indicator.aggregation;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={packPaths.dashboard(packId)} className="back-link">
        <ArrowLeftOutlined /> {t('indicators.backToDashboard')}
      </Link>
      <PageHeading
        title={
          <Space size={8} wrap>
            {/* The code only on hover (and in English mode below): names, not codes, in the Chinese UI. */}
            <span data-testid="indicator-name" title={data.indicator.code}>
              {indicatorName}
            </span>
            {targetEvaluation && <StatusTag status={targetEvaluation.status} />}
          </Space>
        }
        intro={targetEvaluation ? (language === 'en' ? targetEvaluation.reason.en : targetEvaluation.reason.zh) : undefined}
        extra={
          <label className="inline-field">
            <span>{t('indicators.area')}</span>
            <TreeSelect
              value={data.org}
              treeData={tree}
              treeDefaultExpandAll
              showSearch={{ treeNodeFilterProp: 'title' }}
              onChange={(value: string) => navigate({ org: value })}
              className="evaluation-filters__area"
              data-testid="chart-org-select"
              aria-label={t('indicators.area')}
            />
          </label>
        }
      />
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            ...(language === 'en' ? [{ key: 'code', label: t('indicators.code'), children: <Typography.Text code className="code-nowrap">{data.indicator.code}</Typography.Text> }] : []),
            { key: 'unit', label: t('indicators.unit'), children: unit || '—' },
            { key: 'aggregation', label: t('indicators.aggregation'), children: t(`aggregation.${aggregation}`) },
            ...(data.indicator.formula_text
              ? [
                  {
                    key: 'formula',
                    label: t('indicators.formula'),
                    // In words (R&D经费支出 ÷ 地区生产总值 × 100); the expression itself on hover.
                    children: (
                      <Tooltip title={<Typography.Text code>{data.indicator.formula}</Typography.Text>}>
                        <span data-testid="indicator-formula">{language === 'en' ? data.indicator.formula_text.en : data.indicator.formula_text.zh}</span>
                      </Tooltip>
                    ),
                  },
                ]
              : []),
            ...(target
              ? [
                  { key: 'target', label: t('indicators.targetYear', { year: target.year }), children: <span data-testid="indicator-target">{targetText}</span> },
                  { key: 'text', label: t('indicators.targetText'), children: target.text },
                  { key: 'clause', label: t('indicators.clause'), children: <ClauseLink packId={packId} clause={target.clause} label={clauseLabel(target.clause)} /> },
                ]
              : [{ key: 'target', label: t('indicators.target'), children: t('indicators.noTarget') }]),
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('indicators.chartTitle', { area: data.org_name })} className="indicator-chart-card">
            {data.series.length === 0 && (data.target?.benchmark_org === undefined || data.benchmark.series.length === 0) ? (
              <Empty description={t('indicators.noDataFor', { area: data.org_name })} data-testid="chart-empty" />
            ) : (
              chartOption && <EChart option={chartOption} height={360} ariaLabel={t('indicators.chartTitle', { area: data.org_name })} testId="indicator-chart" />
            )}
            <Typography.Paragraph type="secondary" className="chart-note">
              {[
                t('indicators.chartNoteValues'),
                ...(target && !benchmarkTarget ? [t('indicators.chartNoteTarget')] : []),
                ...(drawsForecast ? [t('indicators.chartNoteForecast')] : []),
                t('indicators.chartNoteHover'),
              ].join(language === 'zh' ? '' : ' ')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card
            title={t('indicators.seriesTitle')}
            className="indicator-series-card"
            extra={
              <Tooltip title={t('indicators.exportCsvHint')}>
                <Button size="small" icon={<DownloadOutlined />} onClick={exportSeries} disabled={data.series.length === 0} data-testid="export-series-csv">
                  {t('indicators.exportCsv')}
                </Button>
              </Tooltip>
            }
          >
            <Table<ResolvedValue>
              data-testid="series-table"
              rowKey="period"
              size="small"
              columns={seriesColumns}
              dataSource={[...data.series].reverse()}
              pagination={false}
              locale={{ emptyText: t('indicators.noData') }}
            />
          </Card>
        </Col>
      </Row>
      <AreaTable
        packId={packId}
        code={code}
        indicatorName={indicatorName}
        unit={unit}
        // The table opens on the area the chart shows; the drill-down then moves on its own.
        parent={parent ?? org}
        period={period}
        onNavigate={navigate}
        onShowTrend={(next, shownParent) => {
          navigate({ org: next, parent: shownParent });
          window.scrollTo({ top: 0, behavior: 'smooth' });
        }}
        indicatorOf={indicatorOf}
      />
    </Space>
  );
}
