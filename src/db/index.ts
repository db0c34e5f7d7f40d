// The public surface of the db module: other modules import only from here (module-map.js).
export { classifyDatabaseError } from './database-errors.ts';
export { escapeLike } from './like-pattern.ts';
export { inTransaction, openDatabase, queryRowArrays, queryRows, type Database, type DatabaseHandle, type DatabaseOptions, type DatabaseOrTransaction, type Transaction, type TransactionOptions } from './open-database.ts';
export { areas, policyPackVersions, policyPacks, zones } from './schema.ts';
export { changeCounterNames, readChangeVersions, VersionedMemo, type ChangeCounterName, type ChangeVersionSource, type ChangeVersions } from './change-counters.ts';
export { backupFormat, checkBackup, createBackup, restoreBackup, storedFilesFolder, storedFilesRoot, type BackupHeader, type BackupOptions, type BackupSummary, type RestoreOptions, type RestoreSummary } from './backup/index.ts';
export { grantApplicationRole, type ApplicationGrants } from './grant-application-role.ts';
export { hasConnectionPool, rowsPerBulkStatement } from './bulk-statements.ts';
export { copyField, copyRows, copyTextArray } from './copy-rows.ts';
