import { and, asc, desc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../accounts/actor.ts';
import type { PermissionTable } from '../accounts/permissions.ts';
import type { AreaTree } from '../areas/area-tree.ts';
import type { DatabaseOrTransaction } from '../db/open-database.ts';
import { isValidOn } from './certification-validity.ts';
import { normaliseName, queryGrams } from './name-grams.ts';
import { certifications, enterprises, platforms, techContracts } from './registry-schema.ts';

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
  permissions.assertCan(actor, 'registry.read');
  const scope = permissions.scopeOf(actor?.role ?? 'public', 'registry.read');
  if (scope === 'all') return { orgs: null, creditCode: null };
  if (scope === 'own_area' && actor?.orgCode) return { orgs: tree.subtreeOf(actor.orgCode).map((area) => area.code), creditCode: null };
  if (scope === 'own_enterprise' && actor?.creditCode) return { orgs: null, creditCode: actor.creditCode };
  // A scope the caller's account cannot satisfy (no area, no credit code) sees nothing.
  return { orgs: [], creditCode: null };
}

function nameCondition(column: typeof enterprises.name | typeof platforms.name, grams: typeof enterprises.nameGrams | typeof platforms.nameGrams, query: string | undefined): SQL | undefined {
  const text = normaliseName(query ?? '');
  if (text === '') return undefined;
  const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
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
    conditions.push(sql`exists (select 1 from ${certifications} c where c.credit_code = ${enterprises.creditCode} and c.type = ${filter.certification} and c.status = 'valid' and c.valid_from <= ${today} and c.valid_to >= ${today})`);
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
    const startsWith = sql`${enterprises.name} like ${`${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`}`;
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
    platforms: rows.map((row) => ({
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
      synthetic: row.synthetic,
    })),
  };
}

/** Registered technology contracts where a party lies in the caller's scope, newest first. */
export async function findTechContracts(db: DatabaseOrTransaction, scope: RegistryScope, filter: { org?: string; year?: number; limit?: number; offset?: number }) {
  const conditions: (SQL | undefined)[] = [];
  if (scope.creditCode) conditions.push(sql`(${techContracts.sellerCreditCode} = ${scope.creditCode} or ${techContracts.buyerCreditCode} = ${scope.creditCode})`);
  if (scope.orgs) conditions.push(scope.orgs.length > 0 ? sql`(${inArray(techContracts.sellerOrg, scope.orgs)} or ${inArray(techContracts.buyerOrg, scope.orgs)})` : sql`false`);
  if (filter.org) conditions.push(sql`(${techContracts.sellerOrg} like ${`${filter.org.replace(/0+$/, '')}%`} or ${techContracts.buyerOrg} like ${`${filter.org.replace(/0+$/, '')}%`})`);
  if (filter.year) conditions.push(like(sql`${techContracts.registeredOn}::text`, `${filter.year}-%`));
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db.select().from(techContracts).where(where).orderBy(desc(techContracts.registeredOn)).limit(Math.min(filter.limit ?? 20, 200)).offset(filter.offset ?? 0),
    db.select({ total: sql<number>`count(*)::int` }).from(techContracts).where(where),
  ]);
  return {
    total: count?.total ?? 0,
    contracts: rows.map((row) => ({
      registration_number: row.registrationNumber,
      type: row.type,
      contract_amount: Number(row.contractAmount),
      tech_amount: Number(row.techAmount),
      seller_name: row.sellerName,
      seller_org: row.sellerOrg,
      buyer_name: row.buyerName,
      buyer_org: row.buyerOrg,
      registered_on: row.registeredOn,
      synthetic: row.synthetic,
    })),
  };
}

