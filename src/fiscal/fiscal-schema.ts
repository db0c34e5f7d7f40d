import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * What-if scenarios the coordinator chose to keep (migration 0017): the overrides and the summary
 * computed when it was saved. A what-if is never stored unless saved here under a unique name.
 */
export const fiscalScenarios = pgTable('fiscal_scenarios', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull().unique(),
  year: integer('year').notNull(),
  /** The area the what-if covered (null: the whole register). */
  org: text('org'),
  /** { [incentive id]: { [parameter]: decimal string } } */
  overrides: jsonb('overrides').$type<Record<string, Record<string, string>>>().notNull(),
  /** The what-if's answer when saved (fiscal-contract.ts whatIfResultSchema). */
  result: jsonb('result').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
