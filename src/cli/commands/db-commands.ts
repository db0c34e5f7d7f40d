import { grantApplicationRole, openDatabase, type DatabaseOptions } from '../../db/index.ts';
import { exitCodes, type Output } from '../output.ts';

/**
 * `kechuang db grant-app-role ROLE`: as the owner, after the migrations, give the server's own
 * login role what it needs and no more (docs/operations.md, "Database roles").
 */
export async function grantAppRoleCommand(role: string, options: DatabaseOptions, json: boolean, output: Output): Promise<number> {
  if (!options.databaseUrl) {
    output.err('db grant-app-role: only for a PostgreSQL server (DATABASE_URL); the embedded PGlite has one user');
    return exitCodes.usage;
  }
  const database = await openDatabase(options);
  try {
    const grants = await grantApplicationRole(database.db, role);
    if (json) output.out(JSON.stringify(grants));
    else {
      output.out(`${role}: read and write ${grants.tables.length} tables; read only ${grants.keptFromWrites.join(', ') || '(none)'}${grants.auditWriter ? '; member of kechuang_audit_writer (appends through audit_append())' : ''}`);
    }
    return exitCodes.ok;
  } finally {
    await database.close();
  }
}
