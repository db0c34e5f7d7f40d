import type { FastifyInstance } from 'fastify';
import { defaultSecuritySettings } from '../src/accounts/index.ts';
import type { DatabaseHandle, DatabaseOptions } from '../src/db/index.ts';
import { preparePlatform } from '../src/platform/index.ts';
import { buildApp } from '../src/server/app.ts';
import { createTestAccounts } from './accounts.ts';
import type { DatabaseTarget } from './databases.ts';

/** A platform on a database of its own, with one test account per role, served in process. */
export interface ApiPlatform {
  app: FastifyInstance;
  database: DatabaseHandle;
  /** How the database was opened (a PostgreSQL URL to connect an administrator beside the app). */
  options: DatabaseOptions;
  close(): Promise<void>;
}

/**
 * Starts the API on `target` with the bundled packs (or the small fixture packs), creates the
 * test accounts, and lets the tests sign in freely (no login rate limit). `close` ends the app,
 * the database handle and the database.
 */
export async function startApiPlatform(target: DatabaseTarget, options: { fixturePacks?: boolean } = {}): Promise<ApiPlatform> {
  const created = await target.create();
  const database = await preparePlatform({ ...created.options, ...(options.fixturePacks ? { packsDir: new URL('../src/policy/fixtures', import.meta.url).pathname } : {}) });
  await createTestAccounts(database.db);
  const app = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 1000 } });
  return {
    app,
    database,
    options: created.options,
    close: async () => {
      await app.close();
      await database.close();
      await created.drop();
    },
  };
}
