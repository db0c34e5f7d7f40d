import type { Actor, PermissionTable, RequestOrigin } from '../accounts/index.ts';

/** What every changing use case of the ledger is given: who acts, with which permissions, from where, and when. */
export interface AwardCommandOptions {
  actor: Actor;
  permissions: PermissionTable;
  origin: RequestOrigin;
  /** The injected clock's now: the time of the change, its audit event and "today" in Beijing. */
  now: Date;
}
