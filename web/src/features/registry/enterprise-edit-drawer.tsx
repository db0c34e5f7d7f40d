import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Typography, type FormInstance } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import { errorMessage } from '../../api/error-message.ts';
import { privateKey } from '../../api/private-queries.ts';
import type { EnterpriseChanges, EnterpriseDetail, EnterpriseEventType, FieldProblem } from '../../api/types.ts';
import { useLanguage } from '../language/use-language.ts';
import { enterpriseChanges, enterpriseFormValues, formFieldOf, type EnterpriseFormValues } from './enterprise-changes.ts';
import { enterpriseFlags } from './enterprise-events.tsx';
import { financialFields, firstFinancialYear, lastFinancialYear } from './financial-fields.ts';
import { formatScaled } from './registry-money.ts';
import { AreaFilter } from './registry-ui.tsx';

function isFieldProblem(value: unknown): value is FieldProblem {
  return typeof value === 'object' && value !== null && typeof (value as { field?: unknown }).field === 'string' && typeof (value as { message?: unknown }).message === 'string';
}

/** 1234567.5 → 1,234,567.5 as typed: the whole part grouped, the decimals left alone. */
function groupThousands(text: string): string {
  const [whole = '', ...rest] = text.split('.');
  return [whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','), ...rest].join('.');
}

/** 1,234,567 元 is hard to read at a glance: the same in 万元 under the field. */
function TenThousandHint({ form, name }: { form: FormInstance<EnterpriseFormValues>; name: (string | number)[] }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const value: unknown = Form.useWatch(name, form);
  if (typeof value !== 'string' || !(Number(value) >= 10_000)) return null;
  return <div className="financial-hint">{t('registry.yuanTenThousand', { amount: formatScaled(value, language, { shift: 4, fractionDigits: 2 }) })}</div>;
}

/**
 * The edit form of one enterprise, in a drawer: exactly the fields the server says this account
 * may change (`editable_fields`), and the yearly financials as a table of years. Saves only what
 * changed, with the `updated_at` it was loaded with, so that a concurrent change is refused (409)
 * instead of silently overwritten.
 */
export function EnterpriseEditDrawer({ detail, onClose, onReload }: { detail: EnterpriseDetail; onClose: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EnterpriseFormValues>();
  const [problem, setProblem] = useState<{ kind: 'conflict' | 'other'; messages: string[] } | undefined>();
  const { enterprise } = detail;
  const editable = detail.editable_fields;
  const may = (field: (typeof editable)[number]) => editable.includes(field);

  const save = useMutation({
    mutationFn: (changes: EnterpriseChanges) => api.updateEnterprise(enterprise.credit_code, changes),
    onSuccess: async (answer) => {
      queryClient.setQueryData([privateKey, 'registry', 'enterprise', enterprise.credit_code], answer);
      void message.success(t('registry.editSaved'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: [privateKey, 'registry', 'enterprises'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        setProblem({ kind: 'conflict', messages: [t('registry.editConflict')] });
        return;
      }
      if (error instanceof ApiError && error.status === 400 && Array.isArray(error.details)) {
        const values = form.getFieldsValue(true);
        const unplaced: string[] = [];
        const placed = new Map<string, { name: (string | number)[]; errors: string[] }>();
        for (const detailProblem of error.details.filter(isFieldProblem)) {
          const text = language === 'en' && detailProblem.message_en ? detailProblem.message_en : detailProblem.message;
          const name = formFieldOf(detailProblem.field, values);
          if (name === undefined || (name.length === 1 && (name[0] === 'years' || name[0] === 'events'))) unplaced.push(text);
          else {
            const key = name.join('.');
            placed.set(key, { name, errors: [...(placed.get(key)?.errors ?? []), text] });
          }
        }
        form.setFields([...placed.values()] as Parameters<typeof form.setFields>[0]);
        setProblem({ kind: 'other', messages: unplaced.length > 0 ? unplaced : [t('registry.editFieldErrors')] });
        return;
      }
      setProblem({ kind: 'other', messages: [errorMessage(error, language)] });
    },
  });

  const submit = async () => {
    setProblem(undefined);
    const values = await form.validateFields().catch(() => undefined);
    if (values === undefined) return;
    const changes = enterpriseChanges(enterprise, form.getFieldsValue(true), editable);
    if (changes === undefined) {
      void message.info(t('registry.editNothing'));
      onClose();
      return;
    }
    save.mutate(changes);
  };

  const yearColumns = (remove: (index: number) => void) => [
    {
      key: 'year',
      title: t('registry.year'),
      width: 110,
      fixed: 'left' as const,
      render: (_: unknown, field: { name: number }) => (
        <Form.Item
          name={[field.name, 'year']}
          rules={[
            { required: true, message: t('registry.yearRequired') },
            {
              validator: (_rule, value: unknown) => {
                const rows: EnterpriseFormValues['years'] = form.getFieldValue('years');
                const same = (rows ?? []).filter((row) => row.year === value).length;
                return same > 1 ? Promise.reject(new Error(t('registry.yearDuplicate'))) : Promise.resolve();
              },
            },
          ]}
          style={{ marginBottom: 0 }}
        >
          <InputNumber aria-label={t('registry.year')} min={firstFinancialYear} max={lastFinancialYear()} precision={0} controls={false} style={{ width: 80 }} />
        </Form.Item>
      ),
    },
    ...financialFields.map(({ field, kind }) => ({
      key: field,
      // Names only: the hint above states the money unit (元) once.
      title: t(`registry.figureName.${field}`),
      width: kind === 'money' ? 150 : 96,
      render: (_: unknown, row: { name: number }) => (
        <>
          <Form.Item name={[row.name, field]} style={{ marginBottom: 0 }}>
            {kind === 'money' ? (
              // Amounts stay text, exact to the 分, as the server takes them (yuan).
              <InputNumber<string>
                aria-label={t(`registry.figureName.${field}`)}
                stringMode
                min="0"
                precision={2}
                controls={false}
                style={{ width: '100%' }}
                formatter={(value) => groupThousands(value ?? '')}
                parser={(text) => (text ?? '').replace(/,/g, '')}
              />
            ) : (
              <InputNumber<number>
                aria-label={t(`registry.figureName.${field}`)}
                min={0}
                precision={0}
                controls={false}
                style={{ width: '100%' }}
                formatter={(value) => (value === undefined || value === null || `${value}` === '' ? '' : Number(value).toLocaleString('en-US', { maximumFractionDigits: 0 }))}
                parser={(text) => Number((text ?? '').replace(/,/g, ''))}
              />
            )}
          </Form.Item>
          {kind === 'money' && <TenThousandHint form={form} name={['years', row.name, field]} />}
        </>
      ),
    })),
    {
      key: 'remove',
      title: '',
      width: 56,
      fixed: 'right' as const,
      render: (_: unknown, row: { name: number }) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('registry.removeYear')} onClick={() => remove(row.name)} data-testid="remove-year" />,
    },
  ];

  /** The event types, in the server's order; only an award carries an amount. */
  const eventTypes: readonly EnterpriseEventType[] = ['first_above_scale', 'first_innovative_demo_enterprise', 'national_st_award'];
  const eventWithAmount = (type: unknown) => type === 'national_st_award';
  const eventColumns = (remove: (index: number) => void) => [
    {
      key: 'type',
      title: t('profiles.eventType'),
      width: 280,
      render: (_: unknown, row: { name: number }) => (
        <Form.Item name={[row.name, 'type']} rules={[{ required: true, message: t('profiles.eventTypeRequired') }]} style={{ marginBottom: 0 }}>
          <Select aria-label={t('profiles.eventType')} options={eventTypes.map((type) => ({ value: type, label: t(`profiles.eventTypes.${type}`) }))} data-testid="event-type" />
        </Form.Item>
      ),
    },
    {
      key: 'year',
      title: t('profiles.eventYear'),
      width: 110,
      render: (_: unknown, row: { name: number }) => (
        <Form.Item
          name={[row.name, 'year']}
          rules={[
            { required: true, message: t('registry.yearRequired') },
            {
              validator: (_rule, value: unknown) => {
                const rows: EnterpriseFormValues['events'] = form.getFieldValue('events');
                const type: unknown = form.getFieldValue(['events', row.name, 'type']);
                const same = (rows ?? []).filter((other) => other.year === value && other.type === type).length;
                return same > 1 ? Promise.reject(new Error(t('profiles.eventDuplicate'))) : Promise.resolve();
              },
            },
          ]}
          style={{ marginBottom: 0 }}
        >
          <InputNumber aria-label={t('profiles.eventYear')} min={firstFinancialYear} max={lastFinancialYear()} precision={0} controls={false} style={{ width: 80 }} data-testid="event-year" />
        </Form.Item>
      ),
    },
    {
      key: 'amount',
      title: t('profiles.eventAmount'),
      width: 180,
      render: (_: unknown, row: { name: number }) => (
        <Form.Item noStyle shouldUpdate={(before: EnterpriseFormValues, after: EnterpriseFormValues) => before.events?.[row.name]?.type !== after.events?.[row.name]?.type}>
          {() =>
            eventWithAmount(form.getFieldValue(['events', row.name, 'type'])) ? (
              <Form.Item name={[row.name, 'amount']} style={{ marginBottom: 0 }} extra={t('profiles.eventAmountHint')}>
                <InputNumber<string>
                  aria-label={t('profiles.eventAmount')}
                  stringMode
                  min="0"
                  precision={2}
                  controls={false}
                  style={{ width: '100%' }}
                  formatter={(value) => groupThousands(value ?? '')}
                  parser={(text) => (text ?? '').replace(/,/g, '')}
                />
              </Form.Item>
            ) : (
              '—'
            )
          }
        </Form.Item>
      ),
    },
    {
      key: 'remove',
      title: '',
      width: 56,
      render: (_: unknown, row: { name: number }) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('profiles.removeEvent')} onClick={() => remove(row.name)} data-testid="remove-event" />,
    },
  ];

  const nextYear = () => {
    const years = ((form.getFieldValue('years') ?? []) as EnterpriseFormValues['years'] & object).map((row) => row.year ?? 0);
    const latest = Math.max(lastFinancialYear() - 2, ...years);
    return Math.min(latest + 1, lastFinancialYear());
  };

  return (
    <Drawer
      open
      title={t('registry.editTitle', { name: enterprise.name })}
      size="min(1280px, 100vw)"
      onClose={onClose}
      data-testid="enterprise-edit-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="enterprise-save">
            {t('registry.save')}
          </Button>
        </Space>
      }
    >
      {problem && (
        <Alert
          type={problem.kind === 'conflict' ? 'warning' : 'error'}
          showIcon
          style={{ marginBottom: 16 }}
          title={problem.messages.length === 1 ? problem.messages[0] : t('registry.editFieldErrors')}
          description={problem.messages.length > 1 ? <ul className="registry-history__changes">{problem.messages.map((text) => <li key={text}>{text}</li>)}</ul> : undefined}
          action={problem.kind === 'conflict' ? <Button size="small" onClick={onReload} data-testid="enterprise-reload">{t('registry.reload')}</Button> : undefined}
          data-testid="enterprise-edit-error"
        />
      )}
      <Form<EnterpriseFormValues> form={form} name="enterprise-edit" layout="vertical" initialValues={enterpriseFormValues(enterprise)} data-testid="enterprise-edit-form">
        <Row gutter={16}>
          {may('name') && (
            <Col xs={24} md={12}>
              <Form.Item name="name" label={t('registry.name')} rules={[{ required: true, whitespace: true, message: t('registry.nameRequired') }, { max: 200 }]}>
                <Input />
              </Form.Item>
            </Col>
          )}
          {may('org') && (
            <Col xs={24} md={12}>
              <Form.Item name="org" label={t('registry.area')} rules={[{ required: true, message: t('registry.areaRequired') }, { pattern: /^\d{4}(?!00)\d{2}$/, message: t('registry.countyRequired') }]}>
                <AreaFilter />
              </Form.Item>
            </Col>
          )}
          {may('industry') && (
            <Col xs={24} md={12}>
              <Form.Item name="industry" label={t('registry.industry')} extra={t('registry.industryHint')}>
                <Input allowClear maxLength={10} />
              </Form.Item>
            </Col>
          )}
          {may('founded') && (
            <Col xs={24} md={12}>
              <Form.Item name="founded" label={t('registry.founded')} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('registry.dateFormat') }]}>
                <Input allowClear placeholder="YYYY-MM-DD" maxLength={10} />
              </Form.Item>
            </Col>
          )}
          {may('above_scale') && (
            <Col xs={24} md={12}>
              <Form.Item name="above_scale" label={t('registry.aboveScale')} valuePropName="checked">
                <Switch checkedChildren={t('registry.yes')} unCheckedChildren={t('registry.no')} />
              </Form.Item>
            </Col>
          )}
          {may('contact_name') && (
            <Col xs={24} md={12}>
              <Form.Item name="contact_name" label={t('registry.field.contactName')} extra={enterprise.contacts_masked ? t('registry.maskedKeep') : undefined}>
                <Input allowClear maxLength={50} />
              </Form.Item>
            </Col>
          )}
          {may('contact_phone') && (
            <Col xs={24} md={12}>
              <Form.Item
                name="contact_phone"
                label={t('registry.field.contactPhone')}
                rules={[{ pattern: /^[\d+\-\s()]{5,30}$/, message: t('registry.phoneFormat') }]}
                extra={enterprise.contacts_masked ? t('registry.maskedKeep') : undefined}
              >
                <Input allowClear maxLength={30} />
              </Form.Item>
            </Col>
          )}
          {may('hte_innovation_score') && (
            <Col xs={24} md={12}>
              <Form.Item name="hte_innovation_score" label={t('profiles.hteInnovationScore')} extra={t('profiles.hteInnovationScoreHint')}>
                <InputNumber min={0} max={100} precision={0} style={{ width: 160 }} data-testid="hte-innovation-score" />
              </Form.Item>
            </Col>
          )}
          {may('flags') &&
            enterpriseFlags.map((flag) => (
              <Col xs={24} md={12} key={flag}>
                <Form.Item name={['flags', flag]} label={t(`profiles.flag.${flag}`)}>
                  <Select
                    data-testid={`flag-${flag}`}
                    options={[
                      { value: 'unset', label: t('profiles.notDeclared') },
                      { value: 'yes', label: t('profiles.flagYes') },
                      { value: 'no', label: t('profiles.flagNo') },
                    ]}
                  />
                </Form.Item>
              </Col>
            ))}
        </Row>
        {may('events') && (
          <>
            <Typography.Title level={5}>{t('profiles.events')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('profiles.eventsIntro')}</Typography.Paragraph>
            <Form.List name="events">
              {(fields, { add, remove }) => (
                <>
                  <Table
                    data-testid="events-table"
                    rowKey="key"
                    size="small"
                    columns={eventColumns(remove)}
                    dataSource={fields}
                    pagination={false}
                    locale={{ emptyText: t('profiles.noEvents') }}
                  />
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: null, year: lastFinancialYear(), amount: null })} style={{ marginTop: 12, marginBottom: 24 }} data-testid="add-event">
                    {t('profiles.addEvent')}
                  </Button>
                </>
              )}
            </Form.List>
          </>
        )}
        {may('years') && (
          <>
            <Typography.Title level={5}>{t('registry.yearly')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('registry.yearlyEditHint')}</Typography.Paragraph>
            <Form.List name="years">
              {(fields, { add, remove }) => (
                <>
                  <Table
                    data-testid="financial-years-table"
                    className="financial-years-table"
                    rowKey="key"
                    size="small"
                    columns={yearColumns(remove)}
                    dataSource={fields}
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                    onRow={() => ({ 'data-testid': 'financial-year-row' }) as HTMLAttributes<HTMLElement>}
                    locale={{ emptyText: t('registry.noYearly') }}
                  />
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ year: nextYear() }, 0)} style={{ marginTop: 12 }} data-testid="add-year">
                    {t('registry.addYear')}
                  </Button>
                </>
              )}
            </Form.List>
          </>
        )}
      </Form>
    </Drawer>
  );
}
