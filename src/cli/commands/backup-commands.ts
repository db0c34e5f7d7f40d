import { resolve } from 'node:path';
import { presentAuditVerification, verifyAuditChain } from '../../audit/index.ts';
import { checkBackup, createBackup, openDatabase, restoreBackup, type DatabaseOptions } from '../../db/index.ts';
import { exitCodes, type Output } from '../output.ts';

/**
 * `kechuang backup FILE [--json]`: the whole store (every table, the sequences, the stored files
 * under DATA_DIR/files) to one gzip file. Prints each table's row count and digest.
 */
export async function backupCommand(file: string, options: { json?: boolean | undefined; now?: Date | undefined }, database: DatabaseOptions, output: Output): Promise<number> {
  const summary = await createBackup(resolve(file), { ...database, now: options.now });
  const rows = summary.tables.reduce((sum, table) => sum + table.rows, 0);
  if (options.json) {
    output.out(
      JSON.stringify(
        {
          ok: true,
          file: summary.file,
          bytes: summary.bytes,
          created_at: summary.createdAt,
          driver: summary.driver,
          migrations: summary.migrations,
          tables: summary.tables,
          rows,
          sequences: summary.sequences,
          files: summary.files,
        },
        null,
        2,
      ),
    );
  } else {
    for (const table of summary.tables) output.out(`${table.sha256}  ${String(table.rows).padStart(9)}  ${table.name}`);
  }
  output.err(`backup written: ${summary.file} (${summary.bytes} bytes) — ${summary.tables.length} table(s), ${rows} row(s), ${summary.sequences} sequence(s), ${summary.files.count} stored file(s) from ${summary.location}`);
  return exitCodes.ok;
}

/**
 * `kechuang restore FILE [--force] [--check] [--json]`: the whole store back from a backup, then
 * the audit chain verified. `--check` reads and checks the file only (digests of every table and
 * stored file), touching no database. Exit 1 for a bad file, a non-empty target without --force,
 * or a restored audit chain that does not verify.
 */
export async function restoreCommand(file: string, options: { force?: boolean | undefined; check?: boolean | undefined; json?: boolean | undefined }, database: DatabaseOptions, output: Output): Promise<number> {
  const path = resolve(file);
  if (options.check) {
    const { header, rows } = await checkBackup(path);
    output.err(`backup intact: ${path} — made ${header.created_at} by Kechuang ${header.app_version} on ${header.source.driver}; ${header.tables.length} table(s), ${rows} row(s), ${header.files.count} stored file(s); every digest matches`);
    if (options.json) {
      output.out(JSON.stringify({ ok: true, file: path, created_at: header.created_at, app_version: header.app_version, migrations: header.migrations.length, tables: header.tables.map((table) => ({ name: table.name, rows: table.rows, sha256: table.sha256 })), rows, files: header.files }, null, 2));
    }
    return exitCodes.ok;
  }
  const summary = await restoreBackup(path, { ...database, force: options.force });
  const rows = summary.tables.reduce((sum, table) => sum + table.rows, 0);
  output.err(`restored ${path} (made ${summary.createdAt}) into ${summary.location}: ${summary.tables.length} table(s), ${rows} row(s), ${summary.sequences} sequence(s), ${summary.files.count} stored file(s); every table's digest matches${summary.replaced ? ' (the earlier content was replaced: --force)' : ''}`);
  // Opening the database as every command does brings it up to this version's migrations.
  const handle = await openDatabase(database);
  try {
    const report = await verifyAuditChain(handle.db);
    for (const problem of report.problems) output.err(problem.message);
    if (report.ok) output.err(`audit log intact: ${report.rows} row(s), head at row ${report.head.lastSeq}`);
    else output.err(`audit log does NOT verify after the restore: ${report.problems.length + report.omittedProblems} problem(s) in ${report.rows} row(s)`);
    if (options.json) {
      output.out(
        JSON.stringify(
          {
            ok: report.ok,
            file: path,
            created_at: summary.createdAt,
            driver: summary.driver,
            migrations: summary.migrations,
            tables: summary.tables,
            rows,
            sequences: summary.sequences,
            files: summary.files,
            replaced: summary.replaced,
            audit: presentAuditVerification(report),
          },
          null,
          2,
        ),
      );
    }
    return report.ok ? exitCodes.ok : exitCodes.badInput;
  } finally {
    await handle.close();
  }
}
