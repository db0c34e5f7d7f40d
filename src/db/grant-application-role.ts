import { sql } from 'drizzle-orm';
import { AppError } from '../shared/index.ts';
import { queryRows, type DatabaseOrTransaction } from './open-database.ts';

/** The role migration 0010 gives the audit chain to: its tables are reached only through `audit_append()`. */
const auditOwnerRole = 'kechuang_audit_owner';
/** The role whose members may append to and read the audit chain. */
const auditWriterRole = 'kechuang_audit_writer';

export interface ApplicationGrants {
  role: string;
  tables: string[];
  /** Tables left to their owner role (the audit chain): the application reads them and appends through functions. */
  keptFromWrites: string[];
  auditWriter: boolean;
}

/**
 * What the application's own login role needs on PostgreSQL, and nothing more: read and write the
 * application's tables and sequences, read which migrations ran (so that starting the server does
 * not try to migrate), and membership in `kechuang_audit_writer` for the audit chain. Tables owned
 * by `kechuang_audit_owner` get no write grant: that would undo the audit log's protection. Run as
 * the owner (or a superuser) after the migrations; run again after an upgrade adds tables.
 */
/** The schema of the PostgreSQL job queue (pg-boss). */
const jobQueueSchema = 'pgboss';

export async function grantApplicationRole(db: DatabaseOrTransaction, role: string): Promise<ApplicationGrants> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new AppError('bad_request', `角色名“${role}”无效（小写字母、数字、下划线）`, `"${role}" is not a valid role name (lower-case letters, digits, underscores)`);
  const [found] = await queryRows<{ superuser: boolean; createrole: boolean }>(db, sql`select rolsuper as superuser, rolcreaterole as createrole from pg_roles where rolname = ${role}`);
  if (!found) throw new AppError('not_found', `数据库角色“${role}”不存在：请先 CREATE ROLE ${role} LOGIN PASSWORD …`, `no database role "${role}": CREATE ROLE ${role} LOGIN PASSWORD … first`);
  if (found.superuser || found.createrole) {
    throw new AppError('bad_request', `角色“${role}”是超级用户或可创建角色，不能作为应用账号（它可以绕过审计日志的保护）`, `"${role}" is a superuser or may create roles: it could undo the audit log's protection, so it cannot be the application's role`);
  }
  const tables = await queryRows<{ name: string; owner: string }>(db, sql`select tablename as name, tableowner as owner from pg_tables where schemaname = 'public' order by tablename`);
  const writable = tables.filter((table) => table.owner !== auditOwnerRole).map((table) => table.name);
  const kept = tables.filter((table) => table.owner === auditOwnerRole).map((table) => table.name);
  const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
  await db.execute(sql.raw(`grant usage on schema public to ${role}`));
  if (writable.length > 0) await db.execute(sql.raw(`grant select, insert, update, delete on ${writable.map(quoted).join(', ')} to ${role}`));
  if (kept.length > 0) await db.execute(sql.raw(`grant select on ${kept.map(quoted).join(', ')} to ${role}`));
  await db.execute(sql.raw(`grant usage, select on all sequences in schema public to ${role}`));
  await db.execute(sql.raw(`grant usage on schema drizzle to ${role}`));
  await db.execute(sql.raw(`grant select on drizzle.__drizzle_migrations to ${role}`));
  // The job queue (pg-boss, docs/jobs.md) keeps its tables in its own schema and makes a table per
  // queue when the queue is first used: the role gets that schema (made here by the owner) to work
  // in, and CREATE on the database, which pg-boss's `create schema if not exists` checks even when
  // the schema exists (it makes no other schema: the audit objects stay protected by their owner).
  const [database] = await queryRows<{ name: string }>(db, sql`select current_database() as name`);
  await db.execute(sql.raw(`grant create on database ${quoted(database!.name)} to ${role}`));
  await db.execute(sql.raw(`create schema if not exists ${jobQueueSchema}`));
  await db.execute(sql.raw(`grant usage, create on schema ${jobQueueSchema} to ${role}`));
  await db.execute(sql.raw(`grant all on all tables in schema ${jobQueueSchema} to ${role}`));
  await db.execute(sql.raw(`grant all on all sequences in schema ${jobQueueSchema} to ${role}`));
  await db.execute(sql.raw(`alter default privileges in schema ${jobQueueSchema} grant all on tables to ${role}`));
  const [writer] = await queryRows<{ exists: boolean }>(db, sql`select exists (select 1 from pg_roles where rolname = ${auditWriterRole}) as exists`);
  if (writer?.exists) await db.execute(sql.raw(`grant ${auditWriterRole} to ${role}`));
  return { role, tables: writable, keptFromWrites: kept, auditWriter: Boolean(writer?.exists) };
}
