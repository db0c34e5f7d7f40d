import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { findApprovedValues } from '../indicators/index.ts';
import type { PolicyPack } from '../policy/index.ts';
import { AppError } from '../shared/index.ts';
import type { StoredIndicatorLink } from './supervision-schema.ts';

/**
 * Figures a report links from the indicators module instead of typing them again (减负). A link
 * names an indicator, an area and a period; it is shown with the stored value, its unit and its
 * source. Only approved values are shown: a draft or submitted value is unreviewed data, which a
 * report's readers (the coordinator, the unit, an area's leaders) may not all see, so the link then
 * says that no reviewed value exists yet.
 */
export function checkIndicatorLinks(links: readonly StoredIndicatorLink[], context: { packs: readonly PolicyPack[]; tree: AreaTree }): void {
  links.forEach((link, index) => {
    const known = context.packs.some((pack) => pack.indicators.some((indicator) => indicator.code === link.indicator));
    if (!known) throw new AppError('bad_request', `第 ${index + 1} 个关联指标“${link.indicator}”不存在`, `linked indicator ${index + 1}, "${link.indicator}", does not exist`, [{ field: `indicator_links.${index}.indicator`, message: '指标不存在', message_en: 'unknown indicator' }]);
    if (!context.tree.has(link.area)) throw new AppError('bad_request', `第 ${index + 1} 个关联指标的地区“${link.area}”不存在`, `the area "${link.area}" of linked indicator ${index + 1} does not exist`, [{ field: `indicator_links.${index}.area`, message: '地区不存在', message_en: 'unknown area' }]);
  });
}

export interface ResolvedLink {
  indicator: string;
  indicator_name: string;
  area: string;
  area_name: string;
  period: string;
  value: string | null;
  unit: string | null;
  source: string | null;
  available: boolean;
  note: { zh: string; en: string } | null;
}

export async function resolveIndicatorLinks(db: DatabaseOrTransaction, links: readonly StoredIndicatorLink[], context: { packs: readonly PolicyPack[]; tree: AreaTree }): Promise<ResolvedLink[]> {
  if (links.length === 0) return [];
  const values = await findApprovedValues(db, { orgs: [...new Set(links.map((link) => link.area))], indicators: [...new Set(links.map((link) => link.indicator))] });
  return links.map((link) => {
    const indicator = context.packs.flatMap((pack) => pack.indicators).find((candidate) => candidate.code === link.indicator);
    const value = values.find((candidate) => candidate.indicator === link.indicator && candidate.org === link.area && candidate.period === link.period);
    return {
      indicator: link.indicator,
      indicator_name: indicator?.name ?? link.indicator,
      area: link.area,
      area_name: context.tree.find(link.area)?.name ?? link.area,
      period: link.period,
      value: value ? String(value.value) : null,
      unit: indicator?.unit ?? null,
      source: value?.source ?? null,
      available: value !== undefined,
      note: value ? null : { zh: '暂无已审核的数值（未审核的数值不予显示）', en: 'no reviewed value yet (unreviewed values are not shown)' },
    };
  });
}
