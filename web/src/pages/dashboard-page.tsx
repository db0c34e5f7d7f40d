import { ArrowRightOutlined, FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Progress, Row, Space, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import { useEvaluation, useTargets } from '../api/queries.ts';
import type { IndicatorSummary, TargetEvaluation, TargetStatus } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { EvaluationFilters } from '../features/indicators/evaluation-filters.tsx';
import { formatEvaluationTarget, formatEvaluationValue } from '../features/indicators/format-evaluation.ts';
import { formatPercent } from '../features/indicators/format-value.ts';
import { Sparkline, sparklineHeight } from '../features/indicators/sparkline.tsx';
import { statusColors } from '../features/indicators/status.ts';
import { StatusRules } from '../features/indicators/status-rules.tsx';
import { StatusSummary } from '../features/indicators/status-summary.tsx';
import { StatusTag } from '../features/indicators/status-tag.tsx';
import { useEvaluationSearch } from '../features/indicators/use-evaluation-search.ts';
import { ValueSource } from '../features/indicators/value-source.tsx';
import { useLocalized } from '../features/language/use-language.ts';
import { packPaths, usePackId } from '../features/packs/use-pack-id.ts';
import { useClauseLabels } from '../features/document/use-clause-labels.ts';
import { formatTargetSource } from '../features/targets/area-target-text.ts';
import { AreaComparisonNote, SupplierNote, TargetBasis } from '../features/targets/target-basis.tsx';

/** Progress towards a target is a share of it only for "at least" targets; for "at most" it would read backwards. */
const showsProgress = (evaluation: TargetEvaluation) => evaluation.progress !== null && evaluation.comparator !== '<=' && evaluation.comparator !== '<';

interface TargetCardProps {
  packId: string;
  evaluation: TargetEvaluation;
  indicator: IndicatorSummary | undefined;
  org: string;
  orgName: string;
  /** The area the page shows, when it is not the pack's region: the indicator page opens on it. */
  linkOrg: string | undefined;
  tolerance: number | undefined;
  clauseLabel: (clause: number) => string;
}

function TargetCard({ packId, evaluation, indicator, org, orgName, linkOrg, tolerance, clauseLabel }: TargetCardProps) {
  const { t } = useTranslation();
  const { language, name } = useLocalized();
  const unit = indicator?.unit ?? '';
  const indicatorName = indicator ? name(indicator) : evaluation.indicator;
  const value = formatEvaluationValue(evaluation, unit, language);
  const color = statusColors[evaluation.status];
  const link = packPaths.indicator(packId, evaluation.indicator, linkOrg);
  return (
    <Card
      className="target-card"
      data-testid="target-card"
      data-indicator={evaluation.indicator}
      data-status={evaluation.status}
      style={{ borderTopColor: color }}
      title={
        <Link to={link} className="target-card__link" title={indicatorName}>
          {indicatorName}
        </Link>
      }
      extra={<StatusTag status={evaluation.status} />}
    >
      <div className={value === undefined ? 'target-card__value target-card__value--none' : 'target-card__value'} data-testid="target-card-value">
        {value ?? t('indicators.noData')}
      </div>
      <SupplierNote evaluation={evaluation} org={org} />
      <AreaComparisonNote evaluation={evaluation} unit={unit} />
      <div className="target-card__target">
        {evaluation.target_basis === 'none' ? (
          <TargetBasis evaluation={evaluation} unit={unit} tolerance={tolerance} clauseLabel={clauseLabel} />
        ) : (
          <>
            <Typography.Text type="secondary">{t('indicators.targetFor', { year: evaluation.year })}</Typography.Text>
            <span data-testid="target-card-target">{formatEvaluationTarget(evaluation, unit, t, language, tolerance)}</span>
            {evaluation.target_source && evaluation.target_source.kind !== 'pack' && (
              <Typography.Text type="secondary" className="cell-note" data-testid="target-card-source">
                {formatTargetSource(evaluation.target_source, t, clauseLabel)}
              </Typography.Text>
            )}
          </>
        )}
      </div>
      <div className="target-card__progress">
        {showsProgress(evaluation) && evaluation.progress !== null ? (
          <Progress
            percent={Math.min(100, evaluation.progress * 100)}
            strokeColor={color}
            size="small"
            format={() => formatPercent(evaluation.progress ?? 0, language)}
            aria-label={t('indicators.progress')}
          />
        ) : (
          <Typography.Text type="secondary" className="target-card__no-progress">
            {t('indicators.progressNone')}
          </Typography.Text>
        )}
      </div>
      <div className="target-card__spark" style={{ height: sparklineHeight }}>
        {evaluation.series.length > 0 ? (
          <Sparkline series={evaluation.series} unit={unit} color={color} target={evaluation.target} />
        ) : (
          <Typography.Text type="secondary" className="target-card__spark-empty">
            {t('indicators.noSeries')}
          </Typography.Text>
        )}
      </div>
      <Typography.Paragraph type="secondary" className="target-card__reason" ellipsis={{ rows: 2, tooltip: true }}>
        {/* No data says so once, in the value; the reason would only repeat it. */}
        {evaluation.status === 'no_data' && evaluation.value === null ? '' : language === 'en' ? evaluation.reason.en : evaluation.reason.zh}
      </Typography.Paragraph>
      <div className="target-card__footer">
        {evaluation.period !== null ? (
          <ValueSource
            value={{ ...evaluation, org, period: evaluation.period }}
            unit={unit}
            indicatorName={indicatorName}
            orgName={orgName}
          />
        ) : (
          <span />
        )}
        <Link to={link} className="target-card__more">
          {t('indicators.details')} <ArrowRightOutlined />
        </Link>
      </div>
    </Card>
  );
}

/**
 * 目标监测: every target of the pack for one area as of a year, one card each — value (with its
 * source one click away), target, progress, status in its colour and the trend so far.
 */
export function DashboardPage() {
  const { t } = useTranslation();
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
  const shown = statusFilter === undefined ? evaluation.targets : evaluation.targets.filter((target) => target.status === statusFilter);
  const region = search.org === undefined;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading
        title={t('dashboard.title')}
        intro={t('dashboard.intro', { area: evaluation.org_name, year: evaluation.as_of })}
        extra={
          <>
            <Button icon={<FileExcelOutlined />} href={api.evaluationXlsxUrl(packId, scope)} download data-testid="export-xlsx">
              {t('indicators.exportExcel')}
            </Button>
            <Button icon={<FileWordOutlined />} href={api.evaluationReportUrl(packId, scope)} download data-testid="download-report">
              {t('indicators.downloadReport')}
            </Button>
          </>
        }
      />
      <EvaluationFilters packId={packId} org={evaluation.org} asOf={evaluation.as_of} onChange={search.set} />
      <StatusSummary statuses={evaluation.targets.map((target) => target.status)} selected={statusFilter} onSelect={setStatusFilter} />
      {/* Another area or year: the previous cards stay, dimmed, until the new answer comes. */}
      <Spin spinning={query.isPlaceholderData} delay={200}>
        {shown.length === 0 ? (
          <Empty description={t('indicators.noTargets')} />
        ) : (
          <Row gutter={[16, 16]} className="target-cards" data-testid="target-cards">
            {shown.map((target) => (
              <Col key={target.target_id} xs={24} sm={12} xl={8} xxl={6}>
                <TargetCard
                  packId={packId}
                  evaluation={target}
                  indicator={indicators.get(target.indicator)}
                  org={evaluation.org}
                  orgName={evaluation.org_name}
                  linkOrg={region ? undefined : evaluation.org}
                  tolerance={tolerances.get(target.target_id)}
                  clauseLabel={clauseLabel}
                />
              </Col>
            ))}
          </Row>
        )}
      </Spin>
      <StatusRules rules={evaluation.status_rules} />
    </Space>
  );
}
