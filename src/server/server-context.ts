import type { SecuritySettings } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';

/** What every route needs, handed in by the app factory (no globals). */
export interface ServerContext {
  database: DatabaseHandle;
  settings: SecuritySettings;
  /** The clock; tests move it to check time-outs. */
  now(): Date;
}
