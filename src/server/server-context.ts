import type { PermissionTable } from '../accounts/permissions.ts';
import type { SecuritySettings } from '../accounts/security-settings.ts';
import type { DatabaseHandle } from '../db/open-database.ts';

/** The permission table in force; replaced when the security administrator changes it. */
export interface PermissionStore {
  current(): PermissionTable;
  replace(table: PermissionTable): void;
}

/** What every route needs, handed in by the app factory (no globals). */
export interface ServerContext {
  database: DatabaseHandle;
  permissions: PermissionStore;
  settings: SecuritySettings;
  /** The clock; tests move it to check time-outs. */
  now(): Date;
}
