import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike, queryRowArrays, queryRows, rowsPerBulkStatement, type DatabaseOrTransaction, type Transaction } from '../db/index.ts';
import { notRevokedBySql, validOnSql } from './certification-validity.ts';
import { normaliseName, queryGrams } from './name-grams.ts';
import type { ContractType, PlatformType } from './platform-types.ts';
import type { RegistryLocation, RegistryScope } from './registry-scope.ts';
import { certifications, enterprises, platforms, registryHistory, techContracts } from './registry-schema.ts';
import type { CertificationType } from './registry-contract.ts';
import type { StoredFinancialYear } from './enterprise-financials.ts';
import type { StoredEnterpriseEvent } from './enterprise-events.ts';

/**
 * The registry's SQL, and only here. Every read of registry data takes the caller's scope and
 * puts it into the query, so that nothing outside it shows through a list, a count, a search or a
 * detail. Sums of money stay `numeric` and arrive as decimal strings (never float8).
 */

export type EnterpriseRow = typeof enterprises.$inferSelect;
export type CertificationRow = typeof certifications.$inferSelect;
export type PlatformRow = typeof platforms.$inferSelect;
export type TechContractRow = typeof techContracts.$inferSelect;
export type HistoryRow = typeof registryHistory.$inferSelect;
export type HistoryInsert = typeof registryHistory.$inferInsert;

// ---- Scope conditions ----

function enterpriseScope(scope: RegistryScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'areas':
      return scope.orgs.length > 0 ? inArray(enterprises.org, [...scope.orgs]) : sql`false`;
    case 'enterprise':
      return eq(enterprises.creditCode, scope.creditCode);
    case 'none':
      return sql`false`;
  }
}

/** The same for raw SQL over enterprises aliased `e`. */
function enterpriseScopeSql(scope: RegistryScope): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'areas':
      return scope.orgs.length > 0 ? sql`e.org = any(${sql.param([...scope.orgs])}::text[])` : sql`false`;
    case 'enterprise':
      return sql`e.credit_code = ${scope.creditCode}`;
    case 'none':
      return sql`false`;
  }
}

/** Platforms are an area's: an enterprise account sees none. */
function platformScope(scope: RegistryScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'areas':
      return scope.orgs.length > 0 ? inArray(platforms.org, [...scope.orgs]) : sql`false`;
    default:
      return sql`false`;
  }
}

/** A contract is seen by the scope of either party. */
function contractScope(scope: RegistryScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'areas':
      return scope.orgs.length > 0 ? sql`(${inArray(techContracts.sellerOrg, [...scope.orgs])} or ${inArray(techContracts.buyerOrg, [...scope.orgs])})` : sql`false`;
    case 'enterprise':
      return sql`(${techContracts.sellerCreditCode} = ${scope.creditCode} or ${techContracts.buyerCreditCode} = ${scope.creditCode})`;
    case 'none':
      return sql`false`;
  }
}

// ---- Search ----


function nameCondition(column: typeof enterprises.name | typeof platforms.name, grams: typeof enterprises.nameGrams | typeof platforms.nameGrams, query: string | undefined): SQL | undefined {
  const text = normaliseName(query ?? '');
  if (text === '') return undefined;
  const pattern = `%${escapeLike(text)}%`;
  return and(sql`${grams} @> ${sql.param(queryGrams(text))}::text[]`, sql`lower(${column}) like ${pattern}`);
}

// ---- Enterprises ----

export interface EnterpriseQuery {
  q?: string | undefined;
  /** The areas of the chosen area's subtree. */
  orgs?: readonly string[] | undefined;
  /** With a certification of this type valid on `today`. */
  certification?: { type: CertificationType; today: string } | undefined;
  aboveScale?: boolean | undefined;
  synthetic?: boolean | undefined;
  sort?: 'name' | 'credit_code' | 'updated' | undefined;
  limit: number;
  offset: number;
}

/**
 * How many matches of a name search are fetched (codes and names) to serve the page and count them
 * exactly. A common word over a million names has far more; counting them exactly costs about a
 * second (the gram bitmap and the recheck of every match), so beyond this the count is estimated.
 */
export const enterpriseMatchFetch = 1_000;
/** Rows read by the sample an estimated count comes from (TABLESAMPLE SYSTEM, repeatable). */
const estimateSampleRows = 10_000;
/**
 * A register up to this many enterprises counts a name search's matches exactly, whatever their
 * number. Beyond it, an exact count of a common word costs more than the search itself (on PGlite,
 * 50,000 names: median 345 ms and p95 1.3 s against 17 ms / 38 ms for the capped count).
 */
const exactCountUpTo = estimateSampleRows;

/**
 * How many enterprises match: exact, or for a name search with more than `enterpriseMatchFetch`
 * matches in a register of more than `exactCountUpTo`, estimated from a repeatable sample of about
 * `estimateSampleRows` rows (the same conditions; rounded to two significant digits, never below
 * what is known to match).
 */
export interface EnterpriseCount {
  total: number;
  estimated: boolean;
}

/**
 * For a register of more than `exactCountUpTo` enterprises (by the table's statistics), an
 * estimate of how many match, from a repeatable sample of about `estimateSampleRows` rows; for a
 * smaller one, nothing (counting exactly is cheap there). Started beside the page's own queries,
 * so that a common word's count adds no wait of its own.
 */
async function sampledCount(db: DatabaseOrTransaction, where: SQL | undefined): Promise<number | undefined> {
  // The planner's row estimate, a whole number (-1 before the table was first analysed).
  const [table] = await queryRows<{ rows: number }>(db, sql`select round(reltuples)::int as rows from pg_class where oid = 'enterprises'::regclass`);
  const rows = table?.rows ?? -1;
  if (!(rows > exactCountUpTo)) return undefined;
  const percent = Math.min(100, (100 * estimateSampleRows) / rows);
  const [sample] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from ${enterprises} tablesample system (${sql.raw(percent.toFixed(4))}) repeatable (0) where ${where ?? sql`true`}`);
  return ((sample?.count ?? 0) * 100) / percent;
}

/** The count of a name search with more matches than were fetched: the sample's estimate (two significant digits, never below `atLeast`), or exact. */
async function countBeyondFetch(db: DatabaseOrTransaction, where: SQL | undefined, estimate: number | undefined, atLeast: number): Promise<EnterpriseCount> {
  if (estimate !== undefined) {
    const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(estimate, 1))) - 1);
    return { total: Math.max(atLeast, Math.round(estimate / magnitude) * magnitude), estimated: true };
  }
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(enterprises).where(where);
  return { total: count?.total ?? 0, estimated: false };
}

/**
 * A page of enterprises matching a name (substring; names starting with it first) and filters,
 * within scope, and how many match: exact, or estimated (and said to be) for a common word over
 * a large register.
 */
export async function findEnterpriseRows(db: DatabaseOrTransaction, scope: RegistryScope, query: EnterpriseQuery): Promise<{ rows: EnterpriseRow[] } & EnterpriseCount> {
  const conditions: (SQL | undefined)[] = [nameCondition(enterprises.name, enterprises.nameGrams, query.q), enterpriseScope(scope)];
  if (query.orgs) conditions.push(query.orgs.length > 0 ? inArray(enterprises.org, [...query.orgs]) : sql`false`);
  if (query.aboveScale !== undefined) conditions.push(eq(enterprises.aboveScale, query.aboveScale));
  if (query.synthetic !== undefined) conditions.push(eq(enterprises.synthetic, query.synthetic));
  if (query.certification) {
    conditions.push(sql`exists (select 1 from ${certifications} c where c.credit_code = ${enterprises.creditCode} and c.type = ${query.certification.type} and ${validOnSql(query.certification.today)})`);
  }
  const where = and(...conditions);
  const limit = Math.min(query.limit, 200);
  const pageOf = (condition: SQL | undefined, order: SQL[], pageLimit: number, pageOffset: number) => db.select().from(enterprises).where(condition).orderBy(...order).limit(pageLimit).offset(pageOffset);
  const prefix = normaliseName(query.q ?? '');
  if (prefix && !query.sort) {
    // Names that start with the query first (few, from the name index, sorted), then the other
    // matches unsorted. One scan of the gram index serves both the count (when there are few) and
    // the page: building the bitmap of a common word twice costs more than the rest of the search.
    const text = (query.q ?? '').trim();
    const startsWith = sql`${enterprises.name} like ${`${escapeLike(text)}%`}`;
    const [first, [prefixCount], matches, estimate] = await Promise.all([
      pageOf(and(where, startsWith), [asc(enterprises.name)], limit, query.offset),
      db.select({ count: sql<number>`count(*)::int` }).from(enterprises).where(and(where, startsWith)),
      db.select({ creditCode: enterprises.creditCode, name: enterprises.name }).from(enterprises).where(where).limit(enterpriseMatchFetch + 1),
      sampledCount(db, where),
    ]);
    const others = matches.filter((match) => !match.name.startsWith(text));
    const skip = Math.max(0, query.offset - (prefixCount?.count ?? 0));
    const wanted = limit - first.length;
    let rest: EnterpriseRow[] = [];
    if (wanted > 0) {
      if (skip + wanted <= others.length || matches.length <= enterpriseMatchFetch) {
        const codes = others.slice(skip, skip + wanted).map((match) => match.creditCode);
        // By primary key (and scope) only: these codes came from the same conditions, and repeating
        // the name condition makes the planner rebuild the gram bitmap of a common word (10 ms for 20 rows).
        const found = codes.length > 0 ? await db.select().from(enterprises).where(and(enterpriseScope(scope), inArray(enterprises.creditCode, codes))) : [];
        rest = codes.flatMap((code) => found.filter((row) => row.creditCode === code));
      } else {
        rest = await pageOf(and(where, sql`not (${startsWith})`), [], wanted, skip);
      }
    }
    const rows = [...first, ...rest];
    if (matches.length <= enterpriseMatchFetch) return { rows, total: matches.length, estimated: false };
    return { rows, ...(await countBeyondFetch(db, where, estimate, Math.max(matches.length, query.offset + rows.length))) };
  }
  const order = query.sort === 'credit_code' ? [asc(enterprises.creditCode)] : query.sort === 'updated' ? [desc(enterprises.updatedAt)] : [asc(enterprises.name)];
  if (prefix) {
    // A name sorted otherwise: counted exactly up to the fetch limit, estimated beyond it.
    const [rows, [count], estimate] = await Promise.all([
      pageOf(where, order, limit, query.offset),
      db.select({ total: sql<number>`count(*)::int` }).from(db.select({ one: sql`1` }).from(enterprises).where(where).limit(enterpriseMatchFetch + 1).as('matches')),
      sampledCount(db, where),
    ]);
    const counted = count?.total ?? 0;
    if (counted <= enterpriseMatchFetch) return { rows, total: counted, estimated: false };
    return { rows, ...(await countBeyondFetch(db, where, estimate, Math.max(counted, query.offset + rows.length))) };
  }
  // Without a name, counting is a scan of an index or of the table: exact, whatever the number.
  const [rows, [count]] = await Promise.all([pageOf(where, order, limit, query.offset), db.select({ total: sql<number>`count(*)::int` }).from(enterprises).where(where)]);
  return { rows, total: count?.total ?? 0, estimated: false };
}

/** The certifications of these enterprises (within scope). */
export async function findCertificationsOf(db: DatabaseOrTransaction, scope: RegistryScope, creditCodes: readonly string[]): Promise<CertificationRow[]> {
  if (creditCodes.length === 0) return [];
  return db
    .select({ certification: certifications })
    .from(certifications)
    .innerJoin(enterprises, eq(enterprises.creditCode, certifications.creditCode))
    .where(and(inArray(certifications.creditCode, [...creditCodes]), enterpriseScope(scope)))
    .orderBy(asc(certifications.creditCode), asc(certifications.validFrom))
    .then((rows) => rows.map((row) => row.certification));
}

/** One enterprise, if the scope covers it. */
export async function findEnterpriseRow(db: DatabaseOrTransaction, scope: RegistryScope, creditCode: string): Promise<EnterpriseRow | undefined> {
  const [row] = await db.select().from(enterprises).where(and(eq(enterprises.creditCode, creditCode), enterpriseScope(scope)));
  return row;
}

/**
 * A page of enterprises for profiles in bulk (screening): within scope and the given areas,
 * ordered by credit code, after a cursor (keyset paging: every page costs the same, however deep).
 */
/**
 * An enterprise's record as a profile is built from it, read in bulk: the json columns as their
 * text (parsed by the caller; the database hashes them) and the certifications folded into one text
 * per enterprise (type, from, to, revoked on; `;` between certificates), so that a page is one
 * query and one range of the (org, credit code) index per area.
 */
export interface EnterpriseRecordText {
  credit_code: string;
  name: string;
  org: string;
  industry: string | null;
  founded: string | null;
  years: string;
  events: string;
  hte_innovation_score: number | null;
  deemed_taxation: boolean | null;
  western_development_encouraged: boolean | null;
  ic_or_machine_tool_list: boolean | null;
  synthetic: boolean;
  certifications: string | null;
  /** SHA-256 (hex) of the record as read: equal digests, equal data. */
  digest: string;
}

export async function findEnterpriseRecordTexts(db: DatabaseOrTransaction, scope: RegistryScope, query: { orgs?: readonly string[] | undefined; after?: string | undefined; limit: number }): Promise<EnterpriseRecordText[]> {
  const conditions: SQL[] = [enterpriseScopeSql(scope)];
  if (query.orgs) conditions.push(query.orgs.length === 1 ? sql`e.org = ${query.orgs[0]}` : query.orgs.length > 0 ? sql`e.org = any(${sql.param([...query.orgs])}::text[])` : sql`false`);
  if (query.after !== undefined) conditions.push(sql`e.credit_code > ${query.after}`);
  // The digest: SHA-256 of the record's fields as read, joined by U+001F, an absent field as ''
  // (the text and hash the worker used to compute itself, now by the database, beside its reading).
  // Rows as arrays (a million of them a screening run: node-postgres's row objects cost more than
  // their values), made into records here with one literal.
  const rows = await queryRowArrays(
    db,
    sql`select p.credit_code, p.name, p.org, p.industry, p.founded, p.years, p.events, p.hte_innovation_score, p.deemed_taxation, p.western_development_encouraged,
               p.ic_or_machine_tool_list, p.synthetic, p.certifications, encode(sha256(convert_to(concat_ws(${recordFieldSeparator}, p.credit_code, p.name, p.org, coalesce(p.industry, ''), coalesce(p.founded, ''), p.years, p.events,
                 coalesce(p.hte_innovation_score::text, ''), coalesce(p.deemed_taxation::text, ''), coalesce(p.western_development_encouraged::text, ''),
                 coalesce(p.ic_or_machine_tool_list::text, ''), p.synthetic::text, coalesce(p.certifications, '')), 'UTF8')), 'hex') as digest
        from (select e.credit_code, e.name, e.org, e.industry, e.founded::text as founded, e.years::text as years, e.events::text as events, e.hte_innovation_score,
                     e.deemed_taxation, e.western_development_encouraged, e.ic_or_machine_tool_list, e.synthetic,
                     (select string_agg(c.type || ',' || c.valid_from::text || ',' || c.valid_to::text || ',' || coalesce(c.revoked_on::text, ''), ';' order by c.valid_from, c.type)
                        from certifications c where c.credit_code = e.credit_code) as certifications
              from enterprises e where ${sql.join(conditions, sql` and `)} order by e.credit_code limit ${query.limit} offset 0) p
        order by p.credit_code`,
  );
  return rows.map((row) => ({
    credit_code: row[0] as string,
    name: row[1] as string,
    org: row[2] as string,
    industry: row[3] as string | null,
    founded: row[4] as string | null,
    years: row[5] as string,
    events: row[6] as string,
    hte_innovation_score: row[7] as number | null,
    deemed_taxation: row[8] as boolean | null,
    western_development_encouraged: row[9] as boolean | null,
    ic_or_machine_tool_list: row[10] as boolean | null,
    synthetic: row[11] as boolean,
    certifications: row[12] as string | null,
    digest: row[13] as string,
  }));
}

/** What separates a record's fields in the text its digest hashes: a character no field holds. */
const recordFieldSeparator = '\u001f';

/** How many enterprises each of these areas holds itself (not its subtree), within the scope. */
export async function countEnterprisesByOrg(db: DatabaseOrTransaction, scope: RegistryScope, orgs: readonly string[]): Promise<{ org: string; count: number }[]> {
  if (orgs.length === 0) return [];
  return queryRows(db, sql`select e.org, count(*)::int as count from enterprises e where ${enterpriseScopeSql(scope)} and e.org = any(${sql.param([...orgs])}::text[]) group by e.org order by e.org`);
}

/** The same, locked for an update in this transaction. */
export async function lockEnterpriseRow(tx: Transaction, scope: RegistryScope, creditCode: string): Promise<EnterpriseRow | undefined> {
  const [row] = await tx.select().from(enterprises).where(and(eq(enterprises.creditCode, creditCode), enterpriseScope(scope))).for('update');
  return row;
}

/**
 * The history of an enterprise (within scope): its own changes and those of its certifications
 * (keyed credit code|type|from), each looked up by its exact key.
 */
export async function findEnterpriseHistory(db: DatabaseOrTransaction, scope: RegistryScope, creditCode: string, certificationKeys: readonly string[]): Promise<HistoryRow[]> {
  const visible = sql`exists (select 1 from ${enterprises} e where e.credit_code = ${creditCode} and ${enterpriseScopeSql(scope)})`;
  return db
    .select()
    .from(registryHistory)
    .where(
      and(
        visible,
        or(
          and(eq(registryHistory.registry, 'enterprise'), eq(registryHistory.key, creditCode)),
          certificationKeys.length > 0 ? and(eq(registryHistory.registry, 'certification'), inArray(registryHistory.key, [...certificationKeys])) : undefined,
        ),
      ),
    )
    .orderBy(asc(registryHistory.id));
}

export async function updateEnterpriseRow(tx: Transaction, creditCode: string, values: Partial<typeof enterprises.$inferInsert>, at: Date): Promise<void> {
  await tx.update(enterprises).set({ ...values, updatedAt: at }).where(eq(enterprises.creditCode, creditCode));
}

/** True when no enterprise is registered yet (a demo registry may then be generated). */
export async function isRegistryEmpty(db: DatabaseOrTransaction): Promise<boolean> {
  return (await db.select({ code: enterprises.creditCode }).from(enterprises).limit(1)).length === 0;
}

// ---- Platforms ----

export interface PlatformQuery {
  q?: string | undefined;
  orgs?: readonly string[] | undefined;
  type?: PlatformType | undefined;
  limit: number;
  offset: number;
}

export async function findPlatformRows(db: DatabaseOrTransaction, scope: RegistryScope, query: PlatformQuery): Promise<{ rows: PlatformRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [nameCondition(platforms.name, platforms.nameGrams, query.q), platformScope(scope)];
  if (query.orgs) conditions.push(query.orgs.length > 0 ? inArray(platforms.org, [...query.orgs]) : sql`false`);
  if (query.type) conditions.push(eq(platforms.type, query.type));
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db.select().from(platforms).where(where).orderBy(asc(platforms.name)).limit(Math.min(query.limit, 200)).offset(query.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(platforms).where(where),
  ]);
  return { rows, total: count?.total ?? 0 };
}

export async function findPlatformRow(db: DatabaseOrTransaction, scope: RegistryScope, registrationNumber: string): Promise<PlatformRow | undefined> {
  const [row] = await db.select().from(platforms).where(and(eq(platforms.registrationNumber, registrationNumber), platformScope(scope)));
  return row;
}

export async function findPlatformHistory(db: DatabaseOrTransaction, scope: RegistryScope, registrationNumber: string): Promise<HistoryRow[]> {
  const visible = db.select({ one: sql`1` }).from(platforms).where(and(eq(platforms.registrationNumber, registrationNumber), platformScope(scope)));
  return db
    .select()
    .from(registryHistory)
    .where(and(eq(registryHistory.registry, 'platform'), eq(registryHistory.key, registrationNumber), sql`exists (${visible})`))
    .orderBy(asc(registryHistory.id));
}

// ---- Technology contracts ----

export interface ContractQuery {
  q?: string | undefined;
  /** Contracts with a party in these areas. */
  orgs?: readonly string[] | undefined;
  year?: number | undefined;
  type?: ContractType | undefined;
  limit: number;
  offset: number;
}

/** Contracts with a party in scope, newest first. */
export async function findContractRows(db: DatabaseOrTransaction, scope: RegistryScope, query: ContractQuery): Promise<{ rows: TechContractRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [contractScope(scope)];
  if (query.orgs) conditions.push(query.orgs.length > 0 ? sql`(${inArray(techContracts.sellerOrg, [...query.orgs])} or ${inArray(techContracts.buyerOrg, [...query.orgs])})` : sql`false`);
  if (query.year) conditions.push(sql`${techContracts.registeredOn} between ${`${query.year}-01-01`}::date and ${`${query.year}-12-31`}::date`);
  if (query.type) conditions.push(eq(techContracts.type, query.type));
  const text = normaliseName(query.q ?? '');
  if (text !== '') {
    const pattern = `%${escapeLike(text)}%`;
    conditions.push(sql`${techContracts.partyGrams} @> ${sql.param(queryGrams(text))}::text[]`, sql`(lower(${techContracts.sellerName}) like ${pattern} or lower(${techContracts.buyerName}) like ${pattern})`);
  }
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db.select().from(techContracts).where(where).orderBy(desc(techContracts.registeredOn), asc(techContracts.registrationNumber)).limit(Math.min(query.limit, 200)).offset(query.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(techContracts).where(where),
  ]);
  return { rows, total: count?.total ?? 0 };
}

/** The technology amount of a year's contracts (within scope) by seller and buyer area: yuan, exact. */
export interface ContractFlowSum {
  seller_org: string;
  buyer_org: string;
  /** `sum(tech_amount)` as numeric text. */
  amount: string;
  count: number;
}

export async function sumContractFlows(db: DatabaseOrTransaction, scope: RegistryScope, year: number): Promise<ContractFlowSum[]> {
  const where = and(sql`${techContracts.registeredOn} between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date`, contractScope(scope));
  return db
    .select({ seller_org: techContracts.sellerOrg, buyer_org: techContracts.buyerOrg, amount: sql<string>`sum(${techContracts.techAmount})::text`, count: sql<number>`count(*)::int` })
    .from(techContracts)
    .where(where)
    .groupBy(techContracts.sellerOrg, techContracts.buyerOrg);
}

/** Whether any contract in scope is synthetic (demo data): the turnover then says so. */
export async function hasSyntheticContracts(db: DatabaseOrTransaction, scope: RegistryScope): Promise<boolean> {
  return (await db.select({ one: sql`1` }).from(techContracts).where(and(eq(techContracts.synthetic, true), contractScope(scope))).limit(1)).length > 0;
}

// ---- Indicator counts ----

/**
 * What the registries count for one year, per county (within scope): valid certificates at the
 * year's end (tech-based SMEs: entered for that year), platforms approved by the year's end and not
 * revoked, and the technology amount (yuan, numeric text) of the contracts registered that year by
 * the seller's county (输出) and by the buyer's (吸纳).
 */
export async function countRegistryRows(db: DatabaseOrTransaction, scope: RegistryScope, year: number) {
  const yearEnd = `${year}-12-31`;
  const yearStart = `${year}-01-01`;
  const [certificationCounts, platformCounts, turnover] = await Promise.all([
    queryRows<{ indicator: string; org: string; count: number }>(
      db,
      sql`select case c.type when 'national_hte' then 'national_hte' when 'tech_sme' then 'tech_smes' else 'innovative_demo_enterprises' end as indicator, e.org, count(distinct e.credit_code)::int as count
          from certifications c join enterprises e on e.credit_code = c.credit_code
          where c.type in ('national_hte', 'tech_sme', 'innovative_demo_enterprise')
            and ${enterpriseScopeSql(scope)}
            and ${notRevokedBySql(yearEnd)}
            and c.valid_from <= ${yearEnd}::date
            and c.valid_to >= (case when c.type = 'tech_sme' then ${yearStart}::date else ${yearEnd}::date end)
          group by 1, 2`,
    ),
    queryRows<{ type: string; org: string; count: number }>(
      db,
      sql`select p.type, p.org, count(*)::int as count from platforms p
          where p.approved_on <= ${yearEnd}::date
            and ${platformScope(scope) ?? sql`true`}
            and not exists (select 1 from jsonb_array_elements(p.evaluations) as e where e->>'result' = 'revoked' and (e->>'date')::date <= ${yearEnd}::date)
          group by 1, 2`,
    ),
    queryRows<{ indicator: string; org: string; amount: string }>(
      db,
      sql`select 'tech_contract_turnover' as indicator, seller_org as org, sum(tech_amount)::text as amount from tech_contracts
          where registered_on between ${yearStart}::date and ${yearEnd}::date and ${contractScope(scope) ?? sql`true`} group by 1, 2
          union all
          select 'tech_contract_absorption', buyer_org, sum(tech_amount)::text from tech_contracts
          where registered_on between ${yearStart}::date and ${yearEnd}::date and ${contractScope(scope) ?? sql`true`} group by 1, 2`,
    ),
  ]);
  return { certificationCounts, platformCounts, turnover };
}

// ---- The tier pipeline ----

/** Firms moving up a tier per year (their first certificate of the higher tier, after one of the lower), within scope. */
export async function findTierMoves(db: DatabaseOrTransaction, scope: RegistryScope) {
  return queryRows<{ step: 'tech_sme_to_national_hte' | 'national_hte_to_innovative_demo'; year: number; count: number }>(
    db,
    sql`with firsts as (
          select c.credit_code, c.type, min(c.valid_from) as first_from
          from certifications c join enterprises e on e.credit_code = c.credit_code
          where ${enterpriseScopeSql(scope)}
          group by c.credit_code, c.type
        )
        select 'tech_sme_to_national_hte' as step, extract(year from h.first_from)::int as year, count(*)::int as count
        from firsts h join firsts s on s.credit_code = h.credit_code and s.type = 'tech_sme' and s.first_from < h.first_from
        where h.type = 'national_hte' group by 2
        union all
        select 'national_hte_to_innovative_demo', extract(year from d.first_from)::int, count(*)::int
        from firsts d join firsts h on h.credit_code = d.credit_code and h.type = 'national_hte' and h.first_from < d.first_from
        where d.type = 'innovative_demo_enterprise' group by 2`,
  );
}

/**
 * Tech-based SMEs valid today without a valid high-tech certificate whose latest financial year
 * meets both high-tech thresholds (高新技术企业认定管理办法 第十一条): R&D at 5 % / 4 % / 3 % of
 * revenue (≤ 50 M / ≤ 200 M / more) and high-tech products at 60 % of revenue. The figures are
 * compared as numeric (exact), and the amounts arrive as decimal text.
 */
/**
 * The tier pipeline's pre-filter: enterprises (within scope) holding a tech-based SME entry valid
 * today and no high-tech certificate valid today, with some yearly figures. Whether one is close to
 * high-tech recognition is the pack's rule to decide (national.hte-recognition), not SQL's.
 */
export async function findPipelinePrefilterRows(db: DatabaseOrTransaction, scope: RegistryScope, today: string): Promise<EnterpriseRow[]> {
  const codes = await queryRows<{ credit_code: string }>(
    db,
    sql`select e.credit_code from enterprises e
        where ${enterpriseScopeSql(scope)}
          and e.years::text <> '{}'
          and exists (select 1 from certifications c where c.credit_code = e.credit_code and c.type = 'tech_sme' and c.valid_to >= ${today}::date and ${notRevokedBySql(today)})
          and not exists (select 1 from certifications c where c.credit_code = e.credit_code and c.type = 'national_hte' and ${validOnSql(today)})
        order by e.credit_code`,
  );
  return selectByKeys(
    codes.map((row) => row.credit_code),
    (slice) => db.select().from(enterprises).where(and(inArray(enterprises.creditCode, slice), enterpriseScope(scope))).orderBy(asc(enterprises.creditCode)),
  );
}

// ---- Imports ----

/** Looks records up by key, 5,000 keys a query (a parameter list stays well below the driver's limits). */
async function selectByKeys<T>(keys: readonly string[], select: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (let start = 0; start < keys.length; start += 5000) found.push(...(await select(keys.slice(start, start + 5000))));
  return found;
}

/** Where existing enterprises lie (within scope), by credit code. */
export async function findEnterpriseLocations(db: DatabaseOrTransaction, scope: RegistryScope, creditCodes: readonly string[]): Promise<Map<string, RegistryLocation>> {
  const rows = await selectByKeys(creditCodes, (slice) => db.select({ creditCode: enterprises.creditCode, org: enterprises.org }).from(enterprises).where(and(inArray(enterprises.creditCode, slice), enterpriseScope(scope))));
  return new Map(rows.map((row) => [row.creditCode, { org: row.org, creditCode: row.creditCode }]));
}

/** Where existing platforms lie (within scope), by registration number. */
export async function findPlatformLocations(db: DatabaseOrTransaction, scope: RegistryScope, numbers: readonly string[]): Promise<Map<string, RegistryLocation>> {
  const rows = await selectByKeys(numbers, (slice) => db.select({ number: platforms.registrationNumber, org: platforms.org }).from(platforms).where(and(inArray(platforms.registrationNumber, slice), platformScope(scope))));
  // A platform lies in its area only: no enterprise's scope covers it.
  return new Map(rows.map((row) => [row.number, { org: row.org, creditCode: null }]));
}

/** Where existing contracts lie (the seller's county, within scope), by registration number. */
export async function findContractLocations(db: DatabaseOrTransaction, scope: RegistryScope, numbers: readonly string[]): Promise<Map<string, RegistryLocation>> {
  const rows = await selectByKeys(numbers, (slice) =>
    db.select({ number: techContracts.registrationNumber, org: techContracts.sellerOrg, seller: techContracts.sellerCreditCode }).from(techContracts).where(and(inArray(techContracts.registrationNumber, slice), contractScope(scope))),
  );
  return new Map(rows.map((row) => [row.number, { org: row.org, creditCode: row.seller }]));
}

/** The enterprises an import's rows may replace, whole, by key (within scope). */
export async function findEnterprisesByKey(tx: Transaction, scope: RegistryScope, keys: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  return new Map((await selectByKeys(keys, (slice) => tx.select().from(enterprises).where(and(inArray(enterprises.creditCode, slice), enterpriseScope(scope))))).map((row) => [row.creditCode, row]));
}

export async function findPlatformsByKey(tx: Transaction, scope: RegistryScope, keys: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  return new Map((await selectByKeys(keys, (slice) => tx.select().from(platforms).where(and(inArray(platforms.registrationNumber, slice), platformScope(scope))))).map((row) => [row.registrationNumber, row]));
}

export async function findContractsByKey(tx: Transaction, scope: RegistryScope, keys: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  return new Map((await selectByKeys(keys, (slice) => tx.select().from(techContracts).where(and(inArray(techContracts.registrationNumber, slice), contractScope(scope))))).map((row) => [row.registrationNumber, row]));
}

/** Certifications by their key credit code|type|valid_from (their enterprise within scope). */
export async function findCertificationsByKey(tx: Transaction, scope: RegistryScope, keys: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const found = await selectByKeys(keys, (slice) =>
    tx
      .select({ certification: certifications })
      .from(certifications)
      .innerJoin(enterprises, eq(enterprises.creditCode, certifications.creditCode))
      .where(and(inArray(sql`${certifications.creditCode} || '|' || ${certifications.type} || '|' || ${certifications.validFrom}`, slice), enterpriseScope(scope)))
      .then((rows) => rows.map((row) => row.certification)),
  );
  return new Map(found.map((row) => [`${row.creditCode}|${row.type}|${row.validFrom}`, row]));
}

export async function findYearsOf(tx: Transaction, scope: RegistryScope, creditCodes: readonly string[]): Promise<Map<string, Record<string, StoredFinancialYear>>> {
  const found = await selectByKeys(creditCodes, (slice) => tx.select({ creditCode: enterprises.creditCode, years: enterprises.years }).from(enterprises).where(and(inArray(enterprises.creditCode, slice), enterpriseScope(scope))));
  return new Map(found.map((row) => [row.creditCode, row.years]));
}

/**
 * The events of these enterprises (within scope). With `lock`, their rows are locked for this
 * transaction, in credit-code order (no deadlock between two imports): the list written back is
 * the one read, so that two imports adding events to the same enterprise at once both keep theirs.
 */
export async function findEventsOf(tx: Transaction, scope: RegistryScope, creditCodes: readonly string[], options: { lock?: boolean } = {}): Promise<Map<string, StoredEnterpriseEvent[]>> {
  const sorted = [...creditCodes].sort();
  const found = await selectByKeys(sorted, (slice) => {
    const query = tx.select({ creditCode: enterprises.creditCode, events: enterprises.events }).from(enterprises).where(and(inArray(enterprises.creditCode, slice), enterpriseScope(scope))).orderBy(asc(enterprises.creditCode));
    return options.lock ? query.for('update') : query;
  });
  return new Map(found.map((row) => [row.creditCode, row.events]));
}

export async function setEnterpriseEvents(tx: Transaction, creditCode: string, events: StoredEnterpriseEvent[], at: Date): Promise<void> {
  await tx.update(enterprises).set({ events, updatedAt: at }).where(eq(enterprises.creditCode, creditCode));
}

export async function findEvaluationsOf(tx: Transaction, scope: RegistryScope, numbers: readonly string[]): Promise<Map<string, PlatformRow['evaluations']>> {
  const found = await selectByKeys(numbers, (slice) => tx.select({ number: platforms.registrationNumber, evaluations: platforms.evaluations }).from(platforms).where(and(inArray(platforms.registrationNumber, slice), platformScope(scope))));
  return new Map(found.map((row) => [row.number, row.evaluations]));
}

/** Separates the grams of one name inside a text parameter (never part of a name). */
const gramSeparator = '\u001f';

/**
 * New enterprises as one statement per `rowsPerBulkStatement` rows (1,000 on PGlite, 10,000 on PostgreSQL): each column travels as one array (unnest).
 * Row-by-row SQL building costs more than the database's own work at this volume. The same
 * statement writes each new enterprise's history row from what it inserted, rather than sending
 * every record a second time as JSON.
 */
export async function insertEnterprises(tx: Transaction, rows: Record<string, unknown>[], actor: string, at: Date): Promise<void> {
  for (let start = 0, batchSize = rowsPerBulkStatement(tx); start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const column = (field: string) => sql.param(batch.map((row) => (row[field] === undefined || row[field] === null ? null : String(row[field]))));
    await tx.execute(sql`
      with created as (
      insert into enterprises (credit_code, name, name_grams, org, industry, founded, above_scale, contact_name, contact_phone, synthetic,
                               hte_innovation_score, deemed_taxation, western_development_encouraged, ic_or_machine_tool_list)
      select credit_code, name, string_to_array(grams, ${gramSeparator}), org, industry, founded::date, above_scale::boolean, contact_name, contact_phone, synthetic::boolean,
             hte_innovation_score::integer, deemed_taxation::boolean, western_development_encouraged::boolean, ic_or_machine_tool_list::boolean
      from unnest(${column('creditCode')}::text[], ${column('name')}::text[], ${sql.param(batch.map((row) => (row.nameGrams as string[]).join(gramSeparator)))}::text[],
                  ${column('org')}::text[], ${column('industry')}::text[], ${column('founded')}::text[], ${column('aboveScale')}::text[],
                  ${column('contactName')}::text[], ${column('contactPhone')}::text[], ${column('synthetic')}::text[],
                  ${column('hteInnovationScore')}::text[], ${column('deemedTaxation')}::text[], ${column('westernDevelopmentEncouraged')}::text[], ${column('icOrMachineToolList')}::text[])
        as t(credit_code, name, grams, org, industry, founded, above_scale, contact_name, contact_phone, synthetic,
             hte_innovation_score, deemed_taxation, western_development_encouraged, ic_or_machine_tool_list)
      returning *)
      insert into registry_history (registry, key, change, before, after, changed_by, changed_at)
      select 'enterprise', credit_code, 'create', null,
             jsonb_build_object('creditCode', credit_code, 'name', name, 'org', org, 'industry', industry, 'founded', founded, 'aboveScale', above_scale,
                                'contactName', contact_name, 'contactPhone', contact_phone, 'synthetic', synthetic)
             -- Declarations only when the file gave them (most registers do not).
             || jsonb_strip_nulls(jsonb_build_object('hteInnovationScore', hte_innovation_score, 'deemedTaxation', deemed_taxation,
                                'westernDevelopmentEncouraged', western_development_encouraged, 'icOrMachineToolList', ic_or_machine_tool_list)),
             ${actor}, ${at.toISOString()}::timestamptz
      from created`);
  }
}

const recordTables = { certifications, platforms, tech_contracts: techContracts } as const;

/** New certifications, platforms or contracts, 2,000 a statement. */
export async function insertRecords(tx: Transaction, kind: keyof typeof recordTables, rows: Record<string, unknown>[]): Promise<void> {
  const table = recordTables[kind];
  for (let start = 0; start < rows.length; start += 2000) await tx.insert(table).values(rows.slice(start, start + 2000) as never);
}

/** Replaces one record's fields (a changed import row). */
export async function updateRecord(tx: Transaction, kind: 'enterprises' | keyof typeof recordTables, key: string, values: Record<string, unknown>, at: Date): Promise<void> {
  if (kind === 'enterprises') await tx.update(enterprises).set({ ...values, updatedAt: at } as never).where(eq(enterprises.creditCode, key));
  else if (kind === 'platforms') await tx.update(platforms).set({ ...values, updatedAt: at } as never).where(eq(platforms.registrationNumber, key));
  else if (kind === 'tech_contracts') await tx.update(techContracts).set(values as never).where(eq(techContracts.registrationNumber, key));
  else {
    const [creditCode, type, validFrom] = key.split('|');
    await tx.update(certifications).set(values as never).where(sql`${certifications.creditCode} = ${creditCode} and ${certifications.type} = ${type} and ${certifications.validFrom} = ${validFrom}`);
  }
}

/** Merges years into enterprises' financials (one statement per 10,000 enterprises). */
export async function patchEnterpriseYears(tx: Transaction, patches: readonly [creditCode: string, years: Record<string, unknown>][], at: Date): Promise<void> {
  for (let start = 0, batchSize = rowsPerBulkStatement(tx); start < patches.length; start += batchSize) {
    const batch = patches.slice(start, start + batchSize);
    await tx.execute(sql`
      update enterprises e set years = (e.years::jsonb || t.patch::jsonb)::json, updated_at = ${at.toISOString()}::timestamptz
      from unnest(${sql.param(batch.map(([code]) => code))}::text[], ${sql.param(batch.map(([, patch]) => JSON.stringify(patch)))}::text[]) as t(code, patch)
      where e.credit_code = t.code`);
  }
}

export async function setPlatformEvaluations(tx: Transaction, registrationNumber: string, evaluations: PlatformRow['evaluations'], at: Date): Promise<void> {
  await tx.update(platforms).set({ evaluations, updatedAt: at }).where(eq(platforms.registrationNumber, registrationNumber));
}

export async function insertHistory(tx: Transaction, rows: readonly HistoryInsert[]): Promise<void> {
  for (let start = 0, batchSize = rowsPerBulkStatement(tx); start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    await tx.execute(sql`
      insert into registry_history (registry, key, change, before, after, changed_by, changed_at)
      select registry, key, change, before::jsonb, after::jsonb, changed_by, changed_at::timestamptz
      from unnest(${sql.param(batch.map((row) => row.registry))}::text[], ${sql.param(batch.map((row) => row.key))}::text[], ${sql.param(batch.map((row) => row.change))}::text[],
                  ${sql.param(batch.map((row) => (row.before === null || row.before === undefined ? null : JSON.stringify(row.before))))}::text[],
                  ${sql.param(batch.map((row) => (row.after === null || row.after === undefined ? null : JSON.stringify(row.after))))}::text[],
                  ${sql.param(batch.map((row) => row.changedBy ?? null))}::text[], ${sql.param(batch.map((row) => (row.changedAt instanceof Date ? row.changedAt.toISOString() : String(row.changedAt))))}::text[])
        as t(registry, key, change, before, after, changed_by, changed_at)`);
  }
}

