import { useMutation } from '@tanstack/react-query';
import { App, Button, DatePicker, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/error-message.ts';
import { useLanguage } from '../language/use-language.ts';
import { useSession } from '../session/use-session.ts';
import { supervisionApi, type Notice } from './supervision-api.ts';
import { useNoticeRefresh } from './supervision-queries.ts';
import { beijingTime, useLabel } from './supervision-ui.tsx';

type Act = 'respond' | 'close' | 'return' | 'reopen';

const levelColors = ['default', 'orange', 'red'] as const;
const stateColors: Record<Notice['state'], string> = { issued: 'processing', answered: 'warning', closed: 'success' };

/** One dialog for the four moves of a notice: answer, close (办结), return, reopen. */
function NoticeActionModal({ notice, act, onClose }: { notice: Notice; act: Act; onClose: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const refresh = useNoticeRefresh();
  const [form] = Form.useForm<{ text?: string; evidence?: string; note?: string; reason?: string; deadline?: Dayjs }>();
  const move = useMutation({
    mutationFn: async () => {
      const values = await form.validateFields();
      if (act === 'respond') return supervisionApi.respondNotice(notice.id, { text: values.text ?? '', ...(values.evidence ? { evidence: values.evidence } : {}) });
      if (act === 'close') return supervisionApi.closeNotice(notice.id, values.note ? { note: values.note } : {});
      const body = { reason: values.reason ?? '', ...(values.deadline ? { deadline: values.deadline.format('YYYY-MM-DD') } : {}) };
      return act === 'return' ? supervisionApi.returnNotice(notice.id, body) : supervisionApi.reopenNotice(notice.id, body);
    },
    onSuccess: async () => {
      void message.success(t(`supervision.notices.done.${act}`, { number: notice.number }));
      onClose();
      await refresh();
    },
    onError: (error) => {
      if (error && typeof error === 'object' && 'errorFields' in error) return;
      void message.error(errorMessage(error, language));
    },
  });
  return (
    <Modal open title={`${t(`supervision.notices.act.${act}`)} · ${notice.number}`} onOk={() => move.mutate()} okButtonProps={{ loading: move.isPending }} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph>{notice.subject}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        {act === 'respond' && (
          <>
            <Form.Item name="text" label={t('supervision.notices.responseText')} rules={[{ required: true, whitespace: true, message: t('supervision.notices.responseRequired') }]}>
              <Input.TextArea rows={5} maxLength={10000} data-testid="notice-response-text" />
            </Form.Item>
            <Form.Item name="evidence" label={t('supervision.notices.evidence')}>
              <Input maxLength={1000} placeholder={t('supervision.notices.evidenceHint')} />
            </Form.Item>
          </>
        )}
        {act === 'close' && (
          <Form.Item name="note" label={t('supervision.notices.note')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {(act === 'return' || act === 'reopen') && (
          <>
            <Form.Item name="reason" label={t('supervision.notices.reason')} rules={[{ required: true, whitespace: true, message: t('supervision.notices.reasonRequired') }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item name="deadline" label={t('supervision.notices.newDeadline')}>
              <DatePicker />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** Notices (督办单) with their escalation level; the moves the account may make on each row. */
export function NoticeTable({ notices, loading }: { notices: Notice[]; loading?: boolean }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const label = useLabel();
  const { can } = useSession();
  const [acting, setActing] = useState<{ notice: Notice; act: Act } | undefined>();
  const actsOf = (notice: Notice): Act[] => [
    ...(notice.state === 'issued' && can('notices.respond') ? (['respond'] as const) : []),
    ...(notice.state === 'answered' && can('notices.issue') ? (['close', 'return'] as const) : []),
    ...(notice.state === 'closed' && can('notices.issue') ? (['reopen'] as const) : []),
  ];
  return (
    <>
      <Table
        size="middle"
        rowKey="id"
        loading={loading}
        dataSource={notices}
        data-testid="notice-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (notice) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('supervision.notices.text')}><span style={{ whiteSpace: 'pre-wrap' }}>{notice.text}</span></Descriptions.Item>
              {notice.reference && <Descriptions.Item label={t('supervision.notices.reference')}>{notice.reference.title}</Descriptions.Item>}
              <Descriptions.Item label={t('supervision.notices.issuedOn')}>{beijingTime(notice.issued_at, language)} · {notice.issued_by}</Descriptions.Item>
              <Descriptions.Item label={t('supervision.notices.schedule')}>
                {t('supervision.notices.scheduleText', { reminder: notice.escalation.reminder_on, level1: notice.escalation.level1_on, level2: notice.escalation.level2_on })}
              </Descriptions.Item>
              {notice.return_reason && <Descriptions.Item label={t('supervision.notices.returnReason')}><Typography.Text type="danger">{notice.return_reason}</Typography.Text></Descriptions.Item>}
              {notice.response && (
                <Descriptions.Item label={t('supervision.notices.response')}>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{notice.response.text}</div>
                  {notice.response.evidence && <div>{t('supervision.notices.evidence')}：{notice.response.evidence}</div>}
                  <Typography.Text type="secondary">
                    {notice.response.answered_on} · {notice.response.answered_by} · {notice.response.on_time ? t('supervision.notices.onTime') : t('supervision.notices.late')}
                  </Typography.Text>
                </Descriptions.Item>
              )}
            </Descriptions>
          ),
        }}
        columns={[
          { title: t('supervision.notices.number'), dataIndex: 'number', width: 150 },
          { title: t('supervision.notices.subject'), dataIndex: 'subject' },
          { title: t('supervision.common.assignee'), render: (_, notice) => notice.assignee.name },
          { title: t('supervision.notices.deadline'), render: (_, notice) => <Typography.Text type={notice.escalation.overdue ? 'danger' : undefined}>{notice.deadline}</Typography.Text> },
          {
            title: t('supervision.notices.escalation'),
            render: (_, notice) => (
              <Tag color={levelColors[notice.escalation.level]} data-level={notice.escalation.level}>
                {label(notice.escalation.level_label)}
              </Tag>
            ),
          },
          { title: t('supervision.notices.state'), render: (_, notice) => <Tag color={stateColors[notice.state]}>{label(notice.state_label)}</Tag> },
          {
            title: t('supervision.common.actions'),
            render: (_, notice) => (
              <Space>
                {actsOf(notice).map((act) => (
                  <Button key={act} size="small" type={act === 'respond' ? 'primary' : 'default'} onClick={() => setActing({ notice, act })} data-testid={`notice-${act}`}>
                    {t(`supervision.notices.act.${act}`)}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {acting && <NoticeActionModal notice={acting.notice} act={acting.act} onClose={() => setActing(undefined)} />}
    </>
  );
}
