import { FileExcelOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Spin, Table, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api/client.ts';
import { useAreas, useRegistryIndicators } from '../api/queries.ts';
import type { RegistryComparisonRow } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { areaTree } from '../features/indicators/area-tree.ts';
import { formatDifference, formatValue } from '../features/indicators/format-value.ts';
import { withYear } from '../features/indicators/latest-year.ts';
import { SourceText } from '../features/indicators/source-text.tsx';
import { useLatestYear } from '../features/indicators/use-latest-year.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { beijingYear } from '../features/language/beijing-time.ts';

type Row = RegistryComparisonRow;

const lastYear = beijingYear() - 1;
const years = Array.from({ length: 8 }, (_, index) => lastYear - index);

/**
 * /registry/indicators — 登记库与公布数据对比 (public): what the registries count for an area and
 * year beside the published figure; a registry below the published figure is probably incomplete.
 */
export function RegistryIndicatorsPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [params, setParams] = useSearchParams();
  const org = /^\d{6}$/.test(params.get('org') ?? '') ? (params.get('org') as string) : '640000';
  // Opens on the latest year with published data of the area, not on last year where nothing may be published yet.
  const year = useLatestYear({ requested: params.get('year'), org, fallback: lastYear });
  const areas = useAreas();
  const tree = useMemo(() => areaTree(areas.data?.areas ?? [], { roots: ['640000'] }), [areas.data]);
  const query = useRegistryIndicators(year, org);
  const set = (changes: { year?: number; org?: string }) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        // The year shown stays when the area changes (it is otherwise the area's latest with data).
        const chosen = changes.year ?? year;
        if (chosen !== undefined) next.set('year', String(chosen));
        if (changes.org !== undefined) next.set('org', changes.org);
        return next;
      },
      { replace: true },
    );

  if (year === undefined || query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  // The registry's figures and the differences arrive as exact decimal strings; shown as the indicator pages show values.
  const value = (number: number | string | null, unit: string, qualifier: Row['published_qualifier'] = 'exact') =>
    number === null ? <Typography.Text type="secondary">{t('registry.noValue')}</Typography.Text> : <span className="registry-number">{formatValue(Number(number), unit, qualifier, language)}</span>;
  const incomplete = (row: Row) => row.difference !== null && row.difference.startsWith('-');
  const columns: TableColumnsType<Row> = [
    { key: 'indicator', title: t('registry.indicator'), width: 200, render: (_, row) => row.name },
    { key: 'registry', title: t('registry.registryValue'), align: 'right', render: (_, row) => value(row.registry_value, row.unit) },
    { key: 'published', title: t('registry.publishedValue'), align: 'right', render: (_, row) => value(row.published_value, row.unit, row.published_qualifier) },
    {
      key: 'difference',
      title: t('registry.difference'),
      align: 'right',
      render: (_, row) =>
        row.difference === null ? (
          '—'
        ) : incomplete(row) ? (
          <span data-testid="registry-incomplete">
            <Typography.Text type="danger" className="registry-number">
              <WarningOutlined /> {formatDifference(Number(row.difference), row.unit, language)}
            </Typography.Text>
            <br />
            <Tag color="warning" style={{ marginInlineEnd: 0 }}>{t('registry.maybeIncomplete')}</Tag>
          </span>
        ) : (
          <span className="registry-number">{formatDifference(Number(row.difference), row.unit, language)}</span>
        ),
    },
    { key: 'source', title: t('registry.publishedSource'), render: (_, row) => (row.published_source ? <SourceText text={row.published_source} /> : '—') },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading title={t('registry.indicatorsTitle')} intro={t('registry.indicatorsIntro', { area: query.data.org_name, year: query.data.year })} />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <TreeSelect
            value={org}
            treeData={tree}
            treeDefaultExpandedKeys={['640000']}
            onChange={(chosen: string) => set({ org: chosen })}
            style={{ minWidth: 200 }}
            popupMatchSelectWidth={false}
            data-testid="indicators-area"
          />
          <Select value={year} options={withYear(years, year).map((candidate) => ({ value: candidate, label: String(candidate) }))} onChange={(chosen: number) => set({ year: chosen })} style={{ minWidth: 110 }} data-testid="indicators-year" />
          <Button icon={<FileExcelOutlined />} href={api.registryIndicatorsXlsxUrl(year, org)} download data-testid="export-registry-indicators">
            {t('registry.export')}
          </Button>
        </Space>
        <Spin spinning={query.isFetching && query.isPlaceholderData} delay={200}>
          <Table<Row>
            data-testid="registry-indicators-table"
            rowKey="indicator"
            size="middle"
            columns={columns}
            dataSource={query.data.indicators}
            rowClassName={(row) => (incomplete(row) ? 'registry-row--incomplete' : '')}
            pagination={false}
          />
        </Spin>
      </Card>
    </Space>
  );
}
