import { PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Badge, Button, DatePicker, Form, Input, Modal, Select, Tabs } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../api/error-message.ts';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useLanguage } from '../features/language/use-language.ts';
import { useSession } from '../features/session/use-session.ts';
import { NoticeTable } from '../features/supervision/notice-table.tsx';
import { supervisionApi, type NoticeFilter } from '../features/supervision/supervision-api.ts';
import { useNoticeAssignees, useNoticeRefresh, useNotices, useSupervisionTasks } from '../features/supervision/supervision-queries.ts';

type Tab = 'issued' | 'overdue' | 'answered' | 'closed' | 'all';
const tabs: Tab[] = ['issued', 'overdue', 'answered', 'closed', 'all'];

function filterOf(tab: Tab): NoticeFilter {
  if (tab === 'overdue') return { overdue: true, page_size: 200 };
  if (tab === 'all') return { page_size: 200 };
  return { state: tab, page_size: 200 };
}

/** The coordinator's dialog to issue a 督办单 to a unit or a city or county, with a deadline. */
function IssueNotice({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const refresh = useNoticeRefresh();
  const options = useNoticeAssignees(true);
  const tasks = useSupervisionTasks(undefined);
  const [form] = Form.useForm<{ assignee: string; subject: string; text: string; reference_id?: string; deadline: Dayjs }>();
  const issue = useMutation({
    mutationFn: async () => {
      const values = await form.validateFields();
      const [kind, ...rest] = values.assignee.split(':');
      return supervisionApi.issueNotice({
        assignee: { kind: kind as 'unit' | 'area', id: rest.join(':') },
        subject: values.subject,
        text: values.text,
        deadline: values.deadline.format('YYYY-MM-DD'),
        ...(values.reference_id ? { reference_id: values.reference_id.trim() } : {}),
      });
    },
    onSuccess: async (notice) => {
      void message.success(t('supervision.notices.issuedDone', { number: notice.number }));
      onClose();
      await refresh();
    },
    onError: (error) => {
      if (error && typeof error === 'object' && 'errorFields' in error) return;
      void message.error(errorMessage(error, language));
    },
  });
  const assigneeOptions = [
    { label: t('supervision.overview.unit'), options: (options.data?.units ?? []).map((unit) => ({ value: `unit:${unit.id}`, label: unit.name, title: unit.full_name })) },
    { label: t('supervision.overview.area'), options: (options.data?.areas ?? []).map((area) => ({ value: `area:${area.id}`, label: `${area.name}（${area.id}）` })) },
  ];
  return (
    <Modal open title={t('supervision.notices.issue')} onOk={() => issue.mutate()} okButtonProps={{ loading: issue.isPending }} onCancel={onClose} destroyOnHidden width={640}>
      {options.isError && <QueryError error={options.error} />}
      <Form form={form} layout="vertical" initialValues={{ deadline: dayjs().add(7, 'day') }}>
        <Form.Item name="assignee" label={t('supervision.notices.assignee')} rules={[{ required: true, message: t('supervision.measure.required') }]}>
          <Select showSearch optionFilterProp="label" options={assigneeOptions} loading={options.isPending} data-testid="notice-assignee" />
        </Form.Item>
        <Form.Item name="subject" label={t('supervision.notices.subject')} rules={[{ required: true, whitespace: true, message: t('supervision.measure.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="text" label={t('supervision.notices.text')} rules={[{ required: true, whitespace: true, message: t('supervision.measure.required') }]}>
          <Input.TextArea rows={5} maxLength={10000} />
        </Form.Item>
        <Form.Item name="reference_id" label={t('supervision.notices.reference')} extra={t('supervision.notices.referenceHint')}>
          <Select allowClear showSearch optionFilterProp="label" options={(tasks.data?.tasks ?? []).map((task) => ({ value: task.id, label: `${task.clause_label}${task.title}` }))} loading={tasks.isPending} />
        </Form.Item>
        <Form.Item name="deadline" label={t('supervision.notices.deadline')} rules={[{ required: true, message: t('supervision.measure.required') }]}>
          <DatePicker disabledDate={(date) => date.isBefore(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** /supervision/notices — 督办单: lists with counts and escalation levels; the coordinator issues, closes, returns, reopens; assignees answer. */
export function SupervisionNoticesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [search, setSearch] = useSearchParams();
  const tab = (search.get('tab') as Tab | null) ?? (can('notices.issue') ? 'answered' : 'issued');
  const notices = useNotices(filterOf(tab));
  const [issuing, setIssuing] = useState(false);
  const counts = notices.data?.counts;
  const countOf = (key: Tab) => (key === 'all' ? counts?.total : key === 'overdue' ? counts?.overdue : counts?.[key]);
  return (
    <div data-testid="supervision-notices">
      <PageHeading
        title={t('supervision.notices.title')}
        intro={t('supervision.notices.intro', { today: notices.data?.today ?? '' })}
        extra={can('notices.issue') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)} data-testid="notice-issue">{t('supervision.notices.issue')}</Button>}
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch({ tab: key }, { replace: true })}
        items={tabs.map((key) => ({
          key,
          label: (
            <span>
              {t(`supervision.notices.tab.${key}`)}
              <Badge count={countOf(key) ?? 0} showZero size="small" color={key === 'overdue' || key === 'issued' ? '#f5222d' : '#8c8c8c'} style={{ marginInlineStart: 6 }} />
            </span>
          ),
        }))}
      />
      {notices.isError ? <QueryError error={notices.error} onRetry={() => void notices.refetch()} /> : <NoticeTable notices={notices.data?.notices ?? []} loading={notices.isFetching} />}
      {issuing && <IssueNotice onClose={() => setIssuing(false)} />}
    </div>
  );
}
