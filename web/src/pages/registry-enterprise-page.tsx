import { ArrowLeftOutlined, CalculatorOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useEnterprise } from '../api/private-queries.ts';
import type { EnterpriseCertification, EnterpriseEvent, FinancialYear } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useLanguage } from '../features/language/use-language.ts';
import { languageTag } from '../features/language/language.ts';
import { EnterpriseEditDrawer } from '../features/registry/enterprise-edit-drawer.tsx';
import { formatBeijingTime } from '../features/language/beijing-time.ts';
import { financialFieldNames } from '../features/registry/financial-fields.ts';
import { formatYuan } from '../features/registry/registry-money.ts';
import { RegistryHistory } from '../features/registry/registry-history.tsx';
import { EnterpriseDeclarations, EnterpriseEvents, useEventsText } from '../features/registry/enterprise-events.tsx';
import { MoneyUnit, noWrap, SyntheticTag, useCertificationLabel } from '../features/registry/registry-ui.tsx';
import { registryPaths } from '../features/session/session-paths.ts';
import { useSession } from '../features/session/use-session.ts';

/** History records keep the stored field names; these are the ones a reader knows by another name. */
const historyFields: Record<string, string> = {
  creditCode: 'creditCode',
  credit_code: 'creditCode',
  name: 'name',
  org: 'area',
  industry: 'industry',
  founded: 'founded',
  aboveScale: 'aboveScale',
  above_scale: 'aboveScale',
  contactName: 'contactName',
  contact_name: 'contactName',
  contactPhone: 'contactPhone',
  contact_phone: 'contactPhone',
  years: 'years',
  // A certificate's fields, in the history of its enterprise.
  type: 'certificationType',
  number: 'certificationNumber',
  validFrom: 'validFrom',
  valid_from: 'validFrom',
  validTo: 'validTo',
  valid_to: 'validTo',
  revokedOn: 'revokedOn',
  revoked_on: 'revokedOn',
};

/** The stored names of the fields issue 12 added (events, score, declarations), labelled under `profiles.field`. */
const profileHistoryFields: Record<string, string> = {
  events: 'events',
  hteInnovationScore: 'hteInnovationScore',
  hte_innovation_score: 'hteInnovationScore',
  deemedTaxation: 'deemedTaxation',
  westernDevelopmentEncouraged: 'westernDevelopmentEncouraged',
  icOrMachineToolList: 'icOrMachineToolList',
};

/**
 * /registry/enterprises/:code — one enterprise: its fields, contacts (masked unless the account
 * may see them; the server audits every unmasked view), certifications with their validity, yearly
 * figures and the history of its record. Outside the account's scope the server answers 404.
 * Who may change what is the server's answer (`editable_fields`): the page offers exactly that.
 */
export function RegistryEnterprisePage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { code } = useParams();
  const { session } = useSession();
  const certificationLabel = useCertificationLabel();
  const eventsText = useEventsText();
  const query = useEnterprise(code);
  const [editing, setEditing] = useState(false);
  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const { enterprise, certifications, history } = query.data;
  const own = session?.abilities['registry.read'] === 'own_enterprise';
  const editable = query.data.editable_fields;
  const fieldLabel = (field: string) =>
    historyFields[field] ? t(`registry.field.${historyFields[field]}` as 'registry.field.name') : profileHistoryFields[field] ? t(`profiles.field.${profileHistoryFields[field]}` as 'profiles.field.events') : field;

  const certificationColumns: TableColumnsType<EnterpriseCertification> = [
    { key: 'type', title: t('registry.certificationType'), render: (_, cert) => certificationLabel(cert.type) },
    { key: 'number', title: t('registry.certificationNumber'), dataIndex: 'number', ...noWrap, render: (number: string | null) => number || '—' },
    { key: 'valid', title: t('registry.validity'), ...noWrap, render: (_, cert) => `${cert.valid_from} ~ ${cert.valid_to}` },
    {
      key: 'status',
      title: t('registry.status'),
      render: (_, cert) =>
        cert.valid_today ? (
          <Tag color="green" data-testid="certification-valid">{t('registry.valid')}</Tag>
        ) : cert.status === 'valid' ? (
          <Tag data-testid="certification-expired">{t('registry.expired')}</Tag>
        ) : (
          <Tag color="red" data-testid="certification-revoked">
            {cert.revoked_on ? t('registry.revokedOn', { date: cert.revoked_on }) : t('registry.revoked')}
          </Tag>
        ),
    },
  ];

  const years = Object.entries(enterprise.years).sort(([a], [b]) => b.localeCompare(a));
  // The fields some year has a figure for, in form order.
  const yearFields = financialFieldNames.filter((field) => years.some(([, figures]) => figures[field] !== undefined));
  const yearColumns: TableColumnsType<{ year: string; figures: FinancialYear }> = [
    { key: 'year', title: t('registry.year'), dataIndex: 'year', width: 90 },
    ...yearFields.map((field) => ({
      key: field,
      // Names only: the table states its money unit once (元); counts have none.
      title: t(`registry.figureName.${field}`, { defaultValue: field }),
      align: 'right' as const,
      ...noWrap,
      render: (_: unknown, row: { figures: FinancialYear }) => {
        const value = row.figures[field];
        // Yuan (exact, two decimals) and head counts read best with thousands separators: 12,345,678.00.
        if (typeof value === 'string') return formatYuan(value, language);
        return typeof value === 'number' ? new Intl.NumberFormat(languageTag(language)).format(value) : '—';
      },
    })),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {!own && (
        <Link to={registryPaths.enterprises}>
          <ArrowLeftOutlined /> {t('registry.backToList')}
        </Link>
      )}
      <PageHeading
        title={
          <span data-testid="enterprise-name">
            {enterprise.name}
            <SyntheticTag synthetic={enterprise.synthetic} />
          </span>
        }
        intro={t('registry.updatedAt', { time: t('registry.beijingTime', { time: formatBeijingTime(enterprise.updated_at) }) })}
        extra={
          <Space wrap>
            {/* 政策计算: the benefits of this enterprise, from its registry data (the enterprise user's own firm: /calculator). */}
            <Link to={own ? registryPaths.calculator : registryPaths.enterpriseCalculator(enterprise.credit_code)} data-testid="enterprise-calculator">
              <Button icon={<CalculatorOutlined />}>{t('calculator.openCalculator')}</Button>
            </Link>
            {editable.length > 0 && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="enterprise-edit">
                {t('registry.edit')}
              </Button>
            )}
          </Space>
        }
      />
      <Card title={t('registry.basics')}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'credit_code', label: t('registry.creditCode'), children: <Typography.Text code>{enterprise.credit_code}</Typography.Text> },
            { key: 'org', label: t('registry.area'), children: `${enterprise.org_name}（${enterprise.org}）` },
            {
              key: 'industry',
              label: t('registry.industry'),
              // GB/T 4754 名称（代码）: the name first, the code beside it for whoever files by it.
              children: enterprise.industry ? (
                <span data-testid="enterprise-industry">
                  {enterprise.industry_name ?? enterprise.industry}
                  {enterprise.industry_name && <Typography.Text type="secondary" className="code-nowrap">（{enterprise.industry}）</Typography.Text>}
                </span>
              ) : (
                '—'
              ),
            },
            { key: 'founded', label: t('registry.founded'), children: enterprise.founded ?? '—' },
            { key: 'above_scale', label: t('registry.aboveScale'), children: enterprise.above_scale ? t('registry.yes') : t('registry.no') },
            {
              key: 'contacts',
              label: t('registry.contacts'),
              children: (
                <span data-testid="enterprise-contacts" data-masked={String(enterprise.contacts_masked)}>
                  {enterprise.contact_name ?? '—'} {enterprise.contact_phone ?? ''}
                  {enterprise.contacts_masked && (
                    <Tag color="orange" style={{ marginInlineStart: 8 }}>
                      {t('registry.masked')}
                    </Tag>
                  )}
                </span>
              ),
            },
          ]}
        />
      </Card>
      <EnterpriseDeclarations enterprise={enterprise} />
      <EnterpriseEvents events={enterprise.events} />
      <Card title={t('registry.certifications')}>
        <Table<EnterpriseCertification>
          data-testid="certifications-table"
          rowKey={(cert) => `${cert.type}|${cert.valid_from}|${cert.number ?? ''}`}
          size="small"
          columns={certificationColumns}
          dataSource={certifications}
          pagination={false}
          locale={{ emptyText: t('registry.noCertifications') }}
        />
      </Card>
      <Card title={t('registry.yearly')}>
        {years.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.noYearly')} />
        ) : (
          <Table
            data-testid="enterprise-years"
            rowKey="year"
            size="small"
            columns={yearColumns}
            dataSource={years.map(([year, figures]) => ({ year, figures }))}
            pagination={false}
            title={() => <MoneyUnit unit={t('registry.moneyUnit', { unit: t('registry.unitYuan') })} />}
            scroll={{ x: 'max-content' }}
          />
        )}
      </Card>
      <Card title={t('registry.history')}>
        <RegistryHistory
          history={history}
          fieldLabel={fieldLabel}
          formatValue={(field, value) =>
            field === 'type' && typeof value === 'string' ? certificationLabel(value) : field === 'events' && Array.isArray(value) ? eventsText(value as EnterpriseEvent[]) : undefined
          }
          testId="enterprise-history"
        />
      </Card>
      {editing && (
        <EnterpriseEditDrawer
          key={enterprise.updated_at}
          detail={query.data}
          onClose={() => setEditing(false)}
          onReload={() => void query.refetch()}
        />
      )}
    </Space>
  );
}
