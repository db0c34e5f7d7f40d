import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { inTransaction, queryRows, type Database } from '../db/index.ts';
import { AppError } from '../shared/index.ts';

/** The migration that appends through audit_append() and gives the chain to kechuang_audit_owner. */
const migrationFile = new URL('../db/migrations/0010_audit_owner_role.sql', import.meta.url);

/**
 * `kechuang audit secure`: runs migration 0010 once more, as the connecting role, which must be a
 * superuser. Where the migration first ran as a role that was not one, it gave nothing away; this
 * finishes the job — the same statements, so there is one definition of the functions and of the
 * checks, and none that a former owner of the tables could have changed in the meantime.
 * Returns what `audit_secure_chain()` says.
 */
export async function secureAuditChain(db: Database): Promise<string> {
  const [me] = await queryRows<{ name: string; superuser: boolean }>(db, sql`select current_user as name, rolsuper as superuser from pg_roles where rolname = current_user`);
  if (!me?.superuser) {
    throw new AppError('forbidden', `须以数据库超级用户身份执行（当前为 ${me?.name ?? '未知'}）`, `must be run as a database superuser (connected as ${me?.name ?? 'unknown'})`);
  }
  const statements = readFileSync(migrationFile, 'utf8')
    .split('--> statement-breakpoint')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
  return inTransaction(db, async (tx) => {
    let outcome = '';
    for (const statement of statements) {
      const rows = await queryRows<{ audit_chain?: string }>(tx, sql.raw(statement));
      if (rows[0]?.audit_chain) outcome = rows[0].audit_chain;
    }
    return outcome;
  });
}
