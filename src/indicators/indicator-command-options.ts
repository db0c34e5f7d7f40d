import type { Actor, RequestOrigin } from '../accounts/actor.ts';
import type { PermissionTable } from '../accounts/permissions.ts';

/** What every changing use case of the module is given: who acts, with which permissions, from where, and when. */
export interface IndicatorCommandOptions {
  actor: Actor;
  permissions: PermissionTable;
  origin: RequestOrigin;
  /** The injected clock's now: the time of the change and of its audit event. */
  now: Date;
}
