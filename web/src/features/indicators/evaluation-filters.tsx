import { Select, Space, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreas, usePacks } from '../../api/queries.ts';
import { areaTree } from './area-tree.ts';
import { beijingYear } from '../language/beijing-time.ts';

interface EvaluationFiltersProps {
  packId: string;
  org: string;
  asOf: number;
  onChange: (next: { org?: string; asOf?: number }) => void;
}

/** The years an evaluation may be made as of: from three years before the policy to its end. */
export function evaluationYears(issued: string | undefined, expires: string | undefined, now = new Date()): number[] {
  const last = expires ? Number(expires.slice(0, 4)) : beijingYear(now);
  const first = (issued ? Number(issued.slice(0, 4)) : last) - 3;
  const years: number[] = [];
  for (let year = last; year >= first; year -= 1) years.push(year);
  return years;
}

/** Area (region, cities, counties) and as-of year of an evaluation. */
export function EvaluationFilters({ packId, org, asOf, onChange }: EvaluationFiltersProps) {
  const { t } = useTranslation();
  const areas = useAreas();
  const packs = usePacks();
  const pack = packs.data?.packs.find((candidate) => candidate.id === packId);
  const tree = useMemo(() => {
    const all = areas.data?.areas ?? [];
    // The policy's own region and what lies under it.
    return areaTree(all, pack ? { roots: [pack.region] } : {});
  }, [areas.data, pack]);
  const years = evaluationYears(pack?.issued, pack?.expires);
  if (!years.includes(asOf)) years.unshift(asOf);
  return (
    <Space wrap size="middle" className="evaluation-filters" data-testid="evaluation-filters">
      <label className="evaluation-filters__field">
        <span>{t('indicators.area')}</span>
        <TreeSelect
          value={org}
          treeData={tree}
          treeDefaultExpandAll
          showSearch={{ treeNodeFilterProp: 'title' }}
          loading={areas.isPending}
          onChange={(value: string) => onChange({ org: value })}
          className="evaluation-filters__area"
          data-testid="org-select"
          aria-label={t('indicators.area')}
        />
      </label>
      <label className="evaluation-filters__field">
        <span>{t('indicators.asOf')}</span>
        <Select
          value={asOf}
          options={years.map((year) => ({ value: year, label: t('indicators.asOfYear', { year }) }))}
          onChange={(value: number) => onChange({ asOf: value })}
          className="evaluation-filters__year"
          data-testid="as-of-select"
          aria-label={t('indicators.asOf')}
        />
      </label>
    </Space>
  );
}
