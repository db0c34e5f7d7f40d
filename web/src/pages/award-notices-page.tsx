import { Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { awardsApi, usePublicNotices } from '../features/awards/awards-api.ts';
import { yuanText } from '../features/awards/award-format.ts';
import { useLanguage } from '../features/language/use-language.ts';

/** /award-notices — 奖励公示: public, no sign-in. Names, areas, incentive titles and amounts only. */
export function AwardNoticesPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const query = usePublicNotices();
  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const { notices } = query.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageHeading title={t('awards.publicTitle')} intro={t('awards.publicIntro')} />
      {notices.length === 0 && (
        <Card>
          <Empty description={t('awards.publicEmpty')} />
        </Card>
      )}
      {notices.map((notice) => (
        <Card
          key={notice.id}
          data-testid="public-notice"
          title={
            <Space>
              {notice.title}
              <Tag color={notice.open ? 'gold' : 'default'}>{notice.open ? t('awards.noticeOpen') : t('awards.noticeClosed')}</Tag>
            </Space>
          }
          extra={
            <Space>
              <a href={awardsApi.noticeFile(notice.id, 'docx')} download>{t('awards.exportWord')}</a>
              <a href={awardsApi.noticeFile(notice.id, 'xlsx')} download>{t('awards.exportExcel')}</a>
            </Space>
          }
        >
          <Typography.Paragraph>{t('awards.publicPeriod', { from: notice.published_on, to: notice.ends_on })}</Typography.Paragraph>
          <Table
            rowKey={(item) => `${item.enterprise_name}|${item.incentive_title}|${item.year}`}
            size="small"
            pagination={false}
            dataSource={notice.items}
            columns={[
              { title: t('awards.enterprise'), dataIndex: 'enterprise_name' },
              { title: t('awards.area'), dataIndex: 'area_name' },
              { title: t('awards.incentive'), dataIndex: 'incentive_title' },
              { title: t('awards.year'), dataIndex: 'year', width: 80 },
              { title: t('awards.amount'), dataIndex: 'amount', align: 'right', render: (amount: string) => yuanText(amount, language) },
            ]}
          />
        </Card>
      ))}
      <Typography.Paragraph type="secondary">{t('awards.workingDaysNote')}</Typography.Paragraph>
    </Space>
  );
}
