import { FileExcelOutlined, LockOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import { useEnterprises } from '../api/private-queries.ts';
import type { EnterpriseFilter, EnterpriseSummary } from '../api/types.ts';
import { PageHeading } from '../components/page-heading.tsx';
import { AreaFilter, certificationFilterTypes, noWrap, PagedRegistryTable, RegistrySearch, SyntheticTag, useCertificationLabel, useUrlFilters } from '../features/registry/registry-ui.tsx';
import { registryPaths } from '../features/session/session-paths.ts';
import { useSession } from '../features/session/use-session.ts';

const filterKeys = ['q', 'org', 'certification', 'above_scale', 'sort'] as const;
const sorts = ['name', 'credit_code', 'updated'] as const;

/**
 * /registry/enterprises — 企业库: search by a Chinese substring or prefix of the name (prefix
 * matches first), filter by area, valid certification and 规上, sort, page; every filter in the URL.
 */
export function RegistryEnterprisesPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { can } = useSession();
  const certificationLabel = useCertificationLabel();
  const { values, page, pageSize, set } = useUrlFilters(filterKeys);

  const filter: EnterpriseFilter = {
    q: values.q,
    org: values.org,
    certification: certificationFilterTypes.find((type) => type === values.certification),
    above_scale: values.above_scale === 'true' || values.above_scale === 'false' ? values.above_scale : undefined,
    sort: sorts.find((sort) => sort === values.sort),
  };
  const query = useEnterprises(filter, { limit: pageSize, offset: (page - 1) * pageSize });

  const exportContacts = () =>
    modal.confirm({
      title: t('registry.exportContactsConfirm'),
      content: t('registry.exportContactsHint'),
      okText: t('registry.exportContacts'),
      cancelText: t('common.cancel'),
      onOk: () => {
        window.location.assign(api.enterprisesExportUrl({ q: values.q, org: values.org }, true));
      },
    });

  const columns: TableColumnsType<EnterpriseSummary> = [
    {
      key: 'name',
      title: t('registry.name'),
      render: (_, enterprise) => (
        <span>
          <Link to={registryPaths.enterprise(enterprise.credit_code)} data-testid="enterprise-link">
            {enterprise.name}
          </Link>
          <SyntheticTag synthetic={enterprise.synthetic} />
        </span>
      ),
    },
    { key: 'credit_code', title: t('registry.creditCode'), dataIndex: 'credit_code', ...noWrap, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    { key: 'org', title: t('registry.area'), dataIndex: 'org_name', render: (name: string) => <span data-testid="enterprise-org">{name}</span> },
    {
      key: 'industry',
      title: t('registry.industry'),
      // The GB/T 4754 name, the code on hover.
      render: (_, enterprise) => (enterprise.industry ? <span title={enterprise.industry}>{enterprise.industry_name ?? enterprise.industry}</span> : '—'),
    },
    {
      key: 'certifications',
      title: t('registry.validCertifications'),
      render: (_, enterprise) =>
        enterprise.certifications.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space size={[0, 4]} wrap>
            {[...new Set(enterprise.certifications)].map((type) => (
              <Tag key={type} color="blue">
                {certificationLabel(type)}
              </Tag>
            ))}
          </Space>
        ),
    },
    { key: 'above_scale', title: t('registry.aboveScale'), width: 80, ...noWrap, render: (_, enterprise) => (enterprise.above_scale ? <Tag color="green">{t('registry.yes')}</Tag> : t('registry.no')) },
  ];

  // An estimated total may fall short of the matches: a full page always offers the next one,
  // so that paging reaches every record.
  const rowsShown = query.data?.enterprises.length ?? 0;
  const total = query.data?.total_estimated ? Math.max(query.data.total, rowsShown === pageSize ? page * pageSize + 1 : (page - 1) * pageSize + rowsShown) : (query.data?.total ?? 0);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading
        title={t('registry.enterprisesTitle')}
        intro={t('registry.enterprisesIntro')}
        extra={
          <>
            <Button icon={<FileExcelOutlined />} href={api.enterprisesExportUrl({ q: values.q, org: values.org }, false)} download data-testid="export-enterprises">
              {t('registry.export')}
            </Button>
            {can('registry.contacts') && (
              <Button icon={<LockOutlined />} onClick={exportContacts} data-testid="export-enterprises-contacts">
                {t('registry.exportContacts')}
              </Button>
            )}
          </>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <RegistrySearch value={values.q} onSearch={(q) => set({ q })} placeholder={t('registry.searchName')} width={300} testId="enterprise-search" />
          <AreaFilter value={values.org} onChange={(org) => set({ org })} />
          <Select
            allowClear
            value={values.certification}
            placeholder={t('registry.certificationFilter')}
            options={certificationFilterTypes.map((type) => ({ value: type, label: certificationLabel(type) }))}
            onChange={(certification: string | undefined) => set({ certification })}
            style={{ minWidth: 180 }}
            data-testid="certification-filter"
          />
          <Select
            allowClear
            value={filter.above_scale}
            placeholder={t('registry.aboveScale')}
            options={[
              { value: 'true', label: t('registry.aboveScaleOnly') },
              { value: 'false', label: t('registry.belowScaleOnly') },
            ]}
            onChange={(aboveScale: string | undefined) => set({ above_scale: aboveScale })}
            style={{ minWidth: 120 }}
          />
          <Select
            value={filter.sort ?? (values.q ? 'relevance' : 'name')}
            options={[
              ...(values.q ? [{ value: 'relevance', label: t('registry.sortRelevance') }] : []),
              ...sorts.map((sort) => ({ value: sort, label: t(`registry.sort.${sort}`) })),
            ]}
            onChange={(sort: string) => set({ sort: sort === 'relevance' ? undefined : sort })}
            style={{ minWidth: 150 }}
            data-testid="enterprise-sort"
          />
        </Space>
        <PagedRegistryTable<EnterpriseSummary>
          query={query}
          rows={query.data?.enterprises ?? []}
          total={total}
          totalLabel={query.data?.total_estimated ? t('registry.countEstimated', { count: total }) : undefined}
          columns={columns}
          rowKey="credit_code"
          testId="enterprises-table"
          scrollX={1000}
          paging={{ page, pageSize, set }}
        />
      </Card>
    </Space>
  );
}
