import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/index.ts';
import { backupFormat, backupFormatVersion, BackupWriter, digestDescription, fileChunkBytes, type BackupHeader } from './backup-format.ts';
import { knownMigrations, openBackupSession, type SessionOptions } from './backup-session.ts';
import { appliedMigrations, digestTable, displayName, listSequences, listTables, qualifiedName, tableRows } from './catalogue.ts';
import { listStoredFiles, sha256OfFile, storedFilesRoot } from './stored-files.ts';

export interface BackupOptions extends SessionOptions {
  /** When the backup is made (the header's `created_at`); injected for tests. */
  now?: Date | undefined;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  createdAt: string;
  driver: 'pglite' | 'postgres';
  location: string;
  migrations: number;
  tables: { name: string; rows: number; sha256: string }[];
  sequences: number;
  files: { count: number; bytes: number };
}

export function appVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

/**
 * Writes the whole store (every application table, the sequences, the stored files) to one gzip
 * file, read in one snapshot a page at a time. The file appears under its name only when
 * complete: a failed backup leaves no file that looks like one.
 */
export async function createBackup(file: string, options: BackupOptions): Promise<BackupSummary> {
  const folder = dirname(file);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new AppError('bad_request', `无法写入备份文件 ${file}：文件夹 ${folder} 不存在`, `cannot write the backup file ${file}: the folder ${folder} does not exist`);
  }
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new AppError('bad_request', `无法写入备份文件 ${file}：这是一个文件夹`, `cannot write the backup file ${file}: it is a folder`);
  }
  const session = await openBackupSession(options, true);
  const partial = `${file}.partial-${process.pid}`;
  let writer: BackupWriter | undefined;
  try {
    const migrations = await appliedMigrations(session);
    if (migrations.length === 0) throw new AppError('bad_request', `${session.location} 不是科创数据库（没有已执行的迁移）`, `${session.location} is not a Kechuang database (no migration applied)`);
    // One snapshot for the digests and the rows: what the header promises is what follows it.
    await session.query('begin isolation level repeatable read read only');
    const tables = await listTables(session);
    const digests = [];
    for (const table of tables) digests.push({ table, ...(await digestTable(session, table)) });
    const sequences = [];
    for (const sequence of await listSequences(session)) {
      const [state] = await session.query<{ last_value: string; is_called: boolean }>(`select last_value::text as last_value, is_called from ${qualifiedName(sequence)}`);
      sequences.push({ name: displayName(sequence), schema: sequence.schema, sequence: sequence.name, last_value: state!.last_value, is_called: state!.is_called });
    }
    const [version] = await session.query<{ server_version: string }>('show server_version');
    const root = storedFilesRoot(options.dataDir);
    const files = [];
    for (const stored of listStoredFiles(root)) files.push({ ...stored, sha256: await sha256OfFile(stored.absolute) });
    const known = new Map(knownMigrations().map((migration) => [migration.createdAt, migration.tag]));
    const createdAt = (options.now ?? new Date()).toISOString();
    const header: BackupHeader = {
      format: backupFormat,
      version: backupFormatVersion,
      created_at: createdAt,
      app_version: appVersion(),
      source: { driver: session.driver, server_version: version?.server_version ?? 'unknown' },
      migrations: migrations.map((migration) => ({ tag: known.get(migration.createdAt) ?? null, created_at: migration.createdAt, hash: migration.hash })),
      tables: digests.map(({ table, rows, sha256 }) => ({ name: displayName(table), schema: table.schema, table: table.name, primary_key: table.primaryKey, rows, sha256 })),
      sequences,
      files: { count: files.length, bytes: files.reduce((sum, stored) => sum + stored.size, 0) },
      digest: digestDescription,
    };
    const headerLine = JSON.stringify(header);
    writer = new BackupWriter(partial);
    await writer.line(headerLine);
    let totalRows = 0;
    for (const { table, rows } of digests) {
      await writer.line(JSON.stringify({ table: displayName(table), rows }));
      let written = 0;
      for await (const page of tableRows(session, table)) {
        for (const row of page) await writer.line(row);
        written += page.length;
      }
      if (written !== rows) throw new AppError('internal', `表 ${displayName(table)} 在备份过程中发生变化`, `table ${displayName(table)} changed while it was backed up`);
      totalRows += rows;
    }
    await session.query('commit');
    for (const stored of files) {
      const chunks = Math.ceil(stored.size / fileChunkBytes);
      await writer.line(JSON.stringify({ file: stored.path, size: stored.size, sha256: stored.sha256, chunks }));
      const hash = createHash('sha256');
      let size = 0;
      let lines = 0;
      // Exactly `fileChunkBytes` per line (the last one shorter), whatever sizes the reads come in.
      let buffered = Buffer.alloc(0);
      const emit = async (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
        lines += 1;
        await writer!.line(chunk.toString('base64'));
      };
      for await (const chunk of createReadStream(stored.absolute) as AsyncIterable<Buffer>) {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= fileChunkBytes) {
          await emit(buffered.subarray(0, fileChunkBytes));
          buffered = buffered.subarray(fileChunkBytes);
        }
      }
      if (buffered.length > 0) await emit(buffered);
      if (size !== stored.size || lines !== chunks || hash.digest('hex') !== stored.sha256) {
        throw new AppError('conflict', `存储文件 ${stored.path} 在备份过程中发生变化，请重试`, `the stored file ${stored.path} changed while it was backed up: try again`);
      }
    }
    const headerSha = createHash('sha256').update(headerLine).digest('hex');
    await writer.line(JSON.stringify({ end: backupFormat, tables: digests.length, rows: totalRows, files: files.length, header_sha256: headerSha }));
    await writer.close();
    writer = undefined;
    renameSync(partial, file);
    return {
      file,
      bytes: statSync(file).size,
      createdAt,
      driver: session.driver,
      location: session.location,
      migrations: migrations.length,
      tables: header.tables.map((table) => ({ name: table.name, rows: table.rows, sha256: table.sha256 })),
      sequences: sequences.length,
      files: header.files,
    };
  } catch (error) {
    await session.query('rollback').catch(() => undefined);
    writer?.destroy();
    rmSync(partial, { force: true });
    throw error;
  } finally {
    await session.close();
  }
}
