import { DownloadOutlined, FileExcelOutlined, LineChartOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useAreaTargets, useAreas, useIndicatorAreas } from '../../api/queries.ts';
import type { AreaValue } from '../../api/types.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useLanguage } from '../language/use-language.ts';
import { coverageOf, type Coverage } from './coverage.ts';
import { downloadCsv, toCsv } from './csv.ts';
import { formatDifference, formatNumber, formatPercent, formatPeriod, formatValue } from './format-value.ts';
import { ownAreaTarget, sharesAndRanks } from '../targets/area-target-text.ts';
import { formatTarget } from '../targets/format-target.ts';
import { ValueSource } from './value-source.tsx';

interface AreaTableProps {
  packId: string;
  code: string;
  indicatorName: string;
  unit: string;
  /** The area whose children are listed; undefined: the pack's region. */
  parent: string | undefined;
  period: string | undefined;
  onNavigate: (next: { parent?: string; period?: string }) => void;
  /** Shows an area's trend in the chart above; `parent` keeps the table where it is. */
  onShowTrend: (org: string, parent: string) => void;
  indicatorOf: (code: string) => { name: string; unit: string } | undefined;
}

interface Row extends AreaValue {
  isParent: boolean;
  shownCoverage: Coverage | undefined;
}

const kindColors = { published: 'blue', computed: 'purple', rolled_up: 'cyan' } as const;

/**
 * 分地区数值: an indicator for one area and each of its child areas in one period, region → city
 * → county. Every number keeps its source, a derived or summed figure its published twin and the
 * difference, and a sum that could not be made says how many child areas have data.
 */
export function AreaTable({ packId, code, indicatorName, unit, parent, period, onNavigate, onShowTrend, indicatorOf }: AreaTableProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const query = useIndicatorAreas(packId, code, parent, period);
  const areas = useAreas();
  const areaTargets = useAreaTargets(packId);
  const areaName = useMemo(() => {
    const names = new Map((areas.data?.areas ?? []).map((area) => [area.code, area.name]));
    return (org: string) => names.get(org) ?? org;
  }, [areas.data]);

  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  const rows: Row[] = data
    ? [
        { ...data.parent, isParent: true, shownCoverage: coverageOf(data.parent, data.children) },
        ...data.children.map((child) => ({ ...child, isParent: false, shownCoverage: child.coverage })),
      ]
    : [];
  const shownPeriod = data?.period ?? period;
  // Each child beside its parent: its share of an additive figure (never of a ratio) and its rank.
  const shares = data ? sharesAndRanks(data.children, data.parent.value, data.indicator.aggregation === 'sum') : new Map<string, { share: number | null; rank: number; rank_of: number }>();

  const coverageText = (coverage: Coverage) => t('indicators.coverage', { with: coverage.with_value, total: coverage.total });
  const columns: TableColumnsType<Row> = [
    {
      key: 'area',
      title: t('indicators.area'),
      width: 200,
      render: (_, row) =>
        row.isParent ? (
          <Space size={6}>
            <Typography.Text strong>{row.name}</Typography.Text>
            <Tag>{t('indicators.parentRow')}</Tag>
          </Space>
        ) : row.has_children ? (
          <Tooltip title={t('indicators.drillDown', { name: row.name })}>
            <Button type="link" className="area-table__drill" onClick={() => onNavigate({ parent: row.org })} data-drill={row.org}>
              {row.name}
            </Button>
          </Tooltip>
        ) : (
          <span>{row.name}</span>
        ),
    },
    {
      key: 'value',
      title: t('indicators.value'),
      align: 'right',
      width: 150,
      render: (_, row) =>
        row.value === null ? (
          <Typography.Text type="secondary" className="no-data">
            {t('indicators.noData')}
          </Typography.Text>
        ) : (
          <Typography.Text strong={row.isParent}>{formatValue(row.value, unit, row.qualifier, language)}</Typography.Text>
        ),
    },
    {
      key: 'own-target',
      title: t('areaTargets.ownTarget'),
      width: 130,
      // A child area's own target (目标分解); none: 未分解, never the parent's target as its own.
      render: (_, row) => {
        if (row.isParent) return null;
        const own = ownAreaTarget(areaTargets.data, code, row.org);
        return own ? (
          <span data-testid="area-own-target">{formatTarget({ comparator: own.target.comparator, value: own.value, indicator_unit: own.target.unit }, t, language)}</span>
        ) : areaTargets.data?.targets.some((target) => target.indicator === code) ? (
          <Typography.Text type="secondary">{t('areaTargets.notBrokenDown')}</Typography.Text>
        ) : null;
      },
    },
    {
      key: 'share',
      title: t('areaTargets.shareTitle'),
      width: 150,
      render: (_, row) => {
        const entry = row.isParent ? undefined : shares.get(row.org);
        if (!entry) return null;
        return (
          <span data-testid="area-share">
            {entry.share === null ? '' : `${formatPercent(entry.share, language)} · `}
            {t('areaTargets.rankShort', { rank: entry.rank, of: entry.rank_of })}
          </span>
        );
      },
    },
    {
      key: 'kind',
      title: t('indicators.kind'),
      width: 90,
      render: (_, row) => (row.kind ? <Tag color={kindColors[row.kind]}>{t(`valueKind.${row.kind}`)}</Tag> : null),
    },
    {
      key: 'published',
      title: t('indicators.published'),
      align: 'right',
      width: 120,
      // Beside a computed figure only: on its own, a published value is already the value column.
      render: (_, row) => {
        const published = row.published ?? (row.computed !== undefined && row.kind === 'published' ? row.value : null);
        return published === null ? '—' : formatValue(published, unit, row.qualifier, language);
      },
    },
    {
      key: 'computed',
      title: t('indicators.computedOrSum'),
      align: 'right',
      width: 130,
      render: (_, row) => (row.computed === undefined ? '—' : formatValue(row.computed, unit, null, language)),
    },
    {
      key: 'difference',
      title: t('indicators.difference'),
      align: 'right',
      width: 110,
      render: (_, row) => (row.difference === undefined ? '—' : formatDifference(row.difference, unit, language)),
    },
    {
      key: 'coverage',
      title: t('indicators.coverageTitle'),
      width: 170,
      render: (_, row) => {
        const coverage = row.shownCoverage;
        if (!coverage) return null;
        const complete = coverage.with_value === coverage.total;
        const text = <span data-testid="coverage">{coverageText(coverage)}</span>;
        return complete ? (
          text
        ) : (
          <Tooltip title={t('indicators.missing', { names: coverage.missing.map(areaName).join('、') })}>
            <Typography.Text type="warning">{text}</Typography.Text>
          </Tooltip>
        );
      },
    },
    {
      key: 'source',
      title: t('indicators.source'),
      width: 90,
      render: (_, row) => <ValueSource value={row} unit={unit} indicatorName={indicatorName} orgName={row.name} indicatorOf={indicatorOf} />,
    },
    {
      key: 'trend',
      title: t('common.actions'),
      width: 100,
      render: (_, row) => (
        <Button size="small" type="text" icon={<LineChartOutlined />} onClick={() => onShowTrend(row.org, data?.parent.org ?? row.org)}>
          {t('indicators.showTrend')}
        </Button>
      ),
    },
  ];

  const exportCsv = () => {
    if (!data) return;
    const header = [
      t('indicators.csv.code'),
      t('indicators.area'),
      t('indicators.period'),
      t('indicators.value'),
      t('indicators.qualifier'),
      t('indicators.kind'),
      t('indicators.published'),
      t('indicators.computedOrSum'),
      t('indicators.difference'),
      t('indicators.coverageTitle'),
      t('indicators.source'),
    ];
    const number = (value: number | null | undefined) => (value === null || value === undefined ? '' : formatNumber(value, 'en'));
    const lines = rows.map((row) => [
      row.org,
      row.name,
      row.period,
      row.value === null ? t('indicators.noData') : number(row.value),
      row.qualifier === 'exact' ? '' : t(`qualifier.${row.qualifier}`),
      row.kind ? t(`valueKind.${row.kind}`) : '',
      number(row.published),
      number(row.computed),
      number(row.difference),
      row.shownCoverage ? coverageText(row.shownCoverage) : '',
      row.source ?? '',
    ]);
    downloadCsv(`${code}-${data.parent.org}-${data.period}.csv`, toCsv([[`${indicatorName}（${unit}）`], header, ...lines]));
  };

  return (
    <Card
      title={t('indicators.areasTitle')}
      data-testid="area-table-card"
      extra={
        <Space wrap>
          <label className="inline-field">
            <span>{t('indicators.period')}</span>
            <Select
              value={shownPeriod}
              options={[...(data?.periods ?? [])].reverse().map((value) => ({ value, label: formatPeriod(value, language) }))}
              onChange={(value: string) => onNavigate({ period: value })}
              className="area-table__period"
              data-testid="period-select"
              aria-label={t('indicators.period')}
              notFoundContent={t('indicators.noData')}
            />
          </label>
          <Button
            icon={<FileExcelOutlined />}
            href={data ? api.indicatorAreasXlsxUrl(packId, code, data.parent.org, data.period) : undefined}
            disabled={!data}
            download
            data-testid="export-area-xlsx"
          >
            {t('indicators.exportExcel')}
          </Button>
          <Tooltip title={t('indicators.exportCsvHint')}>
            <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={!data} data-testid="export-area-csv">
              {t('indicators.exportCsv')}
            </Button>
          </Tooltip>
        </Space>
      }
    >
      <Breadcrumb
        className="area-table__breadcrumb"
        data-testid="area-breadcrumb"
        items={[
          ...(data?.ancestors ?? []).map((ancestor) => ({
            key: ancestor.org,
            title: (
              <a
                href={`?parent=${ancestor.org}`}
                onClick={(event) => {
                  event.preventDefault();
                  onNavigate({ parent: ancestor.org });
                }}
              >
                {ancestor.name}
              </a>
            ),
          })),
          ...(data ? [{ key: data.parent.org, title: data.parent.name }] : []),
        ]}
      />
      <Table<Row>
        data-testid="area-table"
        rowKey="org"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={query.isFetching}
        pagination={false}
        scroll={{ x: 1100 }}
        rowClassName={(row) => (row.isParent ? 'area-table__parent' : '')}
      />
    </Card>
  );
}
