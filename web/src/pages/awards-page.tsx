import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Modal, Radio, Space, Table, Tabs, Timeline, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/error-message.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { awardsApi, awardsKey, useAward, useAwardNotices, useAwards, type Award, type AwardState } from '../features/awards/awards-api.ts';
import { awardTabs, yuanText } from '../features/awards/award-format.ts';
import { AwardStateTag } from '../features/awards/award-state-tag.tsx';
import { beijingYear, formatBeijingTime } from '../features/language/beijing-time.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { useSession } from '../features/session/use-session.ts';

/** Today's date in Beijing, `YYYY-MM-DD`. */
const beijingToday = () => formatBeijingTime(new Date().toISOString()).slice(0, 10);

type Dialog = { kind: 'publish' } | { kind: 'pay'; award: Award } | { kind: 'withdraw'; award: Award } | { kind: 'reinstate'; award: Award } | { kind: 'objection'; award: Award } | { kind: 'resolve'; award: Award };

/** /awards — 奖励台账: the coordinator's ledger from candidate to paid, with the 公示 notices. */
export function AwardsPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const { can } = useSession();
  const manage = can('awards.manage');
  const pay = can('awards.pay');
  const queryClient = useQueryClient();
  const [state, setState] = useState<AwardState>('candidate');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [historyOf, setHistoryOf] = useState<string | undefined>();
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const query = useAwards({ state, page, page_size: 50 });
  const notices = useAwardNotices(manage);

  const done = (text: string) => {
    void message.success(text);
    setSelected([]);
    setDialog(undefined);
    void queryClient.invalidateQueries({ queryKey: awardsKey });
  };
  const act = useMutation({
    mutationFn: async (run: () => Promise<unknown>) => run(),
    onError: (error) => void message.error(errorMessage(error, language)),
  });
  const run = (work: () => Promise<unknown>, success: string) => act.mutate(work, { onSuccess: () => done(success) });

  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const { awards, counts, total } = query.data;

  const columns: TableColumnsType<Award> = [
    { title: t('awards.enterprise'), dataIndex: 'enterprise_name', render: (name: string, award) => <Space orientation="vertical" size={0}><span>{name}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{award.credit_code}</Typography.Text></Space> },
    { title: t('awards.area'), dataIndex: 'area_name' },
    { title: t('awards.incentive'), dataIndex: 'incentive_title' },
    { title: t('awards.year'), dataIndex: 'year', width: 72 },
    { title: t('awards.amount'), dataIndex: 'amount', align: 'right', render: (amount: string) => yuanText(amount, language) },
    {
      title: t('awards.state'),
      dataIndex: 'state',
      render: (_: string, award) => (
        <Space orientation="vertical" size={0}>
          <AwardStateTag state={award.state} label={award.state_label} />
          {award.notice_ends_on && award.state === 'announced' && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('awards.noticeEnds', { date: award.notice_ends_on })}</Typography.Text>}
          {award.withdrawn_reason && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{award.withdrawn_reason}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('awards.actions'),
      key: 'actions',
      render: (_: unknown, award) => (
        <Space wrap size="small">
          <Button size="small" onClick={() => setHistoryOf(award.id)} data-testid="award-history">{t('awards.history')}</Button>
          {manage && award.state === 'announced' && <Button size="small" onClick={() => setDialog({ kind: 'objection', award })}>{t('awards.raiseObjection')}</Button>}
          {manage && award.state === 'objection_raised' && <Button size="small" onClick={() => setDialog({ kind: 'resolve', award })}>{t('awards.resolveObjection')}</Button>}
          {pay && award.state === 'approved' && <Button size="small" type="primary" onClick={() => setDialog({ kind: 'pay', award })} data-testid="award-pay">{t('awards.pay')}</Button>}
          {manage && award.state !== 'paid' && award.state !== 'withdrawn' && <Button size="small" danger onClick={() => setDialog({ kind: 'withdraw', award })}>{t('awards.withdraw')}</Button>}
          {manage && award.state === 'withdrawn' && <Button size="small" onClick={() => setDialog({ kind: 'reinstate', award })}>{t('awards.reinstate')}</Button>}
        </Space>
      ),
    },
  ];

  const bulk =
    state === 'candidate' ? (
      <Button type="primary" disabled={selected.length === 0} loading={act.isPending} onClick={() => run(() => awardsApi.confirm(selected), t('awards.confirmed', { count: selected.length }))} data-testid="awards-confirm">
        {t('awards.confirm', { count: selected.length })}
      </Button>
    ) : state === 'confirmed' ? (
      <Button type="primary" disabled={selected.length === 0} onClick={() => setDialog({ kind: 'publish' })} data-testid="awards-publish">
        {t('awards.publish', { count: selected.length })}
      </Button>
    ) : state === 'announced' || state === 'period_ended' ? (
      <Button type="primary" disabled={selected.length === 0} loading={act.isPending} onClick={() => run(() => awardsApi.approve(selected), t('awards.approved', { count: selected.length }))} data-testid="awards-approve">
        {t('awards.approve', { count: selected.length })}
      </Button>
    ) : null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageHeading title={t('awards.title')} intro={t('awards.intro')} />
      <Card>
        <Tabs
          activeKey={state}
          onChange={(key) => {
            setState(key as AwardState);
            setPage(1);
            setSelected([]);
          }}
          items={awardTabs.map((tab) => ({ key: tab, label: <span data-testid={`awards-tab-${tab}`}>{t(`awards.states.${tab}`)} <Badge count={counts[tab] ?? 0} showZero color={tab === state ? '#1f5fbf' : '#bfbfbf'} /></span> }))}
        />
        {manage && bulk && <div style={{ marginBottom: 12 }}>{bulk}</div>}
        <Table
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={awards}
          rowSelection={manage && bulk ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), getCheckboxProps: (award) => ({ disabled: state === 'announced' && !award.eligible_for_approval }) } : undefined}
          pagination={{ current: page, pageSize: 50, total, onChange: setPage, showSizeChanger: false }}
          locale={{ emptyText: t('awards.empty') }}
        />
      </Card>
      {manage && (
        <Card title={t('awards.notices')} data-testid="award-notices">
          <Table
            rowKey="id"
            size="small"
            loading={notices.isPending}
            dataSource={notices.data?.notices ?? []}
            pagination={false}
            columns={[
              { title: t('awards.noticeTitle'), dataIndex: 'title' },
              { title: t('awards.noticePeriod'), key: 'period', render: (_: unknown, notice) => `${notice.published_on} — ${notice.ends_on}` },
              { title: t('awards.noticeCount'), dataIndex: 'award_count', width: 90 },
              { title: t('awards.noticeState'), dataIndex: 'state', render: (value: 'open' | 'closed', notice) => t(`awards.noticeStates.${value === 'open' && notice.ends_on < beijingToday() ? 'ended' : value}`) },
              {
                title: t('awards.actions'),
                key: 'actions',
                render: (_: unknown, notice) => (
                  <Space size="small">
                    <a href={awardsApi.noticeFile(notice.id, 'docx')} download>{t('awards.exportWord')}</a>
                    <a href={awardsApi.noticeFile(notice.id, 'xlsx')} download>{t('awards.exportExcel')}</a>
                    {notice.state === 'open' && <Button size="small" onClick={() => run(() => awardsApi.endNotice(notice.id), t('awards.noticeEnded'))}>{t('awards.endNotice')}</Button>}
                  </Space>
                ),
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('awards.workingDaysNote')}</Typography.Paragraph>
        </Card>
      )}
      <HistoryDrawer id={historyOf} onClose={() => setHistoryOf(undefined)} />
      {dialog?.kind === 'publish' && <PublishDialog count={selected.length} busy={act.isPending} onCancel={() => setDialog(undefined)} onSubmit={(title, days) => run(() => awardsApi.publish({ title, ids: selected, notice_days: days }), t('awards.published'))} />}
      {dialog?.kind === 'pay' && <PayDialog award={dialog.award} busy={act.isPending} onCancel={() => setDialog(undefined)} onSubmit={(payment) => run(() => awardsApi.pay(dialog.award.id, payment), t('awards.paid'))} />}
      {dialog?.kind === 'reinstate' && <TextDialog title={t('awards.reinstateTitle', { name: dialog.award.enterprise_name })} label={t('awards.reinstateReason')} busy={act.isPending} onCancel={() => setDialog(undefined)} onSubmit={(reason) => run(() => awardsApi.reinstate(dialog.award.id, reason), t('awards.reinstated'))} />}
      {dialog?.kind === 'withdraw' && <TextDialog title={t('awards.withdrawTitle', { name: dialog.award.enterprise_name })} label={t('awards.reason')} busy={act.isPending} onCancel={() => setDialog(undefined)} onSubmit={(reason) => run(() => awardsApi.withdraw(dialog.award.id, reason), t('awards.withdrawn'))} />}
      {dialog?.kind === 'objection' && <TextDialog title={t('awards.raiseObjection')} label={t('awards.objectionText')} busy={act.isPending} onCancel={() => setDialog(undefined)} onSubmit={(text) => run(() => awardsApi.raiseObjection(dialog.award.id, text), t('awards.objectionRaised'))} />}
      {dialog?.kind === 'resolve' && <ResolveDialog busy={act.isPending} onCancel={() => setDialog(undefined)} onSubmit={(outcome, resolution) => run(() => awardsApi.resolveObjection(dialog.award.id, outcome, resolution), t('awards.objectionResolved'))} />}
    </Space>
  );
}

function HistoryDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const detail = useAward(id);
  const label = (state: AwardState | null) => (state ? t(`awards.states.${state}`) : t('awards.created'));
  return (
    <Drawer open={id !== undefined} onClose={onClose} title={t('awards.history')} size="large" data-testid="award-history-drawer">
      {detail.isPending ? (
        <Loading />
      ) : detail.isError ? (
        <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Title level={5}>{`${detail.data.enterprise_name} · ${detail.data.incentive_title} · ${detail.data.year}`}</Typography.Title>
          <Typography.Text>{yuanText(detail.data.amount, language)}</Typography.Text>
          <Timeline
            items={detail.data.history.map((step) => ({
              content: (
                <span>
                  {label(step.from_state)} → {label(step.to_state)} · {step.actor} · {t('awards.historyAt', { time: formatBeijingTime(step.at) })}
                  {step.note ? ` · ${step.note}` : ''}
                </span>
              ),
            }))}
          />
          {detail.data.objections.map((objection) => (
            <Typography.Paragraph key={objection.id}>
              {t('awards.objection')}：{objection.raised_on} {objection.text}
              {objection.outcome ? ` → ${t(`awards.outcomes.${objection.outcome}`)}：${objection.resolution ?? ''}` : ''}
            </Typography.Paragraph>
          ))}
          {detail.data.payment && <Typography.Paragraph>{t('awards.paymentLine', { amount: yuanText(detail.data.payment.amount, language), date: detail.data.payment.paid_on, reference: detail.data.payment.reference })}</Typography.Paragraph>}
        </Space>
      )}
    </Drawer>
  );
}

function PublishDialog({ count, busy, onCancel, onSubmit }: { count: number; busy: boolean; onCancel: () => void; onSubmit: (title: string, days: number) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ title: string; days: number }>();
  return (
    <Modal open title={t('awards.publishTitle', { count })} okText={t('awards.publishOk')} confirmLoading={busy} onCancel={onCancel} onOk={() => void form.validateFields().then((values) => onSubmit(values.title, values.days))}>
      <Form form={form} layout="vertical" initialValues={{ days: 5, title: t('awards.defaultNoticeTitle', { year: beijingYear() }) }}>
        <Form.Item name="title" label={t('awards.noticeTitle')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="days" label={t('awards.noticeDays')} extra={t('awards.workingDaysNote')} rules={[{ required: true }]}>
          <InputNumber min={1} max={60} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PayDialog({ award, busy, onCancel, onSubmit }: { award: Award; busy: boolean; onCancel: () => void; onSubmit: (payment: { amount: string; paid_on: string; reference: string }) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ amount: string; paid_on: dayjs.Dayjs; reference: string }>();
  return (
    <Modal open title={t('awards.payTitle', { name: award.enterprise_name })} confirmLoading={busy} onCancel={onCancel} onOk={() => void form.validateFields().then((values) => onSubmit({ amount: values.amount.trim(), paid_on: values.paid_on.format('YYYY-MM-DD'), reference: values.reference.trim() }))}>
      <Form form={form} layout="vertical" initialValues={{ amount: award.amount, paid_on: dayjs(beijingToday()) }}>
        <Form.Item name="amount" label={t('awards.payAmount')} rules={[{ required: true, pattern: /^\d{1,16}(\.\d{1,2})?$/, message: t('awards.amountRule') }]}>
          <Input inputMode="decimal" data-testid="pay-amount" />
        </Form.Item>
        <Form.Item name="paid_on" label={t('awards.paidOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="reference" label={t('awards.reference')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} data-testid="pay-reference" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TextDialog({ title, label, busy, onCancel, onSubmit }: { title: string; label: string; busy: boolean; onCancel: () => void; onSubmit: (text: string) => void }) {
  const [form] = Form.useForm<{ text: string }>();
  return (
    <Modal open title={title} confirmLoading={busy} onCancel={onCancel} onOk={() => void form.validateFields().then((values) => onSubmit(values.text.trim()))}>
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={label} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResolveDialog({ busy, onCancel, onSubmit }: { busy: boolean; onCancel: () => void; onSubmit: (outcome: 'dismissed' | 'corrected' | 'upheld', resolution: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ outcome: 'dismissed' | 'corrected' | 'upheld'; resolution: string }>();
  return (
    <Modal open title={t('awards.resolveObjection')} confirmLoading={busy} onCancel={onCancel} onOk={() => void form.validateFields().then((values) => onSubmit(values.outcome, values.resolution.trim()))}>
      <Form form={form} layout="vertical" initialValues={{ outcome: 'dismissed' }}>
        <Form.Item name="outcome" label={t('awards.outcome')}>
          <Radio.Group options={(['dismissed', 'corrected', 'upheld'] as const).map((value) => ({ value, label: t(`awards.outcomes.${value}`) }))} />
        </Form.Item>
        <Form.Item name="resolution" label={t('awards.resolution')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
