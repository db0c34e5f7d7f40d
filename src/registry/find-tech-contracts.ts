import type { DatabaseOrTransaction } from '../db/index.ts';
import type { TechContractFilter, TechContractPage } from './registry-contract.ts';
import { presentContract } from './registry-presenters.ts';
import { findContractRows, type ContractQuery } from './registry-repository.ts';
import { registryScopeOf, type RegistryCaller } from './registry-scope.ts';

export function contractQueryOf(filter: TechContractFilter, caller: Pick<RegistryCaller, 'tree'>, page: { limit: number; offset: number }): ContractQuery {
  return { q: filter.q, orgs: filter.org ? caller.tree.subtreeOf(filter.org).map((area) => area.code) : undefined, year: filter.year, type: filter.type, ...page };
}

/** Registered technology contracts with a party the caller may see, newest first, by either party's name, area, year and type. */
export async function findTechContracts(db: DatabaseOrTransaction, caller: RegistryCaller, filter: TechContractFilter & { limit: number; offset: number }): Promise<TechContractPage> {
  const scope = registryScopeOf(caller.actor, caller.permissions, caller.tree);
  const { rows, total } = await findContractRows(db, scope, contractQueryOf(filter, caller, { limit: filter.limit, offset: filter.offset }));
  return { total, contracts: rows.map((row) => presentContract(row, caller.tree)) };
}
