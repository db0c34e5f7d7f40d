import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/index.ts';
import type { BackupHeader } from './backup-format.ts';
import { knownMigrations, openBackupSession, type BackupSession, type SessionOptions } from './backup-session.ts';
import { appliedMigrations, digestTable, displayName, listTables, qualifiedName, quoteIdentifier, type CatalogueTable } from './catalogue.ts';
import { readBackup } from './read-backup.ts';
import { hasStoredFiles, storedFilesRoot } from './stored-files.ts';

export interface RestoreOptions extends SessionOptions {
  /** Empty a target that holds data first; without it such a target is refused. */
  force?: boolean | undefined;
}

export interface RestoreSummary {
  file: string;
  driver: 'pglite' | 'postgres';
  location: string;
  createdAt: string;
  migrations: number;
  tables: { name: string; rows: number; sha256: string }[];
  sequences: number;
  files: { count: number; bytes: number };
  /** Whether the target held data that --force replaced. */
  replaced: boolean;
}

/**
 * Checks a backup without touching any database: format, digests of every table and stored
 * file, completeness. Fails naming the file, the line and the problem.
 */
export async function checkBackup(file: string): Promise<{ header: BackupHeader; rows: number }> {
  const content = await readBackup(file);
  checkMigrationLevel(file, content.header);
  return { header: content.header, rows: content.rows };
}

/**
 * Restores a backup into the target (a PGlite folder or a PostgreSQL database):
 *
 * 1. the whole file is read and checked first (a corrupt or truncated file changes nothing);
 * 2. the target is migrated to the backup's migration level (a backup newer than the code, or a
 *    target ahead of the backup, is refused);
 * 3. in ONE transaction, with triggers off (`session_replication_role = replica`: the connection
 *    must be a superuser's), a target holding data is refused unless forced, every application
 *    table is emptied, the rows loaded, each table's digest computed again and compared with the
 *    header's, and the sequences set;
 * 4. the stored files, written beside the files folder meanwhile, replace it after the commit.
 */
export async function restoreBackup(file: string, options: RestoreOptions): Promise<RestoreSummary> {
  const { header } = await checkBackup(file);
  const session = await openBackupSession(options, false);
  const filesRoot = storedFilesRoot(options.dataDir);
  const staging = filesRoot ? `${filesRoot}.restoring-${randomBytes(4).toString('hex')}` : undefined;
  let transaction = false;
  try {
    // A target with no migration applied is new: it can hold no data, nothing to compare.
    const fresh = (await appliedMigrations(session)).length === 0;
    // Whether this connection may turn triggers off, asked before anything is migrated.
    await session.query('begin');
    try {
      await replicaMode(session);
    } finally {
      await session.query('rollback');
    }
    await bringToLevel(session, header);
    const filesPresent = hasStoredFiles(filesRoot);
    await session.query('begin');
    transaction = true;
    await replicaMode(session);
    const tables = await listTables(session);
    const byName = new Map(tables.map((table) => [displayName(table), table]));
    const missing = header.tables.filter((table) => !byName.has(table.name)).map((table) => table.name);
    if (missing.length > 0) {
      throw new AppError('bad_request', `目标数据库缺少备份中的表：${missing.join('、')}`, `the target database has no table ${missing.join(', ')} of the backup`);
    }
    const occupied = fresh ? [] : await tablesWithData(session, tables, header.migrations.length);
    if ((occupied.length > 0 || filesPresent) && !options.force) {
      const what = [...occupied.map((table) => `${table.name} (${table.rows})`), ...(filesPresent ? [`${filesRoot}`] : [])];
      throw new AppError('conflict', `目标不是空的：${what.join('、')} 已有数据；确认要覆盖请加 --force`, `the target is not empty: ${what.join(', ')} hold data; add --force to replace it`);
    }
    const alwaysTriggers = await session.query<{ relation: string; name: string }>(
      `select tgrelid::regclass::text as relation, tgname as name from pg_trigger where not tgisinternal and tgenabled = 'A'`,
    );
    for (const trigger of alwaysTriggers) await session.query(`alter table ${trigger.relation} disable trigger ${quoteIdentifier(trigger.name)}`);
    if (tables.length > 0) await session.query(`truncate ${tables.map(qualifiedName).join(', ')}`);

    let stream: WriteStream | undefined;
    const loadedRows = new Map<string, { rows: number }>();
    if (staging) mkdirSync(staging, { recursive: true });
    await readBackup(file, {
      rows: (table, rows) => {
        const counter = loadedRows.get(table.name) ?? { rows: 0 };
        loadedRows.set(table.name, counter);
        return insertRows(session, byName.get(table.name)!, rows, counter);
      },
      fileStart: async (path) => {
        const target = join(staging!, ...path.split('/'));
        mkdirSync(dirname(target), { recursive: true });
        stream = createWriteStream(target, { flags: 'wx' });
        await once(stream, 'open');
      },
      fileChunk: async (_path, bytes) => {
        if (!stream!.write(bytes)) await once(stream!, 'drain');
      },
      fileEnd: async () => {
        stream!.end();
        await once(stream!, 'finish');
        stream = undefined;
      },
    });

    for (const trigger of alwaysTriggers) await session.query(`alter table ${trigger.relation} enable always trigger ${quoteIdentifier(trigger.name)}`);
    for (const table of header.tables) {
      const digest = await digestTable(session, byName.get(table.name)!);
      if (digest.rows !== table.rows || digest.sha256 !== table.sha256) {
        throw new AppError('bad_request', `恢复后表 ${table.name} 的摘要与备份不符（${digest.rows} 行）：未写入任何数据`, `after loading, table ${table.name} does not match the backup's digest (${digest.rows} of ${table.rows} row(s), sha256 ${digest.sha256}, expected ${table.sha256}): nothing was written`);
      }
    }
    // Sequences last: setval is not undone by a rollback.
    for (const sequence of header.sequences) {
      await session.query('select setval($1::regclass, $2::bigint, $3::boolean)', [`${quoteIdentifier(sequence.schema)}.${quoteIdentifier(sequence.sequence)}`, sequence.last_value, sequence.is_called]);
    }
    await session.query('commit');
    transaction = false;
    if (filesRoot && staging) {
      const previous = `${filesRoot}.replaced-${randomBytes(4).toString('hex')}`;
      if (existsSync(filesRoot)) renameSync(filesRoot, previous);
      renameSync(staging, filesRoot);
      rmSync(previous, { recursive: true, force: true });
    }
    return {
      file,
      driver: session.driver,
      location: session.location,
      createdAt: header.created_at,
      migrations: header.migrations.length,
      tables: header.tables.map((table) => ({ name: table.name, rows: table.rows, sha256: table.sha256 })),
      sequences: header.sequences.length,
      files: header.files,
      replaced: occupied.length > 0 || filesPresent,
    };
  } catch (error) {
    if (transaction) await session.query('rollback').catch(() => undefined);
    if (staging) rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    await session.close();
  }
}

/** The backup's migrations must be the code's first ones: a backup newer than the code is refused. */
function checkMigrationLevel(file: string, header: BackupHeader): void {
  const known = knownMigrations();
  header.migrations.forEach((migration, index) => {
    if (known[index]?.createdAt === migration.created_at) return;
    const name = migration.tag ?? String(migration.created_at);
    const newer = index >= known.length || migration.created_at > (known[known.length - 1]?.createdAt ?? 0);
    if (newer) {
      throw new AppError('bad_request', `备份文件 ${file} 由更新的版本生成（迁移 ${name} 本版本没有）：请用该版本或更新的版本恢复`, `backup file ${file} was made by a newer version of Kechuang (migration ${name} is unknown to this one): restore it with that version or a later one`);
    }
    throw new AppError('bad_request', `备份文件 ${file} 的迁移历史与本版本不同（第 ${index + 1} 个迁移为 ${name}）`, `backup file ${file} has a migration history this version does not share (migration ${index + 1} is ${name})`);
  });
}

/** Brings the target to the backup's level; a target already past it is refused. */
async function bringToLevel(session: BackupSession, header: BackupHeader): Promise<void> {
  const applied = await appliedMigrations(session);
  const ahead = applied.length > header.migrations.length || applied.some((migration, index) => header.migrations[index]?.created_at !== migration.createdAt);
  if (ahead) {
    throw new AppError(
      'bad_request',
      `目标数据库（${session.location}）已执行 ${applied.length} 个迁移，与备份的 ${header.migrations.length} 个不一致：请恢复到一个空数据库`,
      `the target database (${session.location}) has ${applied.length} migration(s) applied, not a prefix of the backup's ${header.migrations.length}: restore into an empty database`,
    );
  }
  if (applied.length < header.migrations.length) await session.migrateTo(header.migrations.length);
}

/** Triggers off for the load (foreign keys and the audit log's own triggers included). */
async function replicaMode(session: BackupSession): Promise<void> {
  try {
    await session.query('set local session_replication_role = replica');
  } catch (error) {
    if ((error as { code?: string }).code === '42501') {
      throw new AppError(
        'forbidden',
        `恢复需要以超级用户（或数据库所有者并有权设置 session_replication_role）连接 ${session.location}`,
        `restore must connect to ${session.location} as a superuser (it sets session_replication_role to load with triggers off)`,
      );
    }
    throw error;
  }
}

const baselines = new Map<number, Map<string, string>>();

/**
 * The tables of the target that hold data: whose content differs from what the migrations alone
 * leave in a new database (they seed a few rows, e.g. the audit head), computed once per level
 * on a throwaway in-memory database.
 */
async function tablesWithData(session: BackupSession, tables: CatalogueTable[], level: number): Promise<{ name: string; rows: number }[]> {
  let baseline = baselines.get(level);
  if (!baseline) {
    const fresh = await openBackupSession({ dataDir: 'memory://' }, false);
    try {
      await fresh.migrateTo(level);
      await fresh.query('begin');
      baseline = new Map();
      for (const table of await listTables(fresh)) baseline.set(displayName(table), (await digestTable(fresh, table)).sha256);
      await fresh.query('commit');
      baselines.set(level, baseline);
    } finally {
      await fresh.close();
    }
  }
  const occupied = [];
  for (const table of tables) {
    const digest = await digestTable(session, table);
    if (digest.rows > 0 && digest.sha256 !== baseline.get(displayName(table))) occupied.push({ name: displayName(table), rows: digest.rows });
  }
  return occupied;
}

/** Loads canonical row texts through `jsonb_populate_recordset`: every value exactly as printed. */
async function insertRows(session: BackupSession, table: CatalogueTable, rows: string[], loaded: { rows: number }): Promise<void> {
  const columns = table.columns.filter((column) => !column.generated).map((column) => quoteIdentifier(column.name));
  const list = columns.join(', ');
  try {
    await session.query(`insert into ${qualifiedName(table)} (${list}) overriding system value select ${list} from jsonb_populate_recordset(null::${qualifiedName(table)}, $1::jsonb)`, [`[${rows.join(',')}]`]);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // Data that the target's table does not take (class 22: a value; class 23: a constraint).
    if (typeof code !== 'string' || !/^2[23]/.test(code)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const range = `${loaded.rows + 1} to ${loaded.rows + rows.length}`;
    throw new AppError('bad_request', `表 ${displayName(table)} 的第 ${range} 行无法载入（${message}）：未写入任何数据`, `table ${displayName(table)}: rows ${range} could not be loaded (${message}): nothing was written`);
  } finally {
    loaded.rows += rows.length;
  }
}
