import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type Database } from '../db/index.ts';
import { findPacks } from '../policy/index.ts';
import { countProfilesByArea, wholeRegistryProfiles } from '../registry/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import type { ScreeningCaller, ShardDispatcher } from './screening-caller.ts';
import { screeningRulesOf } from './screening-packs.ts';
import { insertRun, setRunState } from './screening-repository.ts';

export interface StartScreeningInput {
  year: number;
  packId?: string | undefined;
  org?: string | undefined;
}

/**
 * Starts a screening run (免申即享): records the year, the packs in force with their versions and
 * content hashes, the parameter values, the area and who started it; splits the scope into shards
 * by area (the enterprises an area holds itself, its org: a county; areas without enterprises get
 * none), one query counting them all;
 * then hands the shards to the dispatcher. Coordinator only (`screening.run`, scope all).
 */
export async function startScreeningRun(db: Database, caller: ScreeningCaller, input: StartScreeningInput, dispatcher: ShardDispatcher, now: Date): Promise<{ id: string; shards: number }> {
  caller.permissions.assertCan(caller.actor, 'screening.run');
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) {
    throw new AppError('bad_request', `年度“${input.year}”应为 2000 至 2100 的整数`, `year "${input.year}" should be a whole number from 2000 to 2100`, ['year']);
  }
  const { tree } = caller;
  if (input.org !== undefined && !tree.has(input.org)) throw notFound('地区', 'Area', input.org);
  const packs = await findPacks(db);
  if (input.packId !== undefined && !packs.some((pack) => pack.metadata.id === input.packId)) throw notFound('政策包', 'Policy pack', input.packId);
  const rules = screeningRulesOf(packs, input.year, input.packId);
  if (rules.rules.length === 0) {
    const which = input.packId ? `政策包“${input.packId}”` : '已载入的政策包';
    throw new AppError('bad_request', `${which}在${input.year}年没有适用于企业的计算规则，无法筛查`, `${input.packId ? `pack "${input.packId}"` : 'the loaded packs'}: no enterprise rule in force in ${input.year}, nothing to screen`, ['year']);
  }
  const areas = input.org === undefined ? tree.atLevel('province').flatMap((province) => tree.subtreeOf(province.code)) : tree.subtreeOf(input.org);
  // One shard per area holding enterprises itself (the registry keeps an enterprise in its county):
  // how many each holds now (the whole register, on purpose: the run is the coordinator's).
  const counts = await countProfilesByArea(db, wholeRegistryProfiles(tree), areas.filter((area) => area.level !== 'country').map((area) => area.code));
  const shards = counts.map((count) => ({ key: count.org, enterprises: count.count }));
  const id = await inTransaction(db, async (tx) => {
    const runId = await insertRun(tx, { year: input.year, packs: rules.packs, parameters: rules.parameters, org: input.org ?? null, startedBy: caller.actor?.username ?? null, startedAt: now }, shards);
    // A scope without enterprises: the run is done at once.
    if (shards.length === 0) await setRunState(tx, runId, 'done', { finished: true });
    await recordAuditEvent(tx, {
      actor: caller.actor,
      action: 'screening.start',
      entityType: 'screening_run',
      entityId: runId,
      after: { screening_year: input.year, org: input.org ?? null, screening_packs: rules.packs.map((pack) => `${pack.id} ${pack.version}`).join('，'), screening_shards: shards.length },
      origin: caller.origin,
    });
    return runId;
  });
  if (shards.length > 0) await dispatcher(id, shards.map((shard) => shard.key));
  return { id, shards: shards.length };
}
