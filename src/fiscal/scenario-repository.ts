import { desc, eq } from 'drizzle-orm';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { fiscalScenarios } from './fiscal-schema.ts';

/** Saved what-if scenarios (table fiscal_scenarios, migration 0017). */
export type ScenarioRow = typeof fiscalScenarios.$inferSelect;
export type ScenarioWrite = Omit<typeof fiscalScenarios.$inferInsert, 'id' | 'createdAt'> & { createdAt: Date };

/** Inserts a scenario; undefined when the name is taken (INSERT … ON CONFLICT DO NOTHING: two saves at once give one row and one 409). */
export async function insertScenarioRow(db: DatabaseOrTransaction, write: ScenarioWrite): Promise<ScenarioRow | undefined> {
  const [row] = await db.insert(fiscalScenarios).values(write).onConflictDoNothing({ target: fiscalScenarios.name }).returning();
  return row;
}

/** Every scenario, newest first. */
export async function findScenarioRows(db: DatabaseOrTransaction): Promise<ScenarioRow[]> {
  return db.select().from(fiscalScenarios).orderBy(desc(fiscalScenarios.createdAt), fiscalScenarios.name);
}

export async function findScenarioRow(db: DatabaseOrTransaction, id: string): Promise<ScenarioRow | undefined> {
  const [row] = await db.select().from(fiscalScenarios).where(eq(fiscalScenarios.id, id));
  return row;
}

export async function deleteScenarioRow(db: DatabaseOrTransaction, id: string): Promise<ScenarioRow | undefined> {
  const [row] = await db.delete(fiscalScenarios).where(eq(fiscalScenarios.id, id)).returning();
  return row;
}
