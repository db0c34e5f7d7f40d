/**
 * The database schema, one section per module. Every module owns its tables; the migrations in
 * `src/db/migrations` are generated from this file by drizzle-kit and committed.
 */
import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// --- areas -------------------------------------------------------------------------------

export const areas = pgTable(
  'areas',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    parentCode: text('parent_code'),
    level: text('level', { enum: ['country', 'province', 'prefecture', 'county'] }).notNull(),
    edition: text('edition').notNull(),
  },
  (table) => [index('areas_parent_code_idx').on(table.parentCode)],
);

export const zones = pgTable('zones', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  management: text('management').notNull(),
  overlaps: jsonb('overlaps').$type<string[]>().notNull(),
  note: text('note').notNull(),
});

// --- policy ------------------------------------------------------------------------------

/**
 * Loaded policy packs. The normalised pack is kept whole (`content`), with its hash, so that a
 * pack changed on disk is detected and re-loaded, and every version that was ever in force is
 * kept in `policy_pack_versions`.
 */
export const policyPacks = pgTable('policy_packs', {
  id: text('id').primaryKey(),
  version: text('version').notNull(),
  title: text('title').notNull(),
  docNumber: text('doc_number'),
  issued: date('issued').notNull(),
  expires: date('expires'),
  region: text('region').notNull(),
  contentHash: text('content_hash').notNull(),
  content: jsonb('content').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const policyPackVersions = pgTable(
  'policy_pack_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    packId: text('pack_id').notNull(),
    version: text('version').notNull(),
    contentHash: text('content_hash').notNull(),
    content: jsonb('content').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('policy_pack_versions_pack_idx').on(table.packId)],
);

// --- accounts and audit (each module owns its tables) ------------------------------------

// --- change counters (see src/db/change-counters.ts and migration 0011) --------------------

export const changeCounters = pgTable('change_counters', {
  name: text('name').primaryKey(),
  version: bigint('version', { mode: 'bigint' }).notNull().default(sql`0`),
});

export * from '../accounts/accounts-schema.ts';
export * from '../audit/audit-schema.ts';
export * from '../indicators/indicators-schema.ts';
export * from '../registry/registry-schema.ts';
export * from '../awards/awards-schema.ts';
export * from '../fiscal/fiscal-schema.ts';
export * from '../screening/screening-schema.ts';
export * from '../supervision/supervision-schema.ts';
export * from '../notices/notices-schema.ts';
