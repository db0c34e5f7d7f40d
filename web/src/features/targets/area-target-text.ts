import type { TFunction } from 'i18next';
import type { AreaComparison, AreaTarget, AreaTargetList, SupplierUnit, TargetSourceView } from '../../api/types.ts';
import { formatBeijingTime } from '../language/beijing-time.ts';
import type { Language } from '../language/language.ts';
import { formatPercent, formatValue } from '../indicators/format-value.ts';

/**
 * Where an area's own target comes from, as a reader asks it: the pack's clause, the document of
 * the pack's breakdown, or who set it and when (Beijing time). `clauseLabel` turns 3 into （三）.
 */
export function formatTargetSource(source: TargetSourceView, t: TFunction, clauseLabel: (clause: number) => string): string {
  switch (source.kind) {
    case 'pack':
      return t('areaTargets.sourcePack', { clause: source.clause === null ? '' : clauseLabel(source.clause) });
    case 'pack_breakdown':
      return t('areaTargets.sourceBreakdown', { source: source.text ?? '' });
    case 'coordinator': {
      // Who set it is shown to those who may set targets or approve values; to others, the coordinator as a role.
      const set = t('areaTargets.sourceCoordinator', { by: source.set_by ?? t('areaTargets.coordinatorRole'), at: source.set_at ? formatBeijingTime(source.set_at) : '—' });
      return source.note ? `${set}：${source.note}` : set;
    }
  }
}

/**
 * An area beside its region and its siblings: "占宁夏回族自治区 23.5%；同级 5 个地区中第 2" for a
 * count or money, and for a ratio "比例类指标，不计占比；宁夏回族自治区为 1.51%" — never a share of a ratio.
 */
export function formatComparison(comparison: AreaComparison, unit: string, t: TFunction, language: Language): string {
  const parts: string[] = [];
  const region = comparison.region.name;
  if (comparison.share_meaningful) {
    if (comparison.share_of_region !== null) parts.push(t('areaTargets.share', { region, share: formatPercent(comparison.share_of_region, language) }));
    else if (comparison.region.value === null && comparison.region.period !== null) parts.push(t('areaTargets.regionNoValue', { region }));
  } else if (comparison.region.value !== null) {
    parts.push(t('areaTargets.shareNotMeaningful', { region, value: formatValue(comparison.region.value, unit, null, language) }));
  } else if (comparison.region.period !== null) {
    parts.push(t('areaTargets.regionNoValue', { region }));
  }
  if (comparison.rank !== null && comparison.rank_of !== null) parts.push(t('areaTargets.rank', { rank: comparison.rank, of: comparison.rank_of }));
  return parts.join(language === 'zh' ? '；' : '; ');
}

/** "报送单位：科技厅" or "政策包未指定报送单位". */
export function formatSupplier(supplier: SupplierUnit | null, t: TFunction, language: Language): string {
  if (!supplier) return t('areaTargets.supplierUnknown');
  return t('areaTargets.supplier', { unit: language === 'zh' ? supplier.short_name : supplier.name });
}

/**
 * Each child area's share of its parent's figure (only for an indicator that adds up: a share of
 * a ratio means nothing) and its rank among the children with a value (1: the largest).
 */
export function sharesAndRanks(
  children: readonly { org: string; value: number | null }[],
  parentValue: number | null,
  additive: boolean,
): Map<string, { share: number | null; rank: number; rank_of: number }> {
  const withValue = children.filter((child): child is { org: string; value: number } => child.value !== null);
  return new Map(
    withValue.map((child) => [
      child.org,
      {
        share: additive && parentValue !== null && parentValue > 0 ? child.value / parentValue : null,
        rank: 1 + withValue.filter((other) => other.value > child.value).length,
        rank_of: withValue.length,
      },
    ]),
  );
}

/**
 * An area's own value of the target that measures `indicator`, as the areas' target list gives it:
 * the coordinator's over the pack's breakdown; undefined when the area has none (it is then never
 * shown the regional target as its own).
 */
export function ownAreaTarget(list: AreaTargetList | undefined, indicator: string, org: string): { target: AreaTargetList['targets'][number]; value: number; kind: AreaTarget['kind'] } | undefined {
  const target = list?.targets.find((candidate) => candidate.indicator === indicator);
  if (!list || !target) return undefined;
  const rows = list.area_targets.filter((row) => row.target_id === target.id && row.org === org);
  const row = rows.find((candidate) => candidate.kind === 'coordinator') ?? rows[0];
  return row ? { target, value: row.value, kind: row.kind } : undefined;
}
