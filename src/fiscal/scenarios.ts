import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import type { FiscalCaller } from './fiscal-caller.ts';
import { whatIfResultSchema, type SaveScenarioInput, type Scenario, type ScenarioList, type ScenarioSummary, type WhatIfResult } from './fiscal-contract.ts';
import { runWhatIf } from './run-what-if.ts';
import { deleteScenarioRow, findScenarioRow, findScenarioRows, insertScenarioRow, type ScenarioRow } from './scenario-repository.ts';

/**
 * Named what-if scenarios (测算方案): the coordinator keeps a what-if under a unique name. The
 * what-if is computed again on the server when saved (never taken from the client), and the row
 * keeps its overrides and that summary. Saving and deleting are audited.
 */
export async function saveScenario(db: DatabaseOrTransaction, caller: FiscalCaller, input: SaveScenarioInput): Promise<Scenario> {
  caller.permissions.assertCan(caller.actor, 'fiscal.scenarios');
  const name = input.name.trim();
  const result = await runWhatIf(db, caller, { year: input.year, overrides: input.overrides, ...(input.org !== undefined ? { org: input.org } : {}) });
  return inTransaction(db, async (tx) => {
    const row = await insertScenarioRow(tx, { name, year: input.year, org: input.org ?? null, overrides: input.overrides, result, createdBy: caller.actor.username, createdAt: caller.now });
    if (!row) throw new AppError('conflict', `测算方案“${name}”已存在，请换一个名称`, `a scenario named "${name}" already exists: choose another name`, { field: 'name' });
    await recordAuditEvent(tx, {
      actor: caller.actor,
      action: 'fiscal_scenario.save',
      entityType: 'fiscal_scenario',
      entityId: row.id,
      before: null,
      after: { name, year: input.year, org: input.org ?? null, overrides: input.overrides, baseline_total: result.baseline_total, what_if_total: result.what_if_total, difference_total: result.difference_total },
      origin: caller.origin,
    });
    return presentScenario(row);
  });
}

export async function listScenarios(db: DatabaseOrTransaction, caller: FiscalCaller): Promise<ScenarioList> {
  caller.permissions.assertCan(caller.actor, 'fiscal.read');
  return { scenarios: (await findScenarioRows(db)).map(presentSummary) };
}

export async function getScenario(db: DatabaseOrTransaction, caller: FiscalCaller, id: string): Promise<Scenario> {
  caller.permissions.assertCan(caller.actor, 'fiscal.read');
  const row = await findScenarioRow(db, id);
  if (!row) throw notFound('测算方案', 'Scenario', id);
  return presentScenario(row);
}

export async function deleteScenario(db: DatabaseOrTransaction, caller: FiscalCaller, id: string): Promise<{ deleted: true }> {
  caller.permissions.assertCan(caller.actor, 'fiscal.scenarios');
  return inTransaction(db, async (tx) => {
    const row = await deleteScenarioRow(tx, id);
    if (!row) throw notFound('测算方案', 'Scenario', id);
    const result = row.result as WhatIfResult;
    await recordAuditEvent(tx, {
      actor: caller.actor,
      action: 'fiscal_scenario.delete',
      entityType: 'fiscal_scenario',
      entityId: row.id,
      before: { name: row.name, year: row.year, org: row.org, overrides: row.overrides, difference_total: result.difference_total },
      after: null,
      origin: caller.origin,
    });
    return { deleted: true as const };
  });
}

function presentSummary(row: ScenarioRow): ScenarioSummary {
  const result = row.result as WhatIfResult;
  return {
    id: row.id,
    name: row.name,
    year: row.year,
    org: row.org,
    overrides: row.overrides,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    baseline_total: result.baseline_total,
    what_if_total: result.what_if_total,
    difference_total: result.difference_total,
  };
}

function presentScenario(row: ScenarioRow): Scenario {
  return { ...presentSummary(row), result: whatIfResultSchema.parse(row.result) };
}
