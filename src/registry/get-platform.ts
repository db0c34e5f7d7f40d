import type { DatabaseOrTransaction } from '../db/index.ts';
import { notFound } from '../shared/index.ts';
import type { PlatformDetail } from './registry-contract.ts';
import { presentHistoryEntry, presentPlatform } from './registry-presenters.ts';
import { findPlatformHistory, findPlatformRow } from './registry-repository.ts';
import { registryScopeOf, type RegistryCaller } from './registry-scope.ts';

/** One platform with its evaluations and history; outside the caller's scope it does not exist (404). */
export async function getPlatform(db: DatabaseOrTransaction, registrationNumber: string, caller: RegistryCaller): Promise<PlatformDetail> {
  const scope = registryScopeOf(caller.actor, caller.permissions, caller.tree);
  const row = await findPlatformRow(db, scope, registrationNumber);
  if (!row) throw notFound('平台', 'Platform', registrationNumber);
  const history = await findPlatformHistory(db, scope, row.registrationNumber);
  return {
    platform: { ...presentPlatform(row, caller.tree), host_credit_code: row.hostCreditCode, updated_at: row.updatedAt.toISOString() },
    history: history.map((entry) => presentHistoryEntry(entry)),
  };
}
