import { FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { BackgroundReportButton } from '../features/reports/background-report-button.tsx';
import { Button, Descriptions, Progress, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import { useEvaluation, useTargets } from '../api/queries.ts';
import type { TargetEvaluation, TargetStatus } from '../api/types.ts';
import { ClauseLink } from '../components/clause-link.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useClauseLabels } from '../features/document/use-clause-labels.ts';
import { EvaluationFilters } from '../features/indicators/evaluation-filters.tsx';
import { formatEvaluationValue } from '../features/indicators/format-evaluation.ts';
import { formatPercent, formatValue } from '../features/indicators/format-value.ts';
import { statusColors, targetStatuses } from '../features/indicators/status.ts';
import { StatusRules } from '../features/indicators/status-rules.tsx';
import { StatusSummary } from '../features/indicators/status-summary.tsx';
import { StatusTag } from '../features/indicators/status-tag.tsx';
import { useEvaluationSearch } from '../features/indicators/use-evaluation-search.ts';
import { ValueSource } from '../features/indicators/value-source.tsx';
import { useLocalized } from '../features/language/use-language.ts';
import { packPaths, usePackId } from '../features/packs/use-pack-id.ts';
import { AreaComparisonNote, SupplierNote, TargetBasis } from '../features/targets/target-basis.tsx';

/** The working behind a status: baseline, the straight path, growth rates and forecasts. */
function Explanation({ evaluation, unit }: { evaluation: TargetEvaluation; unit: string }) {
  const { t } = useTranslation();
  const { language } = useLocalized();
  const value = (number: number | null | undefined) => (number === null || number === undefined ? '—' : formatValue(number, unit, null, language));
  const rate = (ratio: number | null) => (ratio === null ? '—' : formatPercent(ratio, language));
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2, xl: 3 }}
      className="evaluation-explanation"
      data-testid="evaluation-explanation"
      items={[
        { key: 'text', label: t('indicators.targetText'), children: evaluation.text, span: 'filled' },
        {
          key: 'baseline',
          label: t('evaluation.baseline'),
          children: evaluation.baseline ? `${value(evaluation.baseline.value)}（${t('indicators.byYear', { year: evaluation.baseline.year })}）` : '—',
        },
        { key: 'path', label: t('evaluation.pathValue'), children: value(evaluation.path_value) },
        { key: 'required', label: t('evaluation.growthRequired'), children: rate(evaluation.growth.required) },
        { key: 'observed', label: t('evaluation.growthObserved'), children: rate(evaluation.growth.observed) },
        { key: 'linear', label: t('evaluation.forecastLinear', { year: evaluation.year }), children: value(evaluation.forecast.linear) },
        { key: 'compound', label: t('evaluation.forecastCompound', { year: evaluation.year }), children: value(evaluation.forecast.compound) },
        {
          key: 'series',
          label: t('evaluation.series'),
          span: 'filled',
          children:
            evaluation.series.length === 0
              ? t('indicators.noData')
              : evaluation.series.map((point) => `${point.period}: ${formatValue(point.value, unit, point.qualifier, language)}`).join('；'),
        },
      ]}
    />
  );
}

/**
 * 终期评估: every target as of the pack's end year (or another), as a table — target, value and
 * its period, progress, status with the reason, the clause that sets the target, the source —
 * with the Excel table and the Word report (终期评估报告) to download.
 */
export function EvaluationPage() {
  const { t } = useTranslation();
  const { language, name } = useLocalized();
  const packId = usePackId();
  const search = useEvaluationSearch();
  const query = useEvaluation(packId, { org: search.org, asOf: search.asOf });
  const targets = useTargets(packId);
  const clauseLabel = useClauseLabels(packId);
  const [statusFilter, setStatusFilter] = useState<TargetStatus | undefined>();
  const tolerances = useMemo(
    () => new Map((targets.data?.targets ?? []).flatMap((target) => (target.tolerance === undefined ? [] : [[target.id, target.tolerance] as const]))),
    [targets.data],
  );

  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const evaluation = query.data;
  const scope = { org: evaluation.org, asOf: evaluation.as_of };
  const indicators = new Map(evaluation.indicators.map((indicator) => [indicator.code, indicator]));
  const unitOf = (code: string) => indicators.get(code)?.unit ?? '';
  const nameOf = (code: string) => {
    const indicator = indicators.get(code);
    return indicator ? name(indicator) : code;
  };
  const linkOrg = search.org === undefined ? undefined : evaluation.org;
  const rows = statusFilter === undefined ? evaluation.targets : evaluation.targets.filter((row) => row.status === statusFilter);

  const columns: TableColumnsType<TargetEvaluation> = [
    {
      key: 'indicator',
      title: t('indicators.indicator'),
      width: 170,
      fixed: 'start',
      render: (_, row) => (
        <Link to={packPaths.indicator(packId, row.indicator, linkOrg)} className="evaluation-indicator">
          {nameOf(row.indicator)}
        </Link>
      ),
    },
    {
      key: 'target',
      title: t('indicators.target'),
      width: 190,
      render: (_, row) => <TargetBasis evaluation={row} unit={unitOf(row.indicator)} tolerance={tolerances.get(row.target_id)} clauseLabel={clauseLabel} />,
    },
    {
      key: 'value',
      title: t('evaluation.value'),
      width: 160,
      render: (_, row) => {
        const text = formatEvaluationValue(row, unitOf(row.indicator), language);
        return text === undefined ? (
          <div>
            <Typography.Text type="secondary" className="no-data">
              {t('indicators.noData')}
            </Typography.Text>
            <div>
              <SupplierNote evaluation={row} org={evaluation.org} />
            </div>
          </div>
        ) : (
          <div>
            <Typography.Text strong data-testid="evaluation-value">
              {text}
            </Typography.Text>
            {row.kind && row.kind !== 'published' && (
              <div>
                <Typography.Text type="secondary" className="cell-note">
                  {t(`valueKind.${row.kind}`)}
                </Typography.Text>
              </div>
            )}
            <div>
              <AreaComparisonNote evaluation={row} unit={unitOf(row.indicator)} />
            </div>
          </div>
        );
      },
    },
    {
      key: 'progress',
      title: t('indicators.progress'),
      width: 130,
      sorter: (a, b) => (a.progress ?? -1) - (b.progress ?? -1),
      render: (_, row) =>
        row.progress === null ? (
          '—'
        ) : (
          <Progress
            percent={Math.min(100, row.progress * 100)}
            size="small"
            strokeColor={statusColors[row.status]}
            format={() => formatPercent(row.progress ?? 0, language)}
          />
        ),
    },
    {
      key: 'status',
      title: t('indicators.status'),
      width: 96,
      sorter: (a, b) => targetStatuses.indexOf(a.status) - targetStatuses.indexOf(b.status),
      render: (_, row) => <StatusTag status={row.status} />,
    },
    {
      key: 'reason',
      title: t('evaluation.reason'),
      render: (_, row) => (language === 'en' ? row.reason.en : row.reason.zh),
    },
    {
      key: 'clause',
      title: t('indicators.clause'),
      width: 80,
      render: (_, row) => <ClauseLink packId={packId} clause={row.clause} label={clauseLabel(row.clause)} />,
    },
    {
      key: 'source',
      title: t('indicators.source'),
      width: 90,
      render: (_, row) =>
        row.period === null ? null : (
          <ValueSource value={{ ...row, org: evaluation.org, period: row.period }} unit={unitOf(row.indicator)} indicatorName={nameOf(row.indicator)} orgName={evaluation.org_name} />
        ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading
        title={t('evaluation.title')}
        intro={t('evaluation.intro', { area: evaluation.org_name, year: evaluation.as_of })}
        extra={
          <>
            <Button icon={<FileExcelOutlined />} href={api.evaluationXlsxUrl(packId, scope)} download data-testid="export-xlsx">
              {t('indicators.exportExcel')}
            </Button>
            <Button type="primary" icon={<FileWordOutlined />} href={api.evaluationReportUrl(packId, scope)} download data-testid="download-report">
              {t('indicators.downloadReport')}
            </Button>
            <BackgroundReportButton kind="evaluation.workbook" params={{ pack: packId, org: scope.org, as_of: scope.asOf }} label={t('reports.backgroundWorkbook')} testId="background-workbook" />
            <BackgroundReportButton kind="evaluation.report" params={{ pack: packId, org: scope.org, as_of: scope.asOf }} label={t('reports.backgroundDocument')} />
          </>
        }
      />
      <EvaluationFilters packId={packId} org={evaluation.org} asOf={evaluation.as_of} onChange={search.set} />
      <StatusSummary statuses={evaluation.targets.map((row) => row.status)} selected={statusFilter} onSelect={setStatusFilter} />
      <Table<TargetEvaluation>
        data-testid="evaluation-table"
        rowKey="target_id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={query.isFetching}
        pagination={false}
        scroll={{ x: 1150 }}
        expandable={{ expandedRowRender: (row) => <Explanation evaluation={row} unit={unitOf(row.indicator)} /> }}
        footer={() => t('common.count', { count: rows.length })}
      />
      <StatusRules rules={evaluation.status_rules} />
    </Space>
  );
}
