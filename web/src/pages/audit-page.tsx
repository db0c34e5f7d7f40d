import { DownloadOutlined, SafetyOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import { useAuditEvents } from '../api/private-queries.ts';
import type { AuditEvent, AuditOutcome, AuditVerification } from '../api/types.ts';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { isAccountRole } from '../features/accounts/role-scope.ts';
import { auditOutcomes, readAuditSearch, writeAuditSearch, type AuditFilter } from '../features/audit/audit-filter.ts';
import { formatDateTime } from '../features/language/format-date.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { useSession } from '../features/session/use-session.ts';

interface FilterForm {
  actor?: string;
  entity_type?: string;
  entity_id?: string;
  action?: string;
  outcome?: AuditOutcome;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const outcomeColor: Record<AuditOutcome, string> = { success: 'green', failure: 'orange', denied: 'red' };

/** The days of the filter are Beijing calendar days: the picker shows and gives them as dates, with no time-zone shift. */
const dayFormat = 'YYYY-MM-DD';

function toForm(filter: AuditFilter): FilterForm {
  const { from, to, ...rest } = filter;
  return { ...rest, range: from || to ? [from ? dayjs(from, dayFormat) : null, to ? dayjs(to, dayFormat) : null] : null };
}

function toFilter({ range, ...rest }: FilterForm): AuditFilter {
  const filter: AuditFilter = {};
  for (const key of ['actor', 'entity_type', 'entity_id', 'action'] as const) {
    const value = rest[key]?.trim();
    if (value) filter[key] = value;
  }
  if (rest.outcome) filter.outcome = rest.outcome;
  const [from, to] = range ?? [];
  if (from) filter.from = from.format(dayFormat);
  if (to) filter.to = to.format(dayFormat);
  return filter;
}

/** A text the server gives in both languages, in the reader's. */
function inLanguage(text: { zh: string; en: string }, language: 'zh' | 'en'): string {
  return language === 'zh' ? text.zh : text.en;
}

/** Before and after as labelled fields (名称：变更前 → 变更后), never raw JSON. */
function ChangeTable({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  if (event.details.length === 0) return <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>;
  const hasBefore = event.details.some((detail) => detail.before !== null);
  const columns: TableColumnsType<AuditEvent['details'][number]> = [
    { key: 'field', title: t('audit.field'), width: 220, render: (_, detail) => inLanguage(detail.label, language) },
    ...(hasBefore ? [{ key: 'before', title: t('audit.before'), render: (_: unknown, detail: AuditEvent['details'][number]) => (detail.before ? inLanguage(detail.before, language) : '—') }] : []),
    {
      key: 'after',
      title: hasBefore ? t('audit.after') : t('audit.content'),
      render: (_, detail) => {
        const text = detail.after ? inLanguage(detail.after, language) : '—';
        const changed = hasBefore && detail.before !== null && detail.after !== null && inLanguage(detail.before, language) !== text;
        return changed ? <Typography.Text strong>{text}</Typography.Text> : text;
      },
    },
  ];
  return <Table size="small" rowKey="key" columns={columns} dataSource={event.details} pagination={false} data-testid="audit-change" />;
}

function EventDetails({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  return (
    <div className="audit-details" data-testid="audit-details">
      <ChangeTable event={event} />
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'codes', label: t('audit.codes'), children: <Typography.Text code>{`${event.action} · ${event.entity_type}`}</Typography.Text> },
          { key: 'username', label: t('audit.username'), children: event.actor_username ?? '—' },
          { key: 'request', label: t('audit.requestId'), children: event.request_id ?? '—' },
          { key: 'algorithm', label: t('audit.hashAlgorithm'), children: event.hash_algorithm },
          { key: 'prev', label: t('audit.prevHash'), children: <Typography.Text code className="audit-hash">{event.prev_hash}</Typography.Text> },
          { key: 'hash', label: t('audit.hash'), children: <Typography.Text code className="audit-hash">{event.hash}</Typography.Text> },
        ]}
      />
    </div>
  );
}

function VerificationResult({ result }: { result: AuditVerification }) {
  const { t } = useTranslation();
  if (result.ok) {
    return <Alert type="success" showIcon title={t('audit.verifyOk', { count: result.rows })} data-testid="audit-verify-result" />;
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid="audit-verify-result"
      title={t('audit.verifyFailed', { count: result.problems.length, rows: result.rows })}
      description={
        <ul className="audit-problems">
          {result.problems.map((problem) => (
            <li key={`${problem.seq ?? 'head'}-${problem.kind}`}>
              {problem.seq === null ? problem.message : t('audit.verifyProblem', { seq: problem.seq, message: problem.message })}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * /admin/audit — 审计日志 for the audit administrator: filter, page through, open a record's
 * before/after, export what the filter selects, and check the hash chain.
 */
export function AuditPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { can } = useSession();
  const [searchParams, setSearchParams] = useSearchParams();
  const { filter, page, pageSize } = readAuditSearch(searchParams);
  const query = useAuditEvents(filter, { limit: pageSize, offset: (page - 1) * pageSize });
  const verify = useMutation({ mutationFn: () => api.verifyAudit() });

  const search = (next: AuditFilter, nextPage = 1, nextPageSize = pageSize) => setSearchParams(writeAuditSearch(next, nextPage, nextPageSize));

  const columns: TableColumnsType<AuditEvent> = [
    { key: 'seq', title: t('audit.seq'), dataIndex: 'seq', width: 80 },
    { key: 'time', title: t('audit.time'), width: 180, render: (_, event) => formatDateTime(event.occurred_at, language) },
    {
      key: 'actor',
      title: t('audit.actor'),
      render: (_, event) => (
        <div>
          <Typography.Text title={event.actor_username ?? undefined}>
            {/* The platform itself (start-up, seeding, the operator's CLI) is 系统, not "system". */}
            {event.actor_role === 'system' && event.actor_id === null ? t('audit.systemActor') : (event.actor_name ?? t('audit.anonymous'))}
          </Typography.Text>
          {event.actor_role && event.actor_role !== 'system' && (
            <>
              <br />
              <Typography.Text type="secondary" className="audit-role">
                {isAccountRole(event.actor_role) ? t(`accountRole.${event.actor_role}`) : event.actor_role}
              </Typography.Text>
            </>
          )}
        </div>
      ),
    },
    {
      key: 'action',
      title: t('audit.action'),
      render: (_, event) => (
        <span title={event.action} data-testid="audit-action">
          {inLanguage(event.action_label, language)}
        </span>
      ),
    },
    {
      key: 'entity',
      title: t('audit.entity'),
      render: (_, event) => (
        <span title={event.entity_type}>
          {inLanguage(event.entity_label, language)}
          {/* An account by its name, its id on hover; other entities by their id (a route, a file, a key). */}
          {event.entity_name ? (
            <Typography.Text type="secondary" title={event.entity_id ?? undefined}> · {event.entity_name}</Typography.Text>
          ) : (
            event.entity_id && <Typography.Text type="secondary" className="audit-entity-id"> · {event.entity_id}</Typography.Text>
          )}
        </span>
      ),
    },
    {
      key: 'outcome',
      title: t('audit.outcome'),
      width: 90,
      render: (_, event) => <Tag color={outcomeColor[event.outcome]}>{t(`auditOutcome.${event.outcome}`, { defaultValue: event.outcome })}</Tag>,
    },
    { key: 'ip', title: t('audit.clientIp'), width: 140, render: (_, event) => event.client_ip ?? '—' },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageHeading
        title={t('audit.title')}
        intro={t('audit.intro')}
        extra={
          <>
            {can('audit.export') && (
              <Button icon={<DownloadOutlined />} href={api.auditExportUrl(filter)} download data-testid="audit-export">
                {t('audit.export')}
              </Button>
            )}
            {can('audit.verify') && (
              <Button icon={<SafetyOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
                {t('audit.verify')}
              </Button>
            )}
          </>
        }
      />
      {verify.data && <VerificationResult result={verify.data} />}
      {verify.isError && <Alert type="error" showIcon title={errorMessage(verify.error, language)} data-testid="audit-verify-result" />}
      <Card>
        <Form<FilterForm>
          key={searchParams.toString()}
          layout="inline"
          className="audit-filter"
          initialValues={toForm(filter)}
          onFinish={(values) => search(toFilter(values))}
          data-testid="audit-filter"
        >
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input allowClear placeholder={t('audit.actorPlaceholder')} className="audit-filter__text" />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Input allowClear placeholder={t('audit.actionPlaceholder')} className="audit-filter__text" />
          </Form.Item>
          <Form.Item name="entity_type" label={t('audit.entityType')}>
            <Input allowClear placeholder={t('audit.entityTypePlaceholder')} className="audit-filter__text" />
          </Form.Item>
          <Form.Item name="entity_id" label={t('audit.entityId')}>
            <Input allowClear className="audit-filter__text" />
          </Form.Item>
          <Form.Item name="outcome" label={t('audit.outcome')}>
            <Select
              allowClear
              placeholder={t('audit.anyOutcome')}
              className="audit-filter__outcome"
              options={auditOutcomes.map((outcome) => ({ value: outcome, label: t(`auditOutcome.${outcome}`) }))}
            />
          </Form.Item>
          <Form.Item name="range" label={t('audit.timeRange')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} format={dayFormat} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.search')}
              </Button>
              <Button onClick={() => search({})}>{t('common.reset')}</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        {query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Table<AuditEvent>
            data-testid="audit-table"
            rowKey="seq"
            columns={columns}
            dataSource={query.data?.events ?? []}
            loading={query.isFetching}
            size="middle"
            scroll={{ x: 1000 }}
            locale={{ emptyText: t('audit.empty') }}
            expandable={{ expandedRowRender: (event) => <EventDetails event={event} /> }}
            pagination={{
              current: page,
              pageSize,
              total: query.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('audit.total', { total }),
              onChange: (nextPage, nextPageSize) => search(filter, nextPageSize === pageSize ? nextPage : 1, nextPageSize),
            }}
          />
        )}
      </Card>
    </Space>
  );
}
