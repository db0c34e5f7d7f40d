import type { Actor, RequestOrigin, PermissionTable } from '../accounts/index.ts';

/** What every changing use case of the module is given: who acts, with which permissions, from where, and when. */
export interface IndicatorCommandOptions {
  actor: Actor;
  permissions: PermissionTable;
  origin: RequestOrigin;
  /** The injected clock's now: the time of the change and of its audit event. */
  now: Date;
}
