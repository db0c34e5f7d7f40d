import { PgliteDatabase } from 'drizzle-orm/pglite';
import { PgliteTransaction } from 'drizzle-orm/pglite/session';
import type { DatabaseOrTransaction } from './open-database.ts';

/**
 * Rows per bulk statement (an import's `insert … select from unnest(…)`). On the embedded PGlite a
 * statement holds the server's only thread while it runs: 10,000 new enterprises (their name-gram
 * index entries above all) took 2–3 s, and every other request waited; 1,000 keep each statement
 * near a quarter of a second. A PostgreSQL server runs the statement in its own process, where
 * larger statements cost less in all (100,000 enterprises: about 9 s at 10,000 a statement).
 */
export function rowsPerBulkStatement(db: DatabaseOrTransaction): number {
  return db instanceof PgliteDatabase || db instanceof PgliteTransaction ? 1_000 : 10_000;
}

/**
 * Whether statements sent through `db` outside a transaction run on other connections than the
 * transaction's (a PostgreSQL server: a pool), so that a long job may read on one while it writes on
 * the other. The embedded PGlite has one connection: a statement outside an open transaction waits
 * for the transaction to end, and a job there must read inside its own transaction.
 */
export function hasConnectionPool(db: DatabaseOrTransaction): boolean {
  return !(db instanceof PgliteDatabase || db instanceof PgliteTransaction);
}
