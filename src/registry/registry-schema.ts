import { sql } from 'drizzle-orm';
import { contractTypeCodes } from './platform-types.ts';
import type { StoredFinancialYear } from './enterprise-financials.ts';
import type { StoredEnterpriseEvent } from './enterprise-events.ts';
import type { PlatformEvaluation } from './registry-contract.ts';
import { bigint, boolean, date, index, integer, json, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The registries the policy's targets count: enterprises and their certifications, innovation
 * platforms and carriers, registered technology contracts. Every record carries `synthetic`, so
 * that demo data never passes for real data, and every change leaves a row in
 * `registry_history` (before/after), besides the audit log.
 */
export const enterprises = pgTable(
  'enterprises',
  {
    creditCode: text('credit_code').primaryKey(),
    name: text('name').notNull(),
    /** The name's characters and character pairs, for substring search on Chinese (name-grams.ts). */
    nameGrams: text('name_grams').array().notNull().default(sql`'{}'::text[]`),
    /** County-level GB/T 2260 code. */
    org: text('org').notNull(),
    /** GB/T 4754-2017 class, e.g. C3989. */
    industry: text('industry'),
    founded: date('founded'),
    aboveScale: boolean('above_scale').notNull().default(false),
    /** Contact person and phone: personal information, shown only to roles that need it. */
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    /** Yearly financials keyed by year (contracts §3): money in yuan as exact decimal strings, counts (enterprise-financials.ts). json, not jsonb: read whole, as text (migration 0022). */
    years: json('years').$type<Record<string, StoredFinancialYear>>().notNull().default({}),
    /** Registry events (事件): [{ type, year, amount? }] sorted by year and type, one per type and year (enterprise-events.ts). */
    events: json('events').$type<StoredEnterpriseEvent[]>().notNull().default([]),
    /** The experts' innovation capability score of high-tech recognition, 0–100 (an expert input; null: not known). */
    hteInnovationScore: integer('hte_innovation_score'),
    /** Declarations the national criteria read; null: not declared (a rule states its assumption), never false. */
    deemedTaxation: boolean('deemed_taxation'),
    westernDevelopmentEncouraged: boolean('western_development_encouraged'),
    icOrMachineToolList: boolean('ic_or_machine_tool_list'),
    synthetic: boolean('synthetic').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('enterprises_org_code_idx').on(table.org, table.creditCode),
    index('enterprises_name_grams_idx').using('gin', table.nameGrams),
    index('enterprises_name_prefix_idx').on(table.name.op('text_pattern_ops')),
  ],
);

export const certifications = pgTable(
  'certifications',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    creditCode: text('credit_code').notNull(),
    /** tech_sme, national_hte, provincial_hte, innovative_demo_enterprise, gazelle, unicorn. */
    type: text('type').notNull(),
    /** Certificate or registration number (科技型中小企业入库登记编号, 高新技术企业证书编号). */
    number: text('number'),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to').notNull(),
    /** The day a certificate was revoked (资格取消): it no longer holds from that day on. */
    revokedOn: date('revoked_on'),
    synthetic: boolean('synthetic').notNull().default(false),
  },
  (table) => [index('certifications_code_idx').on(table.creditCode), uniqueIndex('certifications_key').on(table.creditCode, table.type, table.validFrom)],
);

export const platforms = pgTable(
  'platforms',
  {
    registrationNumber: text('registration_number').primaryKey(),
    name: text('name').notNull(),
    nameGrams: text('name_grams').array().notNull().default(sql`'{}'::text[]`),
    /** 全国重点实验室, 科技企业孵化器, 中试基地 … (see platform-types.ts). */
    type: text('type').notNull(),
    level: text('level', { enum: ['national', 'regional'] }).notNull(),
    host: text('host').notNull(),
    hostCreditCode: text('host_credit_code'),
    org: text('org').notNull(),
    approvedOn: date('approved_on').notNull(),
    constructionFrom: date('construction_from'),
    constructionTo: date('construction_to'),
    /** Periodic evaluations (优奖劣汰): [{ date, result: excellent | pass | fail | revoked }]. */
    evaluations: jsonb('evaluations').$type<PlatformEvaluation[]>().notNull().default([]),
    synthetic: boolean('synthetic').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('platforms_org_idx').on(table.org), index('platforms_name_grams_idx').using('gin', table.nameGrams)],
);

export const techContracts = pgTable(
  'tech_contracts',
  {
    registrationNumber: text('registration_number').primaryKey(),
    type: text('type', { enum: contractTypeCodes }).notNull(),
    contractAmount: numeric('contract_amount').notNull(),
    /** 技术交易额: the part of the contract that is technology (what turnover statistics count). */
    techAmount: numeric('tech_amount').notNull(),
    sellerName: text('seller_name').notNull(),
    sellerCreditCode: text('seller_credit_code'),
    /** GB/T 2260 code of the seller's area; outside Ningxia allowed. */
    sellerOrg: text('seller_org').notNull(),
    buyerName: text('buyer_name').notNull(),
    buyerCreditCode: text('buyer_credit_code'),
    buyerOrg: text('buyer_org').notNull(),
    registeredOn: date('registered_on').notNull(),
    /** The grams of both parties' names, for search by either party (name-grams.ts). */
    partyGrams: text('party_grams').array().notNull().default(sql`'{}'::text[]`),
    synthetic: boolean('synthetic').notNull().default(false),
  },
  (table) => [
    index('tech_contracts_seller_idx').on(table.sellerOrg, table.registeredOn),
    index('tech_contracts_buyer_idx').on(table.buyerOrg, table.registeredOn),
    index('tech_contracts_party_grams_idx').using('gin', table.partyGrams),
  ],
);

export const registryHistory = pgTable(
  'registry_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    registry: text('registry', { enum: ['enterprise', 'certification', 'platform', 'tech_contract'] }).notNull(),
    key: text('key').notNull(),
    change: text('change', { enum: ['create', 'update'] }).notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    changedBy: text('changed_by'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    revision: integer('revision').notNull().default(1),
  },
  (table) => [index('registry_history_key_idx').on(table.registry, table.key)],
);
