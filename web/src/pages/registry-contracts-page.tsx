import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useTechContracts } from '../api/private-queries.ts';
import type { ContractType, TechContract } from '../api/types.ts';
import { PageHeading } from '../components/page-heading.tsx';
import { useLanguage } from '../features/language/use-language.ts';
import { beijingYear } from '../features/language/beijing-time.ts';
import { ContractTurnover, turnoverYears } from '../features/registry/contract-turnover.tsx';
import { formatScaled } from '../features/registry/registry-money.ts';
import { AreaFilter, noWrap, PagedRegistryTable, RegistrySearch, SyntheticTag, useUrlFilters } from '../features/registry/registry-ui.tsx';
import { useSession } from '../features/session/use-session.ts';

const filterKeys = ['tab', 'q', 'org', 'year', 'type'] as const;
const contractTypes: readonly ContractType[] = ['development', 'transfer', 'licensing', 'consulting', 'service'];
const thisYear = beijingYear();
const years = Array.from({ length: 8 }, (_, index) => thisYear - index);

/** A party: its name, and its area with a 区外 tag when that is outside Ningxia. */
function Party({ name, orgName, org, inside }: { name: string; orgName: string | null | undefined; org: string | null; inside: boolean | undefined }) {
  const { t } = useTranslation();
  return (
    <span>
      {name}
      <br />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {orgName ?? org ?? '—'}
      </Typography.Text>
      {inside === false && (
        <Tag color="orange" style={{ marginInlineStart: 6 }} data-testid="outside-tag">
          {t('registry.outside')}
        </Tag>
      )}
    </span>
  );
}

/**
 * /registry/contracts — 技术合同: registered technology contracts with a party in the account's
 * areas, newest first, by party name, area, year and type; and 技术合同输出/吸纳 by area, which the
 * server refuses (403) to enterprise accounts, so that tab is not offered to them.
 */
export function RegistryContractsPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { session } = useSession();
  const { values, page, pageSize, set } = useUrlFilters(filterKeys);
  const scope = session?.abilities['registry.read'];
  const mayTurnover = scope !== undefined && scope !== 'own_enterprise';
  const tab = mayTurnover && values.tab === 'turnover' ? 'turnover' : 'list';

  const year = values.year && /^\d{4}$/.test(values.year) ? Number(values.year) : undefined;
  const type = contractTypes.find((candidate) => candidate === values.type);
  const filter = { q: values.q, org: values.org, year, type };
  const query = useTechContracts(filter, { limit: pageSize, offset: (page - 1) * pageSize });
  // Amounts arrive in yuan, exact; shown in 万元 (numbers only: the table states its unit once), the exact yuan in data-value.
  const tenThousand = (amount: string) => (
    <span className="registry-number" data-value={amount}>
      {formatScaled(amount, language, { shift: 4, fractionDigits: 2 })}
    </span>
  );
  // The turnover needs one area and one year: the account's own area, last year, unless chosen.
  const ownArea = scope === 'own_area' ? (session?.user.org_code ?? '640000') : '640000';
  const turnoverYear = year ?? turnoverYears[0] ?? thisYear - 1;
  const turnoverOrg = values.org ?? ownArea;

  const columns: TableColumnsType<TechContract> = [
    {
      key: 'number',
      title: t('registry.registrationNumber'),
      ...noWrap,
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
      render: (_, contract) => <Tag>{t(`registry.contractTypes.${contract.type}`)}</Tag>,
    },
    {
      key: 'seller',
      title: t('registry.seller'),
      render: (_, contract) => <Party name={contract.seller_name} orgName={contract.seller_org_name} org={contract.seller_org} inside={contract.seller_inside} />,
    },
    {
      key: 'buyer',
      title: t('registry.buyer'),
      render: (_, contract) => <Party name={contract.buyer_name} orgName={contract.buyer_org_name} org={contract.buyer_org} inside={contract.buyer_inside} />,
    },
    { key: 'amount', title: t('registry.contractAmount'), align: 'right', ...noWrap, render: (_, contract) => tenThousand(contract.contract_amount) },
    { key: 'tech', title: t('registry.techAmount'), align: 'right', ...noWrap, render: (_, contract) => tenThousand(contract.tech_amount) },
    { key: 'registered', title: t('registry.registeredOn'), dataIndex: 'registered_on', ...noWrap },
  ];

  const list = (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <RegistrySearch value={values.q} onSearch={(q) => set({ q })} placeholder={t('registry.searchParty')} width={280} testId="contract-search" />
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
        <Select
          allowClear
          value={type}
          placeholder={t('registry.contractType')}
          options={contractTypes.map((candidate) => ({ value: candidate, label: t(`registry.contractTypes.${candidate}`) }))}
          onChange={(chosen: string | undefined) => set({ type: chosen })}
          style={{ minWidth: 130 }}
          data-testid="contract-type"
        />
        <Button icon={<FileExcelOutlined />} href={api.techContractsExportUrl(filter)} download data-testid="export-contracts">
          {t('registry.export')}
        </Button>
      </Space>
      <PagedRegistryTable<TechContract>
        query={query}
        rows={query.data?.contracts ?? []}
        total={query.data?.total ?? 0}
        columns={columns}
        rowKey="registration_number"
        testId="contracts-table"
        unit={t('registry.moneyUnit', { unit: t('registry.unitTenThousandYuan') })}
        scrollX={1100}
        paging={{ page, pageSize, set }}
      />
    </>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading title={t('registry.contractsTitle')} intro={t('registry.contractsIntro')} />
      <Card>
        {mayTurnover ? (
          <Tabs
            activeKey={tab}
            onChange={(key) => set({ tab: key === 'turnover' ? 'turnover' : undefined })}
            data-testid="contracts-tabs"
            items={[
              { key: 'list', label: t('registry.contractsList'), children: list },
              { key: 'turnover', label: <span data-testid="turnover-tab">{t('registry.turnoverTitle')}</span>, children: <ContractTurnover year={turnoverYear} org={turnoverOrg} onChange={set} /> },
            ]}
          />
        ) : (
          list
        )}
      </Card>
    </Space>
  );
}
