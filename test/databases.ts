import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from '../src/db/open-database.ts';

/**
 * The databases every integration suite runs on: the embedded PGlite always, and a real
 * PostgreSQL server when TEST_DATABASE_URL names one (`.ci/run` starts a throwaway server and sets
 * it). Each suite gets a database of its own, dropped afterwards.
 */
export interface DatabaseTarget {
  name: 'pglite' | 'postgres';
  /** Why this target is skipped here, or undefined when it runs. */
  skipReason: string | undefined;
  create(): Promise<{ options: DatabaseOptions; drop(): Promise<void> }>;
}

const serverUrl = process.env.TEST_DATABASE_URL;

export const databaseTargets: DatabaseTarget[] = [
  {
    name: 'pglite',
    skipReason: undefined,
    create: async () => ({ options: { dataDir: 'memory://' }, drop: async () => undefined }),
  },
  {
    name: 'postgres',
    skipReason: serverUrl ? undefined : 'TEST_DATABASE_URL is not set (.ci/run sets it to a throwaway PostgreSQL server)',
    create: async () => {
      const name = `kechuang_test_${randomBytes(6).toString('hex')}`;
      await adminQuery(`create database ${name}`);
      const url = new URL(serverUrl!);
      url.pathname = `/${name}`;
      return {
        options: { databaseUrl: url.toString() },
        drop: () => dropDatabase(name),
      };
    },
  },
];

/**
 * Drops a test database once the connections its suite closed are gone (a pool's end() can resolve
 * while a socket is still closing — pg-boss's does — and a forced drop then ends that connection
 * with an error nobody listens to any more), forcing it after 5 s.
 */
export async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      const { rows } = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      if (rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * For one describe block: a database of its own on `target`, opened (and so migrated) before its
 * tests and closed and dropped after them. Read `suite.database` inside the tests.
 */
export function suiteDatabase(target: DatabaseTarget): { readonly database: DatabaseHandle } {
  const suite: { database: DatabaseHandle; drop?: () => Promise<void> } = { database: undefined as unknown as DatabaseHandle };
  beforeAll(async () => {
    const created = await target.create();
    suite.drop = created.drop;
    suite.database = await openDatabase(created.options);
  });
  afterAll(async () => {
    await suite.database?.close();
    await suite.drop?.();
  });
  return suite;
}
