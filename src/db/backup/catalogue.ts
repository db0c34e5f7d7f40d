import { createHash } from 'node:crypto';
import type { BackupSession } from './backup-session.ts';

/** An application table as the database catalogue describes it. */
export interface CatalogueTable {
  schema: string;
  name: string;
  /** Every column, in table order; generated columns are computed again on load. */
  columns: { name: string; generated: boolean; collatable: boolean }[];
  /** The primary key's columns in key order; empty when the table has none. */
  primaryKey: string[];
}

export interface CatalogueSequence {
  schema: string;
  name: string;
}

/** Schemas that are not the application's: the system's, and drizzle's migration journal. */
const foreignSchemas = "n.nspname not in ('pg_catalog', 'information_schema', 'drizzle') and n.nspname not like 'pg\\_%'";

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualifiedName(table: { schema: string; name: string }): string {
  return `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`;
}

/** How a table is named in a backup and in messages: `schema.table`, or `table` in public. */
export function displayName(table: { schema: string; name: string }): string {
  return table.schema === 'public' ? table.name : `${table.schema}.${table.name}`;
}

/**
 * The application's tables from the catalogue, ordered so that every table comes after the
 * tables its foreign keys point to (ties and cycles broken by name), never a hard-coded list.
 */
export async function listTables(session: BackupSession): Promise<CatalogueTable[]> {
  const tables = await session.query<{ oid: string; schema: string; name: string }>(
    `select c.oid::int8::text as oid, n.nspname as schema, c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and ${foreignSchemas}
      order by n.nspname, c.relname`,
  );
  const columns = await session.query<{ oid: string; name: string; generated: boolean; collatable: boolean }>(
    `select a.attrelid::int8::text as oid, a.attname as name, a.attgenerated <> '' as generated, a.attcollation <> 0 as collatable
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and ${foreignSchemas} and a.attnum > 0 and not a.attisdropped
      order by a.attrelid, a.attnum`,
  );
  const keys = await session.query<{ oid: string; name: string }>(
    `select i.indrelid::int8::text as oid, a.attname as name
       from pg_index i
       join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, position) on true
       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where i.indisprimary
      order by i.indrelid, k.position`,
  );
  const references = await session.query<{ child: string; parent: string }>(`select conrelid::int8::text as child, confrelid::int8::text as parent from pg_constraint where contype = 'f'`);

  const byOid = new Map<string, CatalogueTable>();
  for (const table of tables) byOid.set(table.oid, { schema: table.schema, name: table.name, columns: [], primaryKey: [] });
  for (const column of columns) byOid.get(column.oid)?.columns.push({ name: column.name, generated: column.generated, collatable: column.collatable });
  for (const key of keys) byOid.get(key.oid)?.primaryKey.push(key.name);

  const parents = new Map<string, Set<string>>();
  for (const oid of byOid.keys()) parents.set(oid, new Set());
  for (const reference of references) {
    if (reference.child !== reference.parent && byOid.has(reference.child) && byOid.has(reference.parent)) parents.get(reference.child)?.add(reference.parent);
  }
  const ordered: CatalogueTable[] = [];
  const placed = new Set<string>();
  const remaining = [...byOid.keys()];
  while (remaining.length > 0) {
    // The first table (in name order) whose parents are all placed; in a cycle, the first left.
    const index = Math.max(
      0,
      remaining.findIndex((oid) => [...(parents.get(oid) ?? [])].every((parent) => placed.has(parent))),
    );
    const [oid] = remaining.splice(index, 1);
    placed.add(oid!);
    ordered.push(byOid.get(oid!)!);
  }
  return ordered;
}

export async function listSequences(session: BackupSession): Promise<CatalogueSequence[]> {
  return session.query<CatalogueSequence>(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'S' and ${foreignSchemas} order by n.nspname, c.relname`,
  );
}

/** The canonical text of one row, and the order rows are digested in (see `tableRows`). */
function rowsQuery(table: CatalogueTable): string {
  const alias = 'kc_backup_row';
  const order =
    table.primaryKey.length > 0
      ? table.primaryKey.map((column) => `${alias}.${quoteIdentifier(column)}${table.columns.find((c) => c.name === column)?.collatable ? ' collate "C"' : ''}`).join(', ')
      : `to_jsonb(${alias})::text collate "C"`;
  return `select to_jsonb(${alias})::text as r from ${qualifiedName(table)} ${alias} order by ${order}`;
}

/**
 * Every row of a table as its canonical text (`to_jsonb(row)::text`: the same on PGlite and on
 * PostgreSQL under the session's settings), in primary-key order with text keys compared byte
 * by byte (collation "C", so that the order does not depend on the database's locale), read
 * through a cursor a page at a time. Must run inside a transaction.
 */
export async function* tableRows(session: BackupSession, table: CatalogueTable, pageSize = 1000): AsyncGenerator<string[]> {
  await session.query(`declare kc_backup_cursor no scroll cursor for ${rowsQuery(table)}`);
  try {
    for (;;) {
      const page = await session.query<{ r: string }>(`fetch forward ${pageSize} from kc_backup_cursor`);
      if (page.length > 0) yield page.map((row) => row.r);
      if (page.length < pageSize) break;
    }
  } finally {
    await session.query('close kc_backup_cursor');
  }
}

/** The digest of a table: SHA-256 over each row's canonical text and a newline, in key order. */
export class TableDigest {
  private readonly hash = createHash('sha256');
  rows = 0;
  add(row: string): void {
    this.hash.update(row);
    this.hash.update('\n');
    this.rows += 1;
  }
  hex(): string {
    return this.hash.digest('hex');
  }
}

export async function digestTable(session: BackupSession, table: CatalogueTable): Promise<{ rows: number; sha256: string }> {
  const digest = new TableDigest();
  for await (const page of tableRows(session, table)) for (const row of page) digest.add(row);
  return { rows: digest.rows, sha256: digest.hex() };
}

/** The migrations applied to a database, oldest first; empty when it has none yet. */
export async function appliedMigrations(session: BackupSession): Promise<{ hash: string; createdAt: number }[]> {
  const [exists] = await session.query<{ present: boolean }>(`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!exists?.present) return [];
  const rows = await session.query<{ hash: string; created_at: string }>('select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by created_at, id');
  return rows.map((row) => ({ hash: row.hash, createdAt: Number(row.created_at) }));
}
