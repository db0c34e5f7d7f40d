import { Card, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTechContracts } from '../api/private-queries.ts';
import type { TechContract } from '../api/types.ts';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { formatNumber } from '../features/indicators/format-value.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { AreaFilter, SyntheticTag, useUrlFilters } from '../features/registry/registry-ui.tsx';

const filterKeys = ['org', 'year'] as const;
/** Stored as English codes; older files may carry the Chinese names. */
const contractTypeKeys: Record<string, string> = { 技术开发: 'development', 技术转让: 'transfer', 技术许可: 'licensing', 技术咨询: 'consulting', 技术服务: 'service' };
const thisYear = new Date().getFullYear();
const years = Array.from({ length: 8 }, (_, index) => thisYear - index);

/** /registry/contracts — 技术合同: registered technology contracts with a party in the account's areas, newest first. */
export function RegistryContractsPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { values, page, pageSize, set } = useUrlFilters(filterKeys);
  const year = values.year && /^\d{4}$/.test(values.year) ? Number(values.year) : undefined;
  const query = useTechContracts({ org: values.org, year }, { limit: pageSize, offset: (page - 1) * pageSize });
  const yuan = (amount: number) => t('registry.yuanTenThousand', { amount: formatNumber(amount / 10_000, language) });

  const columns: TableColumnsType<TechContract> = [
    {
      key: 'number',
      title: t('registry.registrationNumber'),
      render: (_, contract) => (
        <span>
          <Typography.Text code>{contract.registration_number}</Typography.Text>
          <SyntheticTag synthetic={contract.synthetic} />
        </span>
      ),
    },
    {
      key: 'type',
      title: t('registry.contractType'),
      render: (_, contract) => <Tag>{t(`registry.contractTypes.${contractTypeKeys[contract.type] ?? contract.type}`, { defaultValue: contract.type })}</Tag>,
    },
    { key: 'seller', title: t('registry.seller'), render: (_, contract) => contract.seller_name },
    { key: 'buyer', title: t('registry.buyer'), render: (_, contract) => contract.buyer_name },
    { key: 'amount', title: t('registry.contractAmount'), align: 'right', render: (_, contract) => yuan(contract.contract_amount) },
    { key: 'tech', title: t('registry.techAmount'), align: 'right', render: (_, contract) => yuan(contract.tech_amount) },
    { key: 'registered', title: t('registry.registeredOn'), dataIndex: 'registered_on' },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading title={t('registry.contractsTitle')} intro={t('registry.contractsIntro')} />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <AreaFilter value={values.org} onChange={(org) => set({ org })} />
          <Select
            allowClear
            value={year}
            placeholder={t('registry.year')}
            options={years.map((candidate) => ({ value: candidate, label: String(candidate) }))}
            onChange={(chosen: number | undefined) => set({ year: chosen === undefined ? undefined : String(chosen) })}
            style={{ minWidth: 120 }}
            data-testid="contract-year"
          />
        </Space>
        {query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Spin spinning={query.isFetching && query.isPlaceholderData} delay={200}>
            <Table<TechContract>
              data-testid="contracts-table"
              rowKey="registration_number"
              columns={columns}
              dataSource={query.data?.contracts ?? []}
              loading={query.isPending}
              size="middle"
              scroll={{ x: 1100 }}
              pagination={{
                current: page,
                pageSize,
                total: query.data?.total ?? 0,
                showSizeChanger: true,
                showTotal: (total) => t('common.count', { count: total }),
                onChange: (next, size) => set({ page: String(next), size: String(size) }),
              }}
            />
          </Spin>
        )}
      </Card>
    </Space>
  );
}
