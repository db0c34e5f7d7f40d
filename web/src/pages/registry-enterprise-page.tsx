import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Descriptions, Empty, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useEnterprise } from '../api/private-queries.ts';
import type { EnterpriseCertification, RegistryHistoryEntry } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { formatNumber } from '../features/indicators/format-value.ts';
import { formatDateTime } from '../features/language/format-date.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { SyntheticTag, useCertificationLabel } from '../features/registry/registry-ui.tsx';
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
};

/** Nothing, however stored: null, absent, '' or an empty object. */
const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (typeof value === 'object' && Object.keys(value).length === 0);

/** A stored value as a reader knows it (the same value, however stored, compares equal). */
const canonical = (value: unknown) => (isEmpty(value) ? null : JSON.stringify(value));

/** The fields a history entry changed (all of them, for a creation), before and after. */
function changedFields(entry: RegistryHistoryEntry): { field: string; before: unknown; after: unknown }[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((field) => field !== 'nameGrams' && field !== 'synthetic' && field !== 'updatedAt');
  return fields
    .filter((field) => (entry.change === 'create' ? !isEmpty(after[field]) : canonical(before[field]) !== canonical(after[field])))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

/**
 * /registry/enterprises/:code — one enterprise: its fields, contacts (masked unless the account
 * may see them; the server audits every unmasked view), certifications with their validity, yearly
 * figures and the history of its record. Outside the account's scope the server answers 404.
 */
export function RegistryEnterprisePage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { code } = useParams();
  const { session } = useSession();
  const certificationLabel = useCertificationLabel();
  const query = useEnterprise(code);
  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const { enterprise, certifications, history } = query.data;
  const own = session?.abilities['registry.read'] === 'own_enterprise';
  const show = (value: unknown): string => {
    if (isEmpty(value)) return '—';
    if (typeof value === 'boolean') return value ? t('registry.yes') : t('registry.no');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value as string | number);
  };
  const fieldLabel = (field: string) => (historyFields[field] ? t(`registry.field.${historyFields[field]}` as 'registry.field.name') : field);

  const certificationColumns: TableColumnsType<EnterpriseCertification> = [
    { key: 'type', title: t('registry.certificationType'), render: (_, cert) => certificationLabel(cert.type) },
    { key: 'number', title: t('registry.certificationNumber'), dataIndex: 'number', render: (number: string | null) => number || '—' },
    { key: 'valid', title: t('registry.validity'), render: (_, cert) => `${cert.valid_from} ~ ${cert.valid_to}` },
    {
      key: 'status',
      title: t('registry.status'),
      render: (_, cert) =>
        cert.valid_today ? (
          <Tag color="green" data-testid="certification-valid">{t('registry.valid')}</Tag>
        ) : cert.status === 'valid' ? (
          <Tag data-testid="certification-expired">{t('registry.expired')}</Tag>
        ) : (
          <Tag color="red">{t('registry.revoked')}</Tag>
        ),
    },
  ];

  const years = Object.entries(enterprise.years ?? {}).sort(([a], [b]) => b.localeCompare(a));
  const yearFields = [...new Set(years.flatMap(([, figures]) => Object.keys(figures)))];
  const yearColumns: TableColumnsType<{ year: string; figures: Record<string, number | null> }> = [
    { key: 'year', title: t('registry.year'), dataIndex: 'year', width: 90 },
    ...yearFields.map((field) => ({
      key: field,
      title: t(`registry.figure.${field}`, { defaultValue: field }),
      align: 'right' as const,
      render: (_: unknown, row: { figures: Record<string, number | null> }) => {
        const value = row.figures[field];
        return typeof value === 'number' ? formatNumber(value, language) : '—';
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
        intro={t('registry.updatedAt', { time: formatDateTime(enterprise.updated_at, language) })}
      />
      <Card title={t('registry.basics')}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'credit_code', label: t('registry.creditCode'), children: <Typography.Text code>{enterprise.credit_code}</Typography.Text> },
            { key: 'org', label: t('registry.area'), children: `${enterprise.org_name}（${enterprise.org}）` },
            { key: 'industry', label: t('registry.industry'), children: enterprise.industry ?? '—' },
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
            rowKey="year"
            size="small"
            columns={yearColumns}
            dataSource={years.map(([year, figures]) => ({ year, figures }))}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        )}
      </Card>
      <Card title={t('registry.history')}>
        {history.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.noHistory')} />
        ) : (
          <Timeline
            data-testid="enterprise-history"
            items={[...history].reverse().map((entry, index) => ({
              key: index,
              color: entry.change === 'create' ? 'green' : 'blue',
              content: (
                <div data-testid="history-entry">
                  <Typography.Text strong>{entry.change === 'create' ? t('registry.created') : t('registry.updated')}</Typography.Text>{' '}
                  <Typography.Text type="secondary">
                    {formatDateTime(entry.changed_at, language)}
                    {entry.changed_by ? ` · ${entry.changed_by}` : ''}
                  </Typography.Text>
                  <ul className="registry-history__changes">
                    {changedFields(entry).map(({ field, before, after }) => (
                      <li key={field}>
                        {fieldLabel(field)}：
                        {entry.change === 'update' && (
                          <>
                            <Typography.Text delete type="secondary">{show(before)}</Typography.Text> →{' '}
                          </>
                        )}
                        <Typography.Text>{show(after)}</Typography.Text>
                      </li>
                    ))}
                  </ul>
                </div>
              ),
            }))}
          />
        )}
      </Card>
    </Space>
  );
}
