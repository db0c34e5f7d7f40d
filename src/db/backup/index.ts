// Backup and restore of the whole store: what src/db/index.ts exports of it.
export { backupFormat, backupFormatVersion, type BackupHeader } from './backup-format.ts';
export { createBackup, type BackupOptions, type BackupSummary } from './create-backup.ts';
export { checkBackup, restoreBackup, type RestoreOptions, type RestoreSummary } from './restore-backup.ts';
export { storedFilesFolder, storedFilesRoot } from './stored-files.ts';
