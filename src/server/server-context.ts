import type { SecuritySettings } from '../accounts/security-settings.ts';
import type { DatabaseHandle } from '../db/open-database.ts';

/** What every route needs, handed in by the app factory (no globals). */
export interface ServerContext {
  database: DatabaseHandle;
  settings: SecuritySettings;
  /** The clock; tests move it to check time-outs. */
  now(): Date;
}
