import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../api/error-message.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useLanguage } from '../features/language/use-language.ts';
import { useSession } from '../features/session/use-session.ts';
import { supervisionApi, type CycleFrequency, type MeasureDetail } from '../features/supervision/supervision-api.ts';
import { supervisionPaths } from '../features/supervision/supervision-paths.ts';
import { useCycle, useMeasure, useSupervisionRefresh } from '../features/supervision/supervision-queries.ts';
import { EvidenceList } from '../features/supervision/report-view.tsx';
import { beijingTime, LightTag, ReportStateTag, useLabel, useMeasureTitles } from '../features/supervision/supervision-ui.tsx';

const frequencies: CycleFrequency[] = ['monthly', 'quarterly', 'half_yearly', 'yearly'];

type Dialog = 'workPoint' | 'milestone' | 'split' | 'close' | 'reopen' | undefined;

/** The coordinator's changes to a measure, one mutation each; every list is read again after. */
function useMeasureActions(id: string) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const refresh = useSupervisionRefresh();
  const options = {
    onSuccess: async () => {
      void message.success(t('supervision.measure.saved'));
      await refresh();
    },
    onError: (error: unknown) => void message.error(errorMessage(error, language)),
  };
  return {
    update: useMutation({ mutationFn: (body: { frequency?: CycleFrequency; due_day?: number; deadline?: string | null }) => supervisionApi.updateMeasure(id, body), ...options }),
    addWorkPoint: useMutation({ mutationFn: (body: { year: number; title: string }) => supervisionApi.addWorkPoint(id, body), ...options }),
    removeWorkPoint: useMutation({ mutationFn: (pointId: string) => supervisionApi.removeWorkPoint(pointId), ...options }),
    addMilestone: useMutation({ mutationFn: (body: { title: string; due_date: string; target_percent: number }) => supervisionApi.addMilestone(id, body), ...options }),
    removeMilestone: useMutation({ mutationFn: (milestoneId: string) => supervisionApi.removeMilestone(milestoneId), ...options }),
    split: useMutation({ mutationFn: (body: Parameters<typeof supervisionApi.split>[1]) => supervisionApi.split(id, body), ...options }),
    close: useMutation({ mutationFn: (body: { comment: string; evidence_ids: string[] }) => supervisionApi.close(id, body), ...options }),
    reopen: useMutation({ mutationFn: (body: { reason: string }) => supervisionApi.reopen(id, body), ...options }),
  };
}

function ManageDialogs({ measure, dialog, onClose }: { measure: MeasureDetail; dialog: Dialog; onClose: () => void }) {
  const { t } = useTranslation();
  const actions = useMeasureActions(measure.id);
  const [form] = Form.useForm();
  // The close-off cites evidence already uploaded to this cycle's reports (the lead's and the contributions').
  const cycle = useCycle(dialog === 'close' ? measure.id : undefined, measure.current_cycle.period);
  const evidenceOptions = [...(cycle.data?.lead_report ? [cycle.data.lead_report] : []), ...(cycle.data?.contributions ?? [])].flatMap((report) =>
    report.evidence.map((file) => ({ value: file.id, label: `${report.assignee.name} · ${file.original_name ?? file.file_name}` })),
  );
  if (dialog === undefined) return null;
  const assigneeOptions = measure.assignments.map((assignment) => ({ value: `${assignment.assignee.kind}:${assignment.assignee.id}`, label: assignment.assignee.name }));
  const toAssignee = (value: string) => ({ kind: value.split(':')[0] as 'unit' | 'area', id: value.split(':').slice(1).join(':') });
  const submit = async () => {
    const values = (await form.validateFields()) as Record<string, unknown>;
    const done = { onSuccess: onClose };
    if (dialog === 'workPoint') actions.addWorkPoint.mutate({ year: values.year as number, title: values.title as string }, done);
    if (dialog === 'milestone') actions.addMilestone.mutate({ title: values.title as string, due_date: (values.due_date as Dayjs).format('YYYY-MM-DD'), target_percent: values.target_percent as number }, done);
    if (dialog === 'split')
      actions.split.mutate(
        {
          title: values.title as string,
          text: (values.text as string | undefined) ?? '',
          lead: ((values.lead as string[] | undefined) ?? []).map(toAssignee),
          co: ((values.co as string[] | undefined) ?? []).map(toAssignee),
          ...(values.deadline ? { deadline: (values.deadline as Dayjs).format('YYYY-MM-DD') } : {}),
        },
        done,
      );
    if (dialog === 'close') actions.close.mutate({ comment: values.comment as string, evidence_ids: (values.evidence_ids as string[] | undefined) ?? [] }, done);
    if (dialog === 'reopen') actions.reopen.mutate({ reason: values.reason as string }, done);
  };
  const required = { required: true, whitespace: true, message: t('supervision.measure.required') };
  return (
    <Modal open title={t(`supervision.measure.dialog.${dialog}`)} onOk={() => void submit().catch(() => undefined)} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ year: Number(dayjs().format('YYYY')), target_percent: 50 }}>
        {dialog === 'workPoint' && (
          <>
            <Form.Item name="year" label={t('supervision.measure.year')} rules={[{ required: true }]}><InputNumber min={2000} max={2100} /></Form.Item>
            <Form.Item name="title" label={t('supervision.measure.workPoint')} rules={[required]}><Input.TextArea rows={3} maxLength={500} /></Form.Item>
          </>
        )}
        {dialog === 'milestone' && (
          <>
            <Form.Item name="title" label={t('supervision.measure.milestone')} rules={[required]}><Input maxLength={500} /></Form.Item>
            <Form.Item name="due_date" label={t('supervision.measure.milestoneDue')} rules={[{ required: true, message: t('supervision.measure.required') }]}><DatePicker /></Form.Item>
            <Form.Item name="target_percent" label={t('supervision.measure.targetPercent')} rules={[{ required: true }]}><InputNumber min={0} max={100} addonAfter="%" /></Form.Item>
          </>
        )}
        {dialog === 'split' && (
          <>
            <Form.Item name="title" label={t('supervision.measure.subTitle')} rules={[required]}><Input maxLength={500} /></Form.Item>
            <Form.Item name="text" label={t('supervision.measure.subText')}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
            <Form.Item name="lead" label={t('supervision.role.lead')} rules={[{ required: true, message: t('supervision.measure.required') }]}><Select mode="multiple" options={assigneeOptions} /></Form.Item>
            <Form.Item name="co" label={t('supervision.role.co')}><Select mode="multiple" options={assigneeOptions} /></Form.Item>
            <Form.Item name="deadline" label={t('supervision.measure.deadline')}><DatePicker /></Form.Item>
          </>
        )}
        {dialog === 'close' && (
          <>
            <Typography.Paragraph type="secondary">{t('supervision.measure.closeHint')}</Typography.Paragraph>
            <Form.Item name="comment" label={t('supervision.measure.closeComment')} rules={[required]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
            <Form.Item name="evidence_ids" label={t('supervision.measure.closeEvidence')} extra={evidenceOptions.length === 0 ? t('supervision.measure.noEvidence') : undefined}>
              <Checkbox.Group options={evidenceOptions} style={{ display: 'flex', flexDirection: 'column' }} />
            </Form.Item>
          </>
        )}
        {dialog === 'reopen' && (
          <Form.Item name="reason" label={t('supervision.measure.reopenReason')} rules={[required]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** /supervision/measures/:id — one measure: its assignees' standing, work points, milestones, sub-measures, close-off; managed by the coordinator. */
export function SupervisionMeasurePage() {
  const titles = useMeasureTitles();
  const { t } = useTranslation();
  const { language } = useLanguage();
  const label = useLabel();
  const { id } = useParams();
  const { can } = useSession();
  const manage = can('supervision.manage');
  const measure = useMeasure(id);
  const actions = useMeasureActions(id ?? '');
  const [dialog, setDialog] = useState<Dialog>();
  if (measure.isPending) return <Loading />;
  if (measure.isError) return <QueryError error={measure.error} onRetry={() => void measure.refetch()} />;
  const m = measure.data;
  const open = m.state === 'open';
  return (
    <div data-testid="supervision-measure">
      <Breadcrumb items={[{ title: <Link to={supervisionPaths.overview}>{t('supervision.menu.group')}</Link> }, { title: titles.task(m) }, { title: titles.measure(m) }]} />
      <PageHeading
        title={
          <Space>
            {titles.measure(m)}
            <Tag color={open ? 'processing' : 'default'}>{label(m.state_label)}</Tag>
          </Space>
        }
        intro={m.text}
        extra={
          manage && (
            <Space wrap>
              {open ? (
                <>
                  <Button onClick={() => setDialog('split')}>{t('supervision.measure.dialog.split')}</Button>
                  <Button danger type="primary" onClick={() => setDialog('close')} data-testid="measure-close">{t('supervision.measure.dialog.close')}</Button>
                </>
              ) : (
                <Button onClick={() => setDialog('reopen')} data-testid="measure-reopen">{t('supervision.measure.dialog.reopen')}</Button>
              )}
            </Space>
          )
        }
      />
      {m.closure && (
        <Card title={t('supervision.measure.closure')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph>{m.closure.comment}</Typography.Paragraph>
          <Typography.Text type="secondary">{m.closure.closed_by} · {m.closure.closed_at_text}</Typography.Text>
          <EvidenceList evidence={m.closure.evidence} />
        </Card>
      )}
      <Card title={t('supervision.measure.settings')} style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('supervision.measure.frequency')}>
            {manage && open ? (
              <Select<CycleFrequency> size="small" style={{ width: 140 }} value={m.frequency} onChange={(frequency) => actions.update.mutate({ frequency })} options={frequencies.map((value) => ({ value, label: t(`supervision.frequency.${value}`) }))} data-testid="measure-frequency" />
            ) : (
              label(m.frequency_label)
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.measure.dueDay')}>
            {manage && open ? <InputNumber size="small" min={1} max={28} defaultValue={m.due_day} onBlur={(event) => { const value = Number(event.target.value); if (value >= 1 && value <= 28 && value !== m.due_day) actions.update.mutate({ due_day: value }); }} /> : t('supervision.measure.dueDayText', { day: m.due_day })}
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.measure.deadline')}>
            {manage && open ? <DatePicker size="small" value={m.deadline ? dayjs(m.deadline) : null} onChange={(value: Dayjs | null) => actions.update.mutate({ deadline: value ? value.format('YYYY-MM-DD') : null })} /> : (m.deadline ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.measure.currentCycle')}>
            {titles.period(m.current_cycle)}（{m.current_cycle.opens_on} — {m.current_cycle.due_on}）
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('supervision.measure.progress')} style={{ marginBottom: 16 }}>
        <Table
          size="small"
          pagination={false}
          rowKey={(row) => `${row.assignee.kind}:${row.assignee.id}`}
          dataSource={m.progress}
          columns={[
            { title: t('supervision.common.assignee'), render: (_, row) => <Typography.Text title={row.assignee.full_name}>{row.assignee.name}</Typography.Text> },
            { title: t('supervision.common.role'), render: (_, row) => (row.role === 'lead' ? t('supervision.role.lead') : t('supervision.role.co')) },
            { title: t('supervision.common.percent'), render: (_, row) => (row.percent === null ? '—' : `${row.percent}%`) },
            { title: t('supervision.common.expected'), render: (_, row) => `${row.expected_percent}%` },
            { title: t('supervision.common.light'), render: (_, row) => <LightTag light={row.light} label={row.light_label} /> },
            { title: t('supervision.common.reportState'), render: (_, row) => (row.report ? <ReportStateTag state={row.report.state} label={row.report.state_label} /> : <Typography.Text type="secondary">{t('supervision.common.noReport')}</Typography.Text>) },
            { title: t('supervision.common.actions'), render: (_, row) => <Link to={supervisionPaths.cycle(m.id, row.cycle.period)}>{t('supervision.measure.openCycle')}</Link> },
          ]}
        />
      </Card>
      <Space align="start" wrap style={{ width: '100%' }} styles={{ item: { flex: 1, minWidth: 360 } }}>
        <Card title={t('supervision.measure.workPoints')} extra={manage && open && <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('workPoint')}>{t('supervision.common.add')}</Button>}>
          <List
            size="small"
            dataSource={m.work_points}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.measure.noWorkPoints')} /> }}
            renderItem={(point) => (
              <List.Item actions={manage && open ? [<Popconfirm key="delete" title={t('supervision.common.confirmRemove')} onConfirm={() => actions.removeWorkPoint.mutate(point.id)}><Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('supervision.common.remove')} /></Popconfirm>] : []}>
                {t('supervision.measure.yearOf', { year: point.year })} · {point.title}
                <Typography.Text type="secondary"> · {point.created_by} · {beijingTime(point.created_at, language)}</Typography.Text>
              </List.Item>
            )}
          />
        </Card>
        <Card title={t('supervision.measure.milestones')} extra={manage && open && <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('milestone')}>{t('supervision.common.add')}</Button>}>
          <List
            size="small"
            dataSource={m.milestones}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.measure.noMilestones')} /> }}
            renderItem={(milestone) => (
              <List.Item actions={manage && open ? [<Popconfirm key="delete" title={t('supervision.common.confirmRemove')} onConfirm={() => actions.removeMilestone.mutate(milestone.id)}><Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('supervision.common.remove')} /></Popconfirm>] : []}>
                {milestone.due_date} · {milestone.title} · {t('supervision.measure.target', { percent: milestone.target_percent })}{' '}
                {milestone.met === null ? <Tag>{t('supervision.measure.notDue')}</Tag> : milestone.met ? <Tag color="success">{t('supervision.measure.met')}</Tag> : <Tag color="error">{t('supervision.measure.missed')}</Tag>}
              </List.Item>
            )}
          />
        </Card>
      </Space>
      {m.sub_measures.length > 0 && (
        <Card title={t('supervision.measure.subMeasures')} style={{ marginTop: 16 }}>
          <List size="small" dataSource={m.sub_measures} renderItem={(sub) => <List.Item><Link to={supervisionPaths.measure(sub.id)}>{sub.title}</Link> <Tag>{label(sub.state_label)}</Tag></List.Item>} />
        </Card>
      )}
      <ManageDialogs measure={m} dialog={dialog} onClose={() => setDialog(undefined)} />
    </div>
  );
}
