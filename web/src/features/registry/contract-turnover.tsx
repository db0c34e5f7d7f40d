import { FileExcelOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Spin, Table, Typography, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useTechContractTurnover } from '../../api/private-queries.ts';
import type { TechContractFlow } from '../../api/types.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useLanguage } from '../language/use-language.ts';
import { beijingYear } from '../language/beijing-time.ts';
import { formatScaled } from './registry-money.ts';
import { AreaFilter, MoneyUnit, noWrap } from './registry-ui.tsx';

const thisYear = beijingYear();
export const turnoverYears = Array.from({ length: 8 }, (_, index) => thisYear - 1 - index);

/** A city (6401xx00-style code ending in 00, not the region) has counties to drill into. */
const hasChildren = (org: string) => org.endsWith('00') && org !== '640000';

/**
 * 技术合同输出/吸纳 of one area and year: the area's total first, then each direct child area.
 * 输出 counts the contracts its sellers registered, 吸纳 those its buyers did; the 其中 columns
 * are the parts whose other party is outside Ningxia. Amounts in 亿元, as the bulletins print them.
 */
export function ContractTurnover({ year, org, onChange }: { year: number; org: string; onChange: (changes: { year?: string; org?: string }) => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const query = useTechContractTurnover(year, org, true);
  // The server's figures are exact (亿元, every digit); shown with four decimals, the exact one in data-value.
  const money = (key: 'output' | 'output_to_outside' | 'absorption' | 'absorption_from_outside') => (_: unknown, flow: TechContractFlow) => (
    <span className="registry-number" data-testid={`turnover-${key}`} data-value={flow[key]}>
      {formatScaled(flow[key], language, { fractionDigits: 4 })}
    </span>
  );
  const columns: TableColumnsType<TechContractFlow & { total?: boolean }> = [
    {
      key: 'area',
      title: t('registry.area'),
      render: (_, flow) =>
        flow.total ? (
          <Typography.Text strong>{t('registry.turnoverTotal', { area: flow.org_name })}</Typography.Text>
        ) : hasChildren(flow.org) ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onChange({ org: flow.org })}>
            {flow.org_name}
          </Button>
        ) : (
          flow.org_name
        ),
    },
    {
      key: 'output',
      title: t('registry.turnoverOutput'),
      children: [
        { key: 'output', title: t('registry.amountHundredMillion'), align: 'right', ...noWrap, render: money('output') },
        { key: 'output_to_outside', title: t('registry.toOutside'), align: 'right', ...noWrap, render: money('output_to_outside') },
        { key: 'output_count', title: t('registry.contractCount'), align: 'right', render: (_, flow) => <span data-testid="turnover-output_count">{flow.output_count}</span> },
      ],
    },
    {
      key: 'absorption',
      title: t('registry.turnoverAbsorption'),
      children: [
        { key: 'absorption', title: t('registry.amountHundredMillion'), align: 'right', ...noWrap, render: money('absorption') },
        { key: 'absorption_from_outside', title: t('registry.fromOutside'), align: 'right', ...noWrap, render: money('absorption_from_outside') },
        { key: 'absorption_count', title: t('registry.contractCount'), align: 'right', render: (_, flow) => <span data-testid="turnover-absorption_count">{flow.absorption_count}</span> },
      ],
    },
  ];
  const data = query.data;
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <AreaFilter value={org} onChange={(chosen) => onChange({ org: chosen ?? '640000' })} />
        <Select
          value={year}
          options={turnoverYears.map((candidate) => ({ value: candidate, label: String(candidate) }))}
          onChange={(chosen: number) => onChange({ year: String(chosen) })}
          style={{ minWidth: 110 }}
          data-testid="turnover-year"
        />
        <Button icon={<FileExcelOutlined />} href={api.techContractTurnoverXlsxUrl(year, org)} download data-testid="export-turnover">
          {t('registry.export')}
        </Button>
      </Space>
      {data?.includes_synthetic && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('registry.turnoverSynthetic')} data-testid="turnover-synthetic" />}
      {query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Spin spinning={query.isFetching && query.isPlaceholderData} delay={200}>
          <Table<TechContractFlow & { total?: boolean }>
            data-testid="turnover-table"
            rowKey={(flow) => (flow.total ? 'total' : flow.org)}
            columns={columns}
            dataSource={data ? [{ ...data.total, total: true }, ...data.rows] : []}
            loading={query.isPending}
            size="middle"
            bordered
            pagination={false}
            title={() => <MoneyUnit unit={t('registry.moneyUnit', { unit: t('registry.unitHundredMillionYuan') })} />}
            rowClassName={(flow) => (flow.total ? 'turnover-row--total' : '')}
            onRow={(flow) => ({ 'data-testid': flow.total ? 'turnover-total' : 'turnover-row', 'data-org': flow.org }) as HTMLAttributes<HTMLElement>}
            footer={() => <Typography.Text type="secondary">{t('registry.turnoverNote')}</Typography.Text>}
          />
        </Spin>
      )}
    </>
  );
}
