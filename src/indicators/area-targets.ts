import { Decimal } from 'decimal.js';
import type { AreaTree } from '../areas/index.ts';
import { findAreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { getPack, type PolicyPack, type Target } from '../policy/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import { deleteAreaTargetRow, findAreaTargetRows, upsertAreaTargetRows, type AreaTargetRow, type AreaTargetWrite } from './area-target-repository.ts';
import type { IndicatorCommandOptions } from './indicator-command-options.ts';
import type { AreaTarget, AreaTargetList, SetAreaTargetInput } from './indicator-contract.ts';
import { isWholeCount } from './present-evaluation.ts';

/**
 * Areas' own targets (目标分解): the coordinator sets a city's or county's own value of one of the
 * pack's targets (one by one or from a file); the pack may carry a breakdown of its own. An area
 * with neither is never judged against the regional target (evaluate-pack.ts).
 */

/** The targets that can be broken down: those with a value (a benchmark target compares every area with the benchmark itself). */
export function divisibleTargets(pack: PolicyPack): (Target & { value: number })[] {
  return pack.targets.filter((target): target is Target & { value: number } => target.value !== undefined && target.benchmark_org === undefined);
}

/** Every area target of a pack, the pack's breakdown first, with the targets that may have them. */
export async function findAreaTargets(db: DatabaseOrTransaction, packId: string): Promise<AreaTargetList> {
  const pack = await getPack(db, packId);
  const [tree, rows] = await Promise.all([findAreaTree(db), findAreaTargetRows(db, pack.metadata.id)]);
  const indicatorOf = (code: string) => pack.indicators.find((indicator) => indicator.code === code);
  const targets = divisibleTargets(pack);
  const areaTargets: AreaTarget[] = [];
  for (const target of targets) {
    const unit = indicatorOf(target.indicator)?.unit ?? '';
    for (const part of target.breakdown ?? []) {
      areaTargets.push({ target_id: target.id, indicator: target.indicator, org: part.org, org_name: tree.find(part.org)?.name ?? part.org, value: part.value, unit, kind: 'pack_breakdown', clause: part.clause ?? null, source: part.source, set_by: null, set_at: null, note: part.interpretation ?? null });
    }
    for (const row of rows.filter((candidate) => candidate.targetId === target.id)) areaTargets.push(presentRow(target, unit, tree, row));
  }
  return {
    pack: pack.metadata.id,
    targets: targets.map((target) => ({ id: target.id, indicator: target.indicator, indicator_name: indicatorOf(target.indicator)?.name ?? target.indicator, unit: indicatorOf(target.indicator)?.unit ?? '', comparator: target.comparator, value: target.value, year: target.year, clause: target.clause, text: target.text })),
    area_targets: areaTargets,
  };
}

function presentRow(target: Target, unit: string, tree: AreaTree, row: AreaTargetRow): AreaTarget {
  return { target_id: target.id, indicator: target.indicator, org: row.org, org_name: tree.find(row.org)?.name ?? row.org, value: Number(row.value), unit, kind: 'coordinator', clause: null, source: null, set_by: row.setBy, set_at: row.setAt.toISOString(), note: row.note };
}

/** What a write must satisfy, as a problem with its field (null: fine). */
interface Refusal {
  field: 'target' | 'org' | 'value';
  zh: string;
  en: string;
}

/** A checked write, or why not: the target exists and may be broken down, the area is a city or county of the target's area, the value fits the indicator. */
export function checkAreaTarget(pack: PolicyPack, tree: AreaTree, input: { target: string; org: string; value: Decimal }): { write: { target: Target & { value: number }; org: string; value: Decimal } } | { refusal: Refusal } {
  const target = findTarget(pack, input.target);
  if (!target) {
    const any = pack.targets.find((candidate) => candidate.id === input.target);
    return any
      ? { refusal: { field: 'target', zh: `目标“${any.text}”以全国平均水平为标准，各地区都与之比较，不分解到地区`, en: `target "${any.id}" is a benchmark target: every area is compared with the benchmark itself, so it is not broken down` } }
      : { refusal: { field: 'target', zh: `政策包中没有目标“${input.target}”（填目标编号或指标名称）`, en: `the pack has no target "${input.target}" (give the target id or the indicator's name)` } };
  }
  const area = tree.find(input.org) ?? tree.all.find((candidate) => candidate.name === input.org);
  const targetOrg = target.org ?? pack.metadata.region;
  if (!area) return { refusal: { field: 'org', zh: `没有地区“${input.org}”（填 6 位区划代码或地区全称）`, en: `no area "${input.org}" (give the 6-digit code or the area's full name)` } };
  if (area.code === targetOrg || !tree.isWithinArea(area.code, targetOrg)) {
    const regionName = tree.find(targetOrg)?.name ?? targetOrg;
    return { refusal: { field: 'org', zh: `${area.name}不是${regionName}下辖的市、县（区），不能分解目标`, en: `${area.name} (${area.code}) is not a city or county of ${regionName}: the target cannot be broken down to it` } };
  }
  const indicator = pack.indicators.find((candidate) => candidate.code === target.indicator);
  if (input.value.isNegative()) return { refusal: { field: 'value', zh: '目标值不能为负数', en: 'a target value cannot be negative' } };
  if (input.value.greaterThan(1e15)) return { refusal: { field: 'value', zh: '目标值过大（不超过 10^15）', en: 'the target value is too large (at most 1e15)' } };
  if (indicator && isWholeCount(indicator) && !input.value.isInteger()) {
    return { refusal: { field: 'value', zh: `${indicator.name}以${indicator.unit}计，目标值应为整数`, en: `${indicator.code} counts whole things (${indicator.unit}): the target value must be a whole number` } };
  }
  return { write: { target, org: area.code, value: input.value } };
}

/** A target by its id, or by its indicator's name or code when exactly one target of the pack measures it. */
function findTarget(pack: PolicyPack, key: string): (Target & { value: number }) | undefined {
  const targets = divisibleTargets(pack);
  const byId = targets.find((target) => target.id === key);
  if (byId) return byId;
  const codes = pack.indicators.filter((indicator) => indicator.name === key || indicator.code === key).map((indicator) => indicator.code);
  const matching = targets.filter((target) => codes.includes(target.indicator));
  return matching.length === 1 ? matching[0] : undefined;
}

/** Sets one area's own target (the coordinator; audited). */
export async function setAreaTarget(db: DatabaseOrTransaction, packId: string, input: SetAreaTargetInput, options: IndicatorCommandOptions): Promise<AreaTarget> {
  options.permissions.assertCan(options.actor, 'indicators.set_targets');
  const pack = await getPack(db, packId);
  const tree = await findAreaTree(db);
  const checked = checkAreaTarget(pack, tree, { target: input.target_id, org: input.org, value: new Decimal(input.value) });
  if ('refusal' in checked) {
    const { field, zh, en } = checked.refusal;
    throw new AppError('bad_request', `${fieldNames[field]}：${zh}`, `${field === 'target' ? 'target_id' : field}: ${en}`, { field: field === 'target' ? 'target_id' : field });
  }
  const { target, org, value } = checked.write;
  const note = input.note?.trim() ? input.note.trim() : null;
  return inTransaction(db, async (tx) => {
    const before = (await findAreaTargetRows(tx, pack.metadata.id)).find((row) => row.targetId === target.id && row.org === org);
    await upsertAreaTargetRows(tx, pack.metadata.id, [{ targetId: target.id, org, value: value.toString(), note }], options.actor.username, options.now);
    const row = (await findAreaTargetRows(tx, pack.metadata.id)).find((candidate) => candidate.targetId === target.id && candidate.org === org)!;
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: 'area_target.set',
      entityType: 'area_target',
      entityId: `${pack.metadata.id}|${target.id}|${org}`,
      before: before ? { value: before.value, note: before.note } : null,
      after: { pack: pack.metadata.id, target: target.id, target_text: target.text, org, org_name: tree.find(org)?.name ?? org, value: value.toString(), note },
      origin: options.origin,
    });
    return presentRow(target, pack.indicators.find((indicator) => indicator.code === target.indicator)?.unit ?? '', tree, row);
  });
}

/** Removes one area's own target set by the coordinator (audited); 404 when there is none. */
export async function removeAreaTarget(db: DatabaseOrTransaction, packId: string, input: { target_id: string; org: string }, options: IndicatorCommandOptions): Promise<{ removed: true }> {
  options.permissions.assertCan(options.actor, 'indicators.set_targets');
  const pack = await getPack(db, packId);
  const tree = await findAreaTree(db);
  return inTransaction(db, async (tx) => {
    const removed = await deleteAreaTargetRow(tx, pack.metadata.id, input.target_id, input.org);
    if (!removed) throw notFound('地区分解目标', 'Area target', `${input.target_id} ${input.org}`);
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: 'area_target.remove',
      entityType: 'area_target',
      entityId: `${pack.metadata.id}|${input.target_id}|${input.org}`,
      before: { value: removed.value, note: removed.note, org_name: tree.find(input.org)?.name ?? input.org },
      after: null,
      origin: options.origin,
    });
    return { removed: true as const };
  });
}

const fieldNames: Record<Refusal['field'], string> = { target: '目标', org: '地区', value: '目标值' };

export type { AreaTargetWrite };
