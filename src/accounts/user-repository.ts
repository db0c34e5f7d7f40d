import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { notFound } from '../shared/index.ts';
import { users } from './accounts-schema.ts';

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;

/** Usernames are compared case-insensitively and stored trimmed and lower-cased. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export async function findUserByUsername(db: DatabaseOrTransaction, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, normaliseUsername(username)));
  return row;
}

export async function getUserById(db: DatabaseOrTransaction, id: string): Promise<UserRow> {
  // A malformed id is simply not found (never a database error leaking to the client).
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('账号', 'Account', id);
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound('账号', 'Account', id);
  return row;
}

/** The row locked for update, inside a transaction. */
export async function getUserForUpdate(db: DatabaseOrTransaction, id: string): Promise<UserRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('账号', 'Account', id);
  const [row] = await db.select().from(users).where(eq(users.id, id)).for('update');
  if (!row) throw notFound('账号', 'Account', id);
  return row;
}

/** Display names (姓名) by account id, for the ids that are accounts (the audit log shows actors by name). */
export async function findDisplayNames(db: DatabaseOrTransaction, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((row) => [row.id, row.displayName]));
}

export async function listUsers(db: DatabaseOrTransaction): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.username));
}

export async function countUsers(db: DatabaseOrTransaction): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  return row?.count ?? 0;
}

export async function insertUser(db: DatabaseOrTransaction, row: NewUserRow): Promise<UserRow> {
  const [inserted] = await db.insert(users).values(row).returning();
  if (!inserted) throw new Error('insert into users returned nothing');
  return inserted;
}

export async function updateUser(db: DatabaseOrTransaction, id: string, changes: Partial<NewUserRow>): Promise<UserRow> {
  const [updated] = await db.update(users).set({ ...changes, updatedAt: new Date() }).where(eq(users.id, id)).returning();
  if (!updated) throw notFound('账号', 'Account', id);
  return updated;
}
