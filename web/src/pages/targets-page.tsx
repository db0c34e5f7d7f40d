import { Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreas, usePack, useTargets } from '../api/queries.ts';
import type { Target } from '../api/types.ts';
import { ClauseFilterTag } from '../components/clause-filter-tag.tsx';
import { ClauseLink } from '../components/clause-link.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useClauseFilter } from '../features/document/use-clause-filter.ts';
import { useClauseLabels } from '../features/document/use-clause-labels.ts';
import { useLocalized } from '../features/language/use-language.ts';
import { usePackId } from '../features/packs/use-pack-id.ts';
import { AreaTargetsSection } from '../features/targets/area-targets-section.tsx';
import { interpretationIn } from '../features/language/interpretation.ts';
import { formatTarget, nationalAreaCode } from '../features/targets/format-target.ts';

/** The policy's quantified targets (主要目标), each traced to the clause that sets it. */
export function TargetsPage() {
  const { t } = useTranslation();
  const { language } = useLocalized();
  const packId = usePackId();
  const query = useTargets(packId);
  const clauseLabel = useClauseLabels(packId);
  const { clause, clear } = useClauseFilter();
  // English indicator names live in the pack, not in the /targets answer; they are a nicety, so
  // the table does not wait for them.
  const pack = usePack(packId);
  const indicatorsEn = useMemo(
    () => new Map((pack.data?.indicators ?? []).flatMap((i) => (i.name_en ? [[i.code, i.name_en] as const] : []))),
    [pack.data],
  );
  const targets = query.data?.targets;
  // A benchmark against an area other than the country is rare; fetch area names only then.
  const needsAreas = (targets ?? []).some((x) => x.benchmark_org !== undefined && x.benchmark_org !== nationalAreaCode);
  const areas = useAreas(needsAreas);
  const areaName = (code: string) => areas.data?.areas.find((area) => area.code === code)?.name;

  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const rows = clause === undefined ? query.data.targets : query.data.targets.filter((x) => x.clause === clause);
  const columns: TableColumnsType<Target> = [
    {
      key: 'indicator',
      title: t('targets.indicator'),
      width: '22%',
      render: (_, target) => (
        <div>
          {/* Names, not codes: the code on hover only. */}
          <div className="target-indicator" title={target.indicator}>
            {language === 'en' ? (indicatorsEn.get(target.indicator) ?? target.indicator_name) : target.indicator_name}
          </div>
        </div>
      ),
    },
    {
      key: 'target',
      title: t('targets.target'),
      render: (_, target) => (
        <Typography.Text strong className="target-value">
          {formatTarget(target, t, language, areaName)}
        </Typography.Text>
      ),
    },
    {
      key: 'year',
      dataIndex: 'year',
      title: t('targets.year'),
      sorter: (a, b) => a.year - b.year,
    },
    {
      key: 'text',
      title: t('targets.text'),
      width: '34%',
      render: (_, target) => (
        <Space size={4} align="start">
          <span>{target.text}</span>
          {interpretationIn(language, target) && (
            <Tooltip title={interpretationIn(language, target)}>
              <InfoCircleOutlined className="interpretation-icon" aria-label={t('common.interpretation')} />
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      key: 'clause',
      title: t('targets.clause'),
      sorter: (a, b) => a.clause - b.clause,
      render: (_, target) => <ClauseLink packId={packId} clause={target.clause} label={target.clause_label ?? clauseLabel(target.clause)} />,
    },
  ];

  return (
    <>
      <PageHeading
        title={t('targets.title')}
        intro={t('targets.intro')}
        extra={
          clause !== undefined && <ClauseFilterTag clause={clause} label={clauseLabel(clause)} onClear={clear} />
        }
      />
      <Table<Target>
        data-testid="targets-table"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        pagination={false}
        size="middle"
        scroll={{ x: 900 }}
        expandable={{
          // The expand column only earns its width when some row has an interpretation.
          showExpandColumn: rows.some((row) => row.interpretation !== undefined),
          rowExpandable: (target) => target.interpretation !== undefined,
          expandedRowRender: (target) => (
            <div className="interpretation-panel">
              <Typography.Text strong>{t('common.interpretation')}：</Typography.Text>
              {interpretationIn(language, target)}
            </div>
          ),
        }}
        footer={() => t('common.count', { count: rows.length })}
      />
      <AreaTargetsSection packId={packId} region={pack.data?.region} />
    </>
  );
}
