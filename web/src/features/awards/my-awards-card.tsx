import { Card, Empty, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../language/use-language.ts';
import { useSession } from '../session/use-session.ts';
import { useAwards, type Award } from './awards-api.ts';
import { yuanText } from './award-format.ts';
import { AwardStateTag } from './award-state-tag.tsx';

/** 我的奖励 on an enterprise account's workbench: its own awards and their states (the server limits the list to its enterprise). */
export function MyAwardsCard() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { session } = useSession();
  const own = session?.abilities['awards.read'] === 'own_enterprise';
  const query = useAwards({ page: 1, page_size: 100 }, own);
  if (!own) return null;
  const columns: TableColumnsType<Award> = [
    { title: t('awards.incentive'), dataIndex: 'incentive_title' },
    { title: t('awards.year'), dataIndex: 'year', width: 80 },
    { title: t('awards.amount'), dataIndex: 'amount', align: 'right', render: (amount: string) => yuanText(amount, language) },
    { title: t('awards.state'), dataIndex: 'state', render: (_: string, award) => <AwardStateTag state={award.state} label={award.state_label} /> },
  ];
  return (
    <Card title={t('awards.mine')} data-testid="my-awards" loading={query.isPending}>
      {query.data && query.data.awards.length === 0 ? (
        <Empty description={t('awards.mineEmpty')} />
      ) : (
        <Table rowKey="id" size="small" pagination={false} columns={columns} dataSource={query.data?.awards ?? []} />
      )}
    </Card>
  );
}
