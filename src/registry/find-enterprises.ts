import type { DatabaseOrTransaction } from '../db/index.ts';
import { today } from '../shared/index.ts';
import type { EnterpriseFilter, EnterprisePage } from './registry-contract.ts';
import { presentEnterpriseSummary, validCertificationTypes } from './registry-presenters.ts';
import { findCertificationsOf, findEnterpriseRows, type EnterpriseQuery } from './registry-repository.ts';
import { registryScopeOf, type RegistryCaller } from './registry-scope.ts';

/** The repository's query for the list's filters; certifications are valid on `day` (Beijing). */
export function enterpriseQueryOf(filter: EnterpriseFilter, caller: Pick<RegistryCaller, 'tree'>, day: string, page: { limit: number; offset: number }): EnterpriseQuery {
  return {
    q: filter.q,
    orgs: filter.org ? caller.tree.subtreeOf(filter.org).map((area) => area.code) : undefined,
    certification: filter.certification ? { type: filter.certification, today: day } : undefined,
    aboveScale: filter.above_scale === undefined ? undefined : filter.above_scale === 'true',
    synthetic: filter.synthetic === undefined ? undefined : filter.synthetic === 'true',
    sort: filter.sort,
    ...page,
  };
}

/**
 * A page of the enterprises the caller may see, by a Chinese substring or prefix of the name
 * (prefix matches first) and filters, each with the certifications valid today in Beijing, and
 * how many match in all: exact, or an estimate said to be one (约) for a common word over a large
 * register.
 */
export async function findEnterprises(db: DatabaseOrTransaction, caller: RegistryCaller, filter: EnterpriseFilter & { limit: number; offset: number }): Promise<EnterprisePage> {
  const scope = registryScopeOf(caller.actor, caller.permissions, caller.tree);
  const day = today(caller.now);
  const { rows, total, estimated } = await findEnterpriseRows(db, scope, enterpriseQueryOf(filter, caller, day, { limit: filter.limit, offset: filter.offset }));
  const valid = validCertificationTypes(await findCertificationsOf(db, scope, rows.map((row) => row.creditCode)), day);
  return {
    total,
    total_estimated: estimated,
    enterprises: rows.map((row) => presentEnterpriseSummary(row, caller.tree, valid.get(row.creditCode) ?? [])),
  };
}
