import { CheckOutlined, EditOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Empty, Input, Modal, Space, Table, Tabs, Tag, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import { privateKey, useReviewQueue } from '../api/private-queries.ts';
import { indicatorKey } from '../api/queries.ts';
import type { QueueItem, QueueKind } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { formatPeriod, formatValue } from '../features/indicators/format-value.ts';
import { formatBeijingTime } from '../features/language/beijing-time.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { sessionPaths } from '../features/session/session-paths.ts';

const keyOf = (item: QueueItem) => `${item.indicator}|${item.org}|${item.period}`;
const entryLink = (item: QueueItem) => `${sessionPaths.dataEntry}?org=${encodeURIComponent(item.org)}&period=${encodeURIComponent(item.period)}`;

/** Who did it and when, in Beijing time. */
function WhoWhen({ who, when }: { who: string | null; when: string | null }) {
  const { t } = useTranslation();
  if (!when) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div>
      <div>{who ?? t('entry.system')}</div>
      <Typography.Text type="secondary" className="cell-note">
        {t('queues.beijingTime', { time: formatBeijingTime(when) })}
      </Typography.Text>
    </div>
  );
}

function QueueTable({ kind }: { kind: QueueKind }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useReviewQueue(kind);
  const [returning, setReturning] = useState<QueueItem | undefined>();
  const [reason, setReason] = useState('');

  const act = useMutation({
    mutationFn: ({ item, action, why }: { item: QueueItem; action: 'approve' | 'return'; why?: string }) =>
      api.transitionValues(action, { org: item.org, period: item.period, indicators: [item.indicator], ...(why ? { reason: why } : {}) }),
    onSuccess: async (result, { action }) => {
      const passedOn = result.changed.some((change) => change.status === 'submitted');
      void message.success(action === 'return' ? t('queues.returnedDone') : passedOn ? t('queues.passedOn') : t('queues.approvedDone'));
    },
    onError: (error) => void message.error(errorMessage(error, language)),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: [privateKey, 'indicator-values'] });
      await queryClient.invalidateQueries({ queryKey: [indicatorKey] });
    },
  });

  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const columns: TableColumnsType<QueueItem> = [
    {
      key: 'area',
      title: t('queues.area'),
      width: 150,
      render: (_, item) => (
        <div>
          <div>{item.org_name}</div>
          <Typography.Text type="secondary" className="cell-note">
            {item.org}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'indicator', title: t('queues.indicator'), render: (_, item) => item.indicator_name },
    { key: 'period', title: t('queues.period'), width: 90, render: (_, item) => formatPeriod(item.period, language) },
    { key: 'value', title: t('queues.value'), width: 140, align: 'right', render: (_, item) => formatValue(item.value, item.unit, null, language) },
    ...(kind === 'review'
      ? [
          { key: 'level', title: t('queues.level'), width: 100, render: (_: unknown, item: QueueItem) => (item.review_level ? <Tag color="processing">{t(`queues.levels.${item.review_level}`)}</Tag> : null) },
          { key: 'submitted', title: t('queues.submitted'), width: 170, render: (_: unknown, item: QueueItem) => <WhoWhen who={item.submitted_by} when={item.submitted_at} /> },
          {
            key: 'actions',
            title: t('queues.actions'),
            width: 190,
            render: (_: unknown, item: QueueItem) => (
              <Space size={4} wrap>
                <Button size="small" type="primary" ghost icon={<CheckOutlined />} disabled={act.isPending} onClick={() => act.mutate({ item, action: 'approve' })} data-testid={`queue-approve-${keyOf(item)}`}>
                  {item.review_level === 'city' ? t('queues.passOn') : t('queues.approve')}
                </Button>
                <Button size="small" danger icon={<RollbackOutlined />} disabled={act.isPending} onClick={() => setReturning(item)} data-testid={`queue-return-${keyOf(item)}`}>
                  {t('queues.return')}
                </Button>
              </Space>
            ),
          },
        ]
      : [
          { key: 'returned', title: t('queues.returnedBy'), width: 170, render: (_: unknown, item: QueueItem) => <WhoWhen who={item.returned_by} when={item.returned_at} /> },
          {
            key: 'reason',
            title: t('queues.reason'),
            render: (_: unknown, item: QueueItem) => (
              <Typography.Text type="danger" data-testid={`queue-reason-${keyOf(item)}`}>
                {item.reason}
              </Typography.Text>
            ),
          },
          {
            key: 'actions',
            title: t('queues.actions'),
            width: 120,
            render: (_: unknown, item: QueueItem) => (
              <Link to={entryLink(item)} data-testid={`queue-correct-${keyOf(item)}`}>
                <Button size="small" icon={<EditOutlined />}>
                  {t('queues.correct')}
                </Button>
              </Link>
            ),
          },
        ]),
  ];

  return (
    <>
      <Table<QueueItem>
        data-testid={`queue-${kind}`}
        rowKey={keyOf}
        size="middle"
        columns={columns}
        dataSource={query.data.items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={kind === 'review' ? t('queues.emptyReview') : t('queues.emptyReturned')} /> }}
      />
      <Modal
        open={returning !== undefined}
        title={t('queues.returnTitle', { indicator: returning?.indicator_name ?? '', area: returning?.org_name ?? '' })}
        okText={t('queues.return')}
        okButtonProps={{ danger: true, disabled: reason.trim() === '', 'data-testid': 'queue-return-ok' } as ButtonProps}
        onCancel={() => setReturning(undefined)}
        onOk={() => {
          if (returning) act.mutate({ item: returning, action: 'return', why: reason.trim() });
          setReturning(undefined);
          setReason('');
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('entry.returnHint')}</Typography.Paragraph>
        <Input.TextArea value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} rows={3} placeholder={t('entry.reasonPlaceholder')} aria-label={t('entry.reason')} data-testid="queue-return-reason" />
      </Modal>
    </>
  );
}

/**
 * /data/review — 审核队列: 待审核, what waits for this account's review now (a city leader: its
 * counties' values; the coordinator: what the cities passed on and the cities' own values), with
 * approve and return (with a reason) from the list; 已退回, what was returned to the account's
 * areas, with the reason and a link to correct it.
 */
export function ReviewPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const kind: QueueKind = searchParams.get('tab') === 'returned' ? 'returned' : 'review';
  const counts = useReviewQueue(kind).data?.counts;
  const label = (text: string, count: number | undefined) => (
    <Space size={6}>
      {text}
      <Badge count={count ?? 0} showZero color={count ? undefined : '#bfbfbf'} size="small" />
    </Space>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading title={t('queues.title')} intro={t('queues.intro')} />
      <Card size="small">
        <Tabs
          activeKey={kind}
          onChange={(key) => setSearchParams(key === 'returned' ? { tab: 'returned' } : {})}
          items={[
            { key: 'review', label: <span data-testid="tab-review">{label(t('queues.review'), counts?.review)}</span>, children: kind === 'review' ? <QueueTable kind="review" /> : null },
            { key: 'returned', label: <span data-testid="tab-returned">{label(t('queues.returned'), counts?.returned)}</span>, children: kind === 'returned' ? <QueueTable kind="returned" /> : null },
          ]}
        />
      </Card>
    </Space>
  );
}
