import type { DatabaseHandle } from '../db/open-database.ts';

/** What every route needs, handed in by the app factory (no globals). */
export interface ServerContext {
  database: DatabaseHandle;
}
