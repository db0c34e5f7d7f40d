import { Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useIncentives } from '../api/queries.ts';
import type { Incentive, Parameter } from '../api/types.ts';
import { ClauseFilterTag } from '../components/clause-filter-tag.tsx';
import { ClauseLink } from '../components/clause-link.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useClauseFilter } from '../features/document/use-clause-filter.ts';
import { useClauseLabels } from '../features/document/use-clause-labels.ts';
import { formatParameterValue } from '../features/incentives/format-parameter.ts';
import { formatDate } from '../features/language/format-date.ts';
import { useLocalized } from '../features/language/use-language.ts';
import { interpretationIn } from '../features/language/interpretation.ts';
import { usePackId } from '../features/packs/use-pack-id.ts';

/**
 * Labels for values the server sends as codes. The pack schema may grow new codes before the UI
 * learns them, so an unknown code is shown as it is rather than breaking the page.
 */
function codeLabel(t: TFunction, group: 'beneficiary' | 'frequency' | 'incentiveKind', code: string): string {
  const key = `${group}.${code}`;
  return t(key as never, { defaultValue: code });
}

function ParameterLine({ parameter }: { parameter: Parameter }) {
  const { t } = useTranslation();
  const { language } = useLocalized();
  const from = parameter.from && formatDate(parameter.from, language);
  const to = parameter.to && formatDate(parameter.to, language);
  const validity =
    from && to
      ? t('incentives.validity', { from, to })
      : from
        ? t('incentives.validFrom', { from })
        : to
          ? t('incentives.validTo', { to })
          : undefined;
  return (
    <li className="parameter-line">
      <span>{parameter.label}：</span>
      <Typography.Text strong>
        {formatParameterValue(parameter, t, language)}
      </Typography.Text>
      {validity && (
        <Typography.Text type="secondary">{language === 'zh' ? `（${validity}）` : ` (${validity})`}</Typography.Text>
      )}
      {interpretationIn(language, parameter) && (
        <Tooltip title={interpretationIn(language, parameter)}>
          <InfoCircleOutlined className="interpretation-icon" aria-label={t('common.interpretation')} />
        </Tooltip>
      )}
    </li>
  );
}

/** Awards, subsidies and tax benefits (激励措施) with their parameters, each traced to its clause. */
export function IncentivesPage() {
  const { t } = useTranslation();
  const { title, language } = useLocalized();
  const packId = usePackId();
  const query = useIncentives(packId);
  const clauseLabel = useClauseLabels(packId);
  const { clause, clear } = useClauseFilter();

  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const rows =
    clause === undefined ? query.data.incentives : query.data.incentives.filter((x) => x.clause === clause);
  const columns: TableColumnsType<Incentive> = [
    {
      key: 'title',
      title: t('incentives.name'),
      width: '18%',
      render: (_, incentive) => <Typography.Text strong>{title(incentive)}</Typography.Text>,
    },
    {
      key: 'beneficiary',
      title: t('incentives.beneficiary'),
      render: (_, incentive) => codeLabel(t, 'beneficiary', incentive.beneficiary),
    },
    {
      key: 'kind',
      title: t('incentives.kind'),
      render: (_, incentive) => (
        <>
          <Tag color="gold">{codeLabel(t, 'incentiveKind', incentive.kind)}</Tag>
          <Tag>{codeLabel(t, 'frequency', incentive.frequency)}</Tag>
        </>
      ),
    },
    { key: 'text', title: t('incentives.text'), dataIndex: 'text', width: '32%' },
    {
      key: 'parameters',
      title: t('incentives.parameters'),
      width: '22%',
      render: (_, incentive) =>
        incentive.parameters.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <ul className="parameter-list">
            {incentive.parameters.map((parameter) => (
              <ParameterLine key={parameter.name} parameter={parameter} />
            ))}
          </ul>
        ),
    },
    {
      key: 'clause',
      title: t('incentives.clause'),
      render: (_, incentive) => (
        <ClauseLink packId={packId} clause={incentive.clause} label={clauseLabel(incentive.clause)} />
      ),
    },
  ];

  return (
    <>
      <PageHeading
        title={t('incentives.title')}
        intro={t('incentives.intro')}
        extra={clause !== undefined && <ClauseFilterTag clause={clause} label={clauseLabel(clause)} onClear={clear} />}
      />
      <Table<Incentive>
        data-testid="incentives-table"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        pagination={false}
        size="middle"
        scroll={{ x: 1000 }}
        expandable={{
          // The expand column only earns its width when some row has an interpretation.
          showExpandColumn: rows.some((row) => row.interpretation !== undefined),
          rowExpandable: (incentive) => incentive.interpretation !== undefined,
          expandedRowRender: (incentive) => (
            <div className="interpretation-panel">
              <Typography.Text strong>{t('common.interpretation')}：</Typography.Text>
              {interpretationIn(language, incentive)}
            </div>
          ),
        }}
        footer={() => t('common.count', { count: rows.length })}
      />
    </>
  );
}
