import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../accounts/actor.ts';
import type { PermissionTable } from '../accounts/permissions.ts';
import type { AreaTree } from '../areas/area-tree.ts';
import { queryRows, type DatabaseOrTransaction } from '../db/open-database.ts';
import { AppError, notFound } from '../shared/app-error.ts';
import { isValidOn, validOnSql } from './certification-validity.ts';
import { normaliseName, queryGrams } from './name-grams.ts';
import type { ContractType } from './platform-types.ts';
import { certifications, enterprises, platforms, registryHistory, techContracts } from './registry-schema.ts';

export interface RegistryScope {
  /** Areas the caller may see (null: all). */
  orgs: string[] | null;
  /** The one enterprise an enterprise user may see. */
  creditCode: string | null;
}

/**
 * What of the registries the caller may see: the coordinator everything, an area role its
 * area's subtree, an enterprise user its own enterprise; anyone else is refused. The scope goes
 * into every query, so that nothing outside it leaks through counts or search.
 */
export function registryScope(actor: Actor | null, permissions: PermissionTable, tree: AreaTree): RegistryScope {
  const scope = permissions.dataScopeOf(actor, 'registry.read');
  if (scope.kind === 'all') return { orgs: null, creditCode: null };
  if (scope.kind === 'area') return { orgs: tree.subtreeOf(scope.orgCode).map((area) => area.code), creditCode: null };
  if (scope.kind === 'enterprise') return { orgs: null, creditCode: scope.creditCode };
  // A scope the caller's account cannot satisfy (no area, no credit code), or one that means
  // nothing for the registries (a unit), sees nothing.
  return { orgs: [], creditCode: null };
}

/** A text for `like`, its wildcards taken literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function nameCondition(column: typeof enterprises.name | typeof platforms.name, grams: typeof enterprises.nameGrams | typeof platforms.nameGrams, query: string | undefined): SQL | undefined {
  const text = normaliseName(query ?? '');
  if (text === '') return undefined;
  const pattern = `%${escapeLike(text)}%`;
  return and(sql`${grams} @> ${sql.param(queryGrams(text))}::text[]`, sql`lower(${column}) like ${pattern}`);
}

export interface EnterpriseFilter {
  q?: string | undefined;
  org?: string | undefined;
  certification?: string | undefined;
  aboveScale?: boolean | undefined;
  synthetic?: boolean | undefined;
  sort?: 'name' | 'credit_code' | 'updated' | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  /** Only for exports, which mask them unless the caller may see them. */
  withContacts?: boolean | undefined;
}

/** A page of enterprises matching a name (substring; prefix matches first) and filters, within scope. */
export async function findEnterprises(db: DatabaseOrTransaction, scope: RegistryScope, tree: AreaTree, filter: EnterpriseFilter) {
  const conditions: (SQL | undefined)[] = [nameCondition(enterprises.name, enterprises.nameGrams, filter.q)];
  if (scope.orgs) conditions.push(scope.orgs.length > 0 ? inArray(enterprises.org, scope.orgs) : sql`false`);
  if (scope.creditCode) conditions.push(eq(enterprises.creditCode, scope.creditCode));
  if (filter.org) conditions.push(inArray(enterprises.org, tree.subtreeOf(filter.org).map((area) => area.code)));
  if (filter.aboveScale !== undefined) conditions.push(eq(enterprises.aboveScale, filter.aboveScale));
  if (filter.synthetic !== undefined) conditions.push(eq(enterprises.synthetic, filter.synthetic));
  if (filter.certification) {
    const today = new Date().toISOString().slice(0, 10);
    conditions.push(sql`exists (select 1 from ${certifications} c where c.credit_code = ${enterprises.creditCode} and c.type = ${filter.certification} and ${validOnSql(today)})`);
  }
  const where = and(...conditions);
  const prefix = normaliseName(filter.q ?? '');
  const limit = Math.min(filter.limit ?? 20, 200);
  const offset = filter.offset ?? 0;
  const columns = { creditCode: enterprises.creditCode, name: enterprises.name, org: enterprises.org, industry: enterprises.industry, founded: enterprises.founded, aboveScale: enterprises.aboveScale, synthetic: enterprises.synthetic, contactName: enterprises.contactName, contactPhone: enterprises.contactPhone };
  // Counting a common word over a million names costs more than the page: count up to a cap.
  const countCap = 1_000;
  const counted = () => db.select({ total: sql<number>`count(*)::int` }).from(db.select({ one: sql`1` }).from(enterprises).where(where).limit(countCap + 1).as('matches'));
  let rows: Awaited<ReturnType<typeof pageOf>>;
  let count: { total: number } | undefined;
  function pageOf(condition: SQL | undefined, order: SQL[], pageLimit: number, pageOffset: number) {
    return db.select(columns).from(enterprises).where(condition).orderBy(...order).limit(pageLimit).offset(pageOffset);
  }
  if (prefix && !filter.sort) {
    // Names that start with the query first (few, from the name index, sorted), then the other
    // matches unsorted. One scan of the gram index serves both the count (capped) and the page:
    // building the bitmap of a common word twice costs more than the rest of the search.
    const text = (filter.q ?? '').trim();
    const startsWith = sql`${enterprises.name} like ${`${escapeLike(text)}%`}`;
    const [first, [prefixCount], matches] = await Promise.all([
      pageOf(and(where, startsWith), [asc(enterprises.name)], limit, offset),
      db.select({ count: sql<number>`count(*)::int` }).from(enterprises).where(and(where, startsWith)),
      db.select({ creditCode: enterprises.creditCode, name: enterprises.name }).from(enterprises).where(where).limit(countCap + 1),
    ]);
    const others = matches.filter((match) => !match.name.startsWith(text));
    const skip = Math.max(0, offset - (prefixCount?.count ?? 0));
    const wanted = limit - first.length;
    let rest: typeof first = [];
    if (wanted > 0) {
      if (skip + wanted <= others.length || matches.length <= countCap) {
        const codes = others.slice(skip, skip + wanted).map((match) => match.creditCode);
        const found = codes.length > 0 ? await db.select(columns).from(enterprises).where(inArray(enterprises.creditCode, codes)) : [];
        rest = codes.flatMap((code) => found.filter((row) => row.creditCode === code));
      } else {
        rest = await pageOf(and(where, sql`not (${startsWith})`), [], wanted, skip);
      }
    }
    rows = [...first, ...rest];
    count = { total: matches.length };
  } else {
    const order = filter.sort === 'credit_code' ? [asc(enterprises.creditCode)] : filter.sort === 'updated' ? [desc(enterprises.updatedAt)] : [asc(enterprises.name)];
    [rows, [count]] = await Promise.all([pageOf(where, order, limit, offset), counted()]);
  }
  const codes = rows.map((row) => row.creditCode);
  const certs = codes.length > 0 ? await db.select().from(certifications).where(inArray(certifications.creditCode, codes)) : [];
  const today = new Date().toISOString().slice(0, 10);
  const total = count?.total ?? 0;
  return {
    total: Math.min(total, countCap),
    /** True when there are more matches than were counted ("1,000+"). */
    total_capped: total > countCap,
    enterprises: rows.map((row) => ({
      credit_code: row.creditCode,
      name: row.name,
      org: row.org,
      org_name: tree.find(row.org)?.name ?? row.org,
      industry: row.industry,
      founded: row.founded,
      above_scale: row.aboveScale,
      synthetic: row.synthetic,
      contacts: filter.withContacts ? { name: row.contactName, phone: row.contactPhone } : undefined,
      certifications: certs.filter((cert) => cert.creditCode === row.creditCode && isValidOn(cert, today)).map((cert) => cert.type),
    })),
  };
}

/** Platforms by name and filters, within the caller's area scope. */
export async function findPlatforms(db: DatabaseOrTransaction, scope: RegistryScope, tree: AreaTree, filter: { q?: string; org?: string; type?: string; limit?: number; offset?: number }) {
  if (scope.creditCode) return { total: 0, platforms: [] };
  const conditions: (SQL | undefined)[] = [nameCondition(platforms.name, platforms.nameGrams, filter.q)];
  if (scope.orgs) conditions.push(scope.orgs.length > 0 ? inArray(platforms.org, scope.orgs) : sql`false`);
  if (filter.org) conditions.push(inArray(platforms.org, tree.subtreeOf(filter.org).map((area) => area.code)));
  if (filter.type) conditions.push(eq(platforms.type, filter.type));
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db.select().from(platforms).where(where).orderBy(asc(platforms.name)).limit(Math.min(filter.limit ?? 20, 200)).offset(filter.offset ?? 0),
    db.select({ total: sql<number>`count(*)::int` }).from(platforms).where(where),
  ]);
  return {
    total: count?.total ?? 0,
    platforms: rows.map((row) => presentPlatform(row, tree)),
  };
}

function presentPlatform(row: typeof platforms.$inferSelect, tree: AreaTree) {
  return {
    registration_number: row.registrationNumber,
    name: row.name,
    type: row.type,
    level: row.level,
    host: row.host,
    org: row.org,
    org_name: tree.find(row.org)?.name ?? row.org,
    approved_on: row.approvedOn,
    construction_from: row.constructionFrom,
    construction_to: row.constructionTo,
    evaluations: row.evaluations,
    /** The latest evaluation's result, if any (优奖劣汰). */
    latest_evaluation: row.evaluations.at(-1) ?? null,
    synthetic: row.synthetic,
  };
}

export interface ContractFilter {
  /** A substring of the seller's or the buyer's name. */
  q?: string | undefined;
  org?: string | undefined;
  year?: number | undefined;
  type?: ContractType | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** True for a party in the region's tree (not the country and not outside the region). */
export function isInsideRegion(tree: AreaTree, org: string): boolean {
  const area = tree.find(org);
  return area !== undefined && area.level !== 'country';
}

/** Registered technology contracts where a party lies in the caller's scope, newest first. */
export async function findTechContracts(db: DatabaseOrTransaction, scope: RegistryScope, tree: AreaTree, filter: ContractFilter) {
  const conditions: (SQL | undefined)[] = [];
  if (scope.creditCode) conditions.push(sql`(${techContracts.sellerCreditCode} = ${scope.creditCode} or ${techContracts.buyerCreditCode} = ${scope.creditCode})`);
  if (scope.orgs) conditions.push(scope.orgs.length > 0 ? sql`(${inArray(techContracts.sellerOrg, scope.orgs)} or ${inArray(techContracts.buyerOrg, scope.orgs)})` : sql`false`);
  if (filter.org) {
    const codes = tree.subtreeOf(filter.org).map((area) => area.code);
    conditions.push(codes.length > 0 ? sql`(${inArray(techContracts.sellerOrg, codes)} or ${inArray(techContracts.buyerOrg, codes)})` : eq(techContracts.sellerOrg, filter.org));
  }
  if (filter.year) conditions.push(sql`${techContracts.registeredOn} between ${`${filter.year}-01-01`}::date and ${`${filter.year}-12-31`}::date`);
  if (filter.type) conditions.push(eq(techContracts.type, filter.type));
  const text = normaliseName(filter.q ?? '');
  if (text !== '') {
    const pattern = `%${escapeLike(text)}%`;
    conditions.push(sql`${techContracts.partyGrams} @> ${sql.param(queryGrams(text))}::text[]`, sql`(lower(${techContracts.sellerName}) like ${pattern} or lower(${techContracts.buyerName}) like ${pattern})`);
  }
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db.select().from(techContracts).where(where).orderBy(desc(techContracts.registeredOn), asc(techContracts.registrationNumber)).limit(Math.min(filter.limit ?? 20, 200)).offset(filter.offset ?? 0),
    db.select({ total: sql<number>`count(*)::int` }).from(techContracts).where(where),
  ]);
  const areaName = (org: string) => tree.find(org)?.name ?? null;
  return {
    total: count?.total ?? 0,
    contracts: rows.map((row) => ({
      registration_number: row.registrationNumber,
      type: row.type,
      contract_amount: Number(row.contractAmount),
      tech_amount: Number(row.techAmount),
      seller_name: row.sellerName,
      seller_credit_code: row.sellerCreditCode,
      seller_org: row.sellerOrg,
      seller_org_name: areaName(row.sellerOrg),
      seller_inside: isInsideRegion(tree, row.sellerOrg),
      buyer_name: row.buyerName,
      buyer_credit_code: row.buyerCreditCode,
      buyer_org: row.buyerOrg,
      buyer_org_name: areaName(row.buyerOrg),
      buyer_inside: isInsideRegion(tree, row.buyerOrg),
      registered_on: row.registeredOn,
      synthetic: row.synthetic,
    })),
  };
}

export interface TurnoverFlow {
  org: string;
  org_name: string;
  /** 输出: technology amount of contracts sold by parties in the area, in 亿元. */
  output: number;
  output_count: number;
  /** The part of `output` bought by parties outside the region. */
  output_to_outside: number;
  /** 吸纳: technology amount of contracts bought by parties in the area, in 亿元. */
  absorption: number;
  absorption_count: number;
  /** The part of `absorption` sold by parties outside the region. */
  absorption_from_outside: number;
}

/**
 * Technology turnover of one year as seller (输出) and as buyer (吸纳), for an area and each of its
 * direct children, summed from the contracts registered that year (technology amount, 亿元), as
 * technology-market statistics count them: output is every contract sold by a party in the area,
 * absorption every contract bought by one, so a contract inside the area counts in both. The
 * `_outside` parts are the flows across the region's border (流向区外 / 来自区外).
 */
export async function findContractTurnover(db: DatabaseOrTransaction, scope: RegistryScope, tree: AreaTree, options: { org: string; year: number }) {
  const area = tree.find(options.org);
  if (!area || area.level === 'country') throw new AppError('bad_request', `“${options.org}”不是本区的行政区划代码`, `"${options.org}" is not an area of the region`);
  if (scope.creditCode) throw new AppError('forbidden', '企业账号不能查看地区技术合同统计', 'an enterprise account cannot see area contract statistics');
  if (scope.orgs && !scope.orgs.includes(options.org)) throw new AppError('forbidden', `无权查看“${area.name}”的技术合同统计`, `not allowed to see contract statistics of ${area.name}`);
  const rows = await queryRows<{ seller_org: string; buyer_org: string; amount: number; count: number }>(
    db,
    sql`select seller_org, buyer_org, sum(tech_amount)::float8 / 100000000 as amount, count(*)::int as count from tech_contracts
        where registered_on between ${`${options.year}-01-01`}::date and ${`${options.year}-12-31`}::date group by 1, 2`,
  );
  const flowOf = (code: string): TurnoverFlow => {
    const inside = new Set(tree.subtreeOf(code).map((entry) => entry.code));
    const flow: TurnoverFlow = { org: code, org_name: tree.find(code)?.name ?? code, output: 0, output_count: 0, output_to_outside: 0, absorption: 0, absorption_count: 0, absorption_from_outside: 0 };
    for (const row of rows) {
      if (inside.has(row.seller_org)) {
        flow.output += row.amount;
        flow.output_count += row.count;
        if (!isInsideRegion(tree, row.buyer_org)) flow.output_to_outside += row.amount;
      }
      if (inside.has(row.buyer_org)) {
        flow.absorption += row.amount;
        flow.absorption_count += row.count;
        if (!isInsideRegion(tree, row.seller_org)) flow.absorption_from_outside += row.amount;
      }
    }
    for (const key of ['output', 'output_to_outside', 'absorption', 'absorption_from_outside'] as const) flow[key] = Number(flow[key].toPrecision(12));
    return flow;
  };
  const includesSynthetic = (await db.select({ one: sql`1` }).from(techContracts).where(eq(techContracts.synthetic, true)).limit(1)).length > 0;
  return { year: options.year, org: options.org, org_name: area.name, unit: '亿元', includes_synthetic: includesSynthetic, total: flowOf(options.org), rows: tree.childrenOf(options.org).map((child) => flowOf(child.code)) };
}

/** One platform with its evaluations and history, within the caller's area scope (else 404). */
export async function getPlatform(db: DatabaseOrTransaction, scope: RegistryScope, tree: AreaTree, registrationNumber: string) {
  const [row] = await db.select().from(platforms).where(eq(platforms.registrationNumber, registrationNumber));
  if (!row || scope.creditCode || (scope.orgs && !scope.orgs.includes(row.org))) throw notFound('平台', 'Platform', registrationNumber);
  const history = await db.select().from(registryHistory).where(and(eq(registryHistory.registry, 'platform'), eq(registryHistory.key, row.registrationNumber))).orderBy(asc(registryHistory.id));
  return {
    platform: { ...presentPlatform(row, tree), host_credit_code: row.hostCreditCode, updated_at: row.updatedAt.toISOString() },
    history: history.map((entry) => ({ change: entry.change, before: entry.before, after: entry.after, changed_by: entry.changedBy, changed_at: entry.changedAt.toISOString() })),
  };
}
