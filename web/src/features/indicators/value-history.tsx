import { Drawer, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useValueHistory } from '../../api/queries.ts';
import type { ValueRevision } from '../../api/types.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useLanguage } from '../language/use-language.ts';
import { formatBeijingTime } from '../language/beijing-time.ts';
import { formatPeriod, formatValue } from './format-value.ts';
import { SourceText } from './source-text.tsx';

interface ValueHistoryProps {
  open: boolean;
  onClose: () => void;
  indicator: string;
  indicatorName: string;
  org: string;
  orgName?: string | undefined;
  period: string;
}

const changeColors: Record<ValueRevision['change'], string> = {
  create: 'blue',
  revise: 'gold',
  submit: 'cyan',
  approve: 'green',
  unlock: 'orange',
  return: 'red',
};

/**
 * 修订记录: every published revision of one value, oldest first. A figure first published and
 * later revised (R&D intensity 2020: 1.52 → 1.51) keeps both on record.
 */
export function ValueHistory({ open, onClose, indicator, indicatorName, org, orgName, period }: ValueHistoryProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const query = useValueHistory({ indicator, org, period }, open);
  const columns: TableColumnsType<ValueRevision> = [
    { key: 'revision', title: t('history.revision'), dataIndex: 'revision', width: 64 },
    {
      key: 'change',
      title: t('history.change'),
      width: 96,
      render: (_, row) => <Tag color={changeColors[row.change]}>{t(`valueChange.${row.change}`)}</Tag>,
    },
    {
      key: 'value',
      title: t('history.value'),
      width: 120,
      render: (_, row) => <Typography.Text strong>{formatValue(row.value, row.unit, row.qualifier, language)}</Typography.Text>,
    },
    {
      key: 'source',
      title: t('indicators.source'),
      render: (_, row) => (row.source ? <SourceText text={row.source} /> : <Typography.Text type="secondary">{t('indicators.noSource')}</Typography.Text>),
    },
    {
      key: 'changed',
      title: t('history.changed'),
      width: 168,
      render: (_, row) => (
        <div>
          {/* Who entered or approved a figure is shown to the area's reviewers only. */}
          <div>{row.changed_by ?? <Typography.Text type="secondary">{t('history.hiddenUser')}</Typography.Text>}</div>
          <Typography.Text type="secondary" className="history-time">
            {formatBeijingTime(row.changed_at)}
          </Typography.Text>
        </div>
      ),
    },
  ];
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={720}
      title={t('history.title', { indicator: indicatorName, area: orgName ?? org, period: formatPeriod(period, language) })}
      data-testid="value-history"
    >
      {query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<ValueRevision>
          rowKey="revision"
          size="small"
          columns={columns}
          dataSource={query.data?.history ?? []}
          loading={query.isPending}
          pagination={false}
          locale={{ emptyText: t('history.empty') }}
          data-testid="value-history-table"
        />
      )}
      <Typography.Paragraph type="secondary" className="history-note">
        {t('history.note')}
      </Typography.Paragraph>
    </Drawer>
  );
}
