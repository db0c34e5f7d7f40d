import type { Actor, PermissionTable } from '../accounts/index.ts';
import { findAreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { notFound } from '../shared/index.ts';
import { awardScopeOf, findAwardHistory, findAwardRow, findAwardRows, presentAward } from './award-repository.ts';
import type { AwardDetail, AwardPage, AwardQuery } from './awards-contract.ts';

export interface AwardReader {
  actor: Actor | null;
  permissions: PermissionTable;
  now: Date;
}

/**
 * The ledger within the caller's `awards.read` scope (the coordinator all, an area leader its
 * areas, an enterprise user its own enterprise), filtered and paged, with the count per state.
 */
export async function findAwards(db: DatabaseOrTransaction, query: AwardQuery, reader: AwardReader): Promise<AwardPage> {
  const tree = await findAreaTree(db);
  const scope = awardScopeOf(reader.actor, reader.permissions, tree);
  const found = await findAwardRows(db, scope, query);
  return { awards: found.rows.map((row) => presentAward(row, tree, reader.now)), total: found.total, counts: found.counts, page: query.page ?? 1, page_size: query.page_size ?? 50 };
}

/** One award with its history, objections and payment; 404 outside the caller's scope. */
export async function getAward(db: DatabaseOrTransaction, id: string, reader: AwardReader): Promise<AwardDetail> {
  const tree = await findAreaTree(db);
  const scope = awardScopeOf(reader.actor, reader.permissions, tree);
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await findAwardRow(db, scope, id) : undefined;
  if (!row) throw notFound('奖励', 'Award', id);
  const { history, objections, payment } = await findAwardHistory(db, id);
  return {
    ...presentAward(row, tree, reader.now),
    history: history.map((entry) => ({ from_state: entry.fromState as AwardDetail['state'] | null, to_state: entry.toState as AwardDetail['state'], action: entry.action, actor: entry.actor, at: entry.at.toISOString(), note: entry.note })),
    objections: objections.map((objection) => ({ id: objection.id, raised_on: objection.raisedOn, text: objection.text, raised_by: objection.raisedBy, outcome: objection.outcome, resolution: objection.resolution, resolved_on: objection.resolvedOn })),
    payment: payment ? { amount: payment.amount, paid_on: payment.paidOn, reference: payment.reference, payment_key: payment.paymentKey, recorded_by: payment.recordedBy } : null,
  };
}
