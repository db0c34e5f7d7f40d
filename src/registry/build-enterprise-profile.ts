import { Decimal } from 'decimal.js';
import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { notFound, yuanOfCents } from '../shared/index.ts';
import { sortedEvents } from './enterprise-events.ts';
import { canonicalFinancialYear } from './enterprise-financials.ts';
import type { EnterpriseProfile, FinancialYear } from './registry-contract.ts';
import { countEnterprisesByOrg, findCertificationsOf, findEnterpriseRecordTexts, findEnterpriseRow, type CertificationRow, type EnterpriseRecordText, type EnterpriseRow } from './registry-repository.ts';
import { registryScopeOf, wholeRegistry, type RegistryCaller, type RegistryScope } from './registry-scope.ts';

/**
 * Who reads profiles: a caller (its `registry.read` scope: an enterprise user its own enterprise,
 * an area role its area's, the coordinator all), or the whole registry on purpose — the CLI and
 * the screening jobs an administrator starts, which say so by passing `wholeRegistryProfiles`.
 */
export type ProfileAccess = RegistryCaller | { kind: 'whole_registry'; tree: AreaTree };

/** The whole registry, for administrators' tools (CLI, screening jobs); routes pass their caller. */
export function wholeRegistryProfiles(tree: AreaTree): ProfileAccess {
  return { kind: 'whole_registry', tree };
}

function scopeOf(access: ProfileAccess): RegistryScope {
  return 'kind' in access ? wholeRegistry : registryScopeOf(access.actor, access.permissions, access.tree);
}

/** What a profile is built from: the enterprise's record (a row, or a bulk read's parsed texts). */
export type ProfileRecord = Pick<
  EnterpriseRow,
  'creditCode' | 'name' | 'org' | 'industry' | 'founded' | 'years' | 'events' | 'hteInnovationScore' | 'deemedTaxation' | 'westernDevelopmentEncouraged' | 'icOrMachineToolList' | 'synthetic'
>;
export type ProfileCertification = Pick<CertificationRow, 'creditCode' | 'type' | 'validFrom' | 'validTo' | 'revokedOn'>;

/**
 * An enterprise's profile (contracts §3 with the extensions of issue 12) from its registry record:
 * certifications (every one, with its revocation date if revoked: a rule asks whether one held on
 * some day), events, yearly figures (with 净资产 derived where assets and liabilities are both
 * known), the experts' innovation score and the declarations. Money is
 * exact decimal strings in yuan (two decimals), counts integers. Whatever the registry does not
 * know is absent — an empty year, an unset flag, an unknown founding date — never zero or false,
 * so that a rule needing it answers needs_info.
 */
export function profileOf(row: ProfileRecord, certifications: readonly ProfileCertification[]): EnterpriseProfile {
  // Built with plain loops: a screening run builds a million of these.
  const years: EnterpriseProfile['years'] = {};
  const yearKeys = Object.keys(row.years).sort();
  for (const year of yearKeys) {
    const record = canonicalFinancialYear(row.years[year]);
    let known = false;
    for (const _field in record) {
      known = true;
      break;
    }
    if (known) years[year] = withNetAssets(record);
  }
  const flags: EnterpriseProfile['flags'] = {};
  if (row.deemedTaxation !== null) flags.deemed_taxation = row.deemedTaxation;
  if (row.westernDevelopmentEncouraged !== null) flags.western_development_encouraged = row.westernDevelopmentEncouraged;
  if (row.icOrMachineToolList !== null) flags.ic_or_machine_tool_list = row.icOrMachineToolList;
  const held: EnterpriseProfile['certifications'] = [];
  for (const cert of certifications) {
    if (cert.creditCode !== row.creditCode) continue;
    const type = cert.type as EnterpriseProfile['certifications'][number]['type'];
    held.push(cert.revokedOn ? { type, from: cert.validFrom, to: cert.validTo, revoked_on: cert.revokedOn } : { type, from: cert.validFrom, to: cert.validTo });
  }
  if (held.length > 1) held.sort((a, b) => a.from.localeCompare(b.from) || a.type.localeCompare(b.type));
  return {
    credit_code: row.creditCode,
    name: row.name,
    org: row.org,
    ...(row.industry ? { industry: row.industry } : {}),
    ...(row.founded ? { founded: row.founded } : {}),
    certifications: held,
    events: row.events === null || row.events === undefined || row.events.length === 0 ? [] : sortedEvents(row.events),
    years,
    ...(row.hteInnovationScore !== null ? { hte_innovation_score: row.hteInnovationScore } : {}),
    flags,
    synthetic: row.synthetic,
  };
}

/** A year's figures with 净资产 (total assets − total liabilities, exact) when both are known: what high-tech recognition's growth reads. */
function withNetAssets(record: FinancialYear): EnterpriseProfile['years'][string] {
  if (record.total_assets === undefined || record.total_liabilities === undefined) return record;
  // The record is this profile's own (canonicalFinancialYear made it): 净资产 is added to it, last, as a spread would.
  const withNet: EnterpriseProfile['years'][string] = record;
  withNet.net_assets = differenceOfYuan(record.total_assets, record.total_liabilities);
  return withNet;
}

/** How many enterprises each area holds itself (its org), within the reader's scope: a screening run's shards. */
export async function countProfilesByArea(db: DatabaseOrTransaction, access: ProfileAccess, orgs: readonly string[]): Promise<{ org: string; count: number }[]> {
  return countEnterprisesByOrg(db, scopeOf(access), orgs);
}

/** a − b of two canonical yuan texts, exact: integer cents when both are safely small, decimal.js otherwise. */
function differenceOfYuan(a: string, b: string): string {
  // A screening run takes this three times an enterprise: cents read and printed by hand, no regex.
  const aCents = safeCentsOf(a);
  const bCents = safeCentsOf(b);
  if (aCents === undefined || bCents === undefined) return new Decimal(a).minus(b).toFixed(2);
  return yuanOfCents(aCents - bCents);
}

/**
 * The cents of a canonical yuan text (`-?digits.dd`, as canonicalFinancialYear leaves it) when
 * they are a safe integer — at most 13 digits of yuan —, else undefined.
 */
function safeCentsOf(text: string): number | undefined {
  const point = text.length - 3;
  const negative = text.charCodeAt(0) === 45;
  if (point < (negative ? 2 : 1) || point - (negative ? 1 : 0) > 13 || text.charCodeAt(point) !== 46) return undefined;
  const yuan = Number(text.slice(negative ? 1 : 0, point));
  const fen = Number(text.slice(point + 1));
  const cents = yuan * 100 + fen;
  return negative ? -cents : cents;
}

/** One enterprise's profile, within the reader's scope (outside it, the enterprise does not exist: 404). */
export async function buildEnterpriseProfile(db: DatabaseOrTransaction, creditCode: string, access: ProfileAccess): Promise<EnterpriseProfile> {
  const scope = scopeOf(access);
  const row = await findEnterpriseRow(db, scope, creditCode.trim().toUpperCase());
  if (!row) throw notFound('企业', 'Enterprise', creditCode);
  return profileOf(row, await findCertificationsOf(db, scope, [row.creditCode]));
}

export interface ProfileStreamOptions {
  access: ProfileAccess;
  /** An area of the tree: its enterprises and those of every area below it. */
  org?: string | undefined;
  /** Start after this credit code (resume a stream). */
  after?: string | undefined;
  /** Profiles per page (default 1,000; two queries a page). */
  pageSize?: number | undefined;
}

/** One page of profiles in credit-code order, and the cursor of the next (null: the last page). */
export async function findEnterpriseProfilePage(db: DatabaseOrTransaction, options: ProfileStreamOptions): Promise<{ profiles: EnterpriseProfile[]; next_after: string | null }> {
  const page = await findEnterpriseProfileRecords(db, options);
  return { profiles: page.records.map((record) => record.profile), next_after: page.next_after };
}

/**
 * The same page with each profile's record digest: the SHA-256 of the enterprise's stored record
 * as read (its columns, the json texts and its certificates), computed by the database. Equal
 * digests, equal data: a screening run compares them between runs to tell a data change from a
 * rule change.
 */
export async function findEnterpriseProfileRecords(db: DatabaseOrTransaction, options: ProfileStreamOptions & { exactOrgs?: readonly string[] | undefined }): Promise<{ records: { profile: EnterpriseProfile; digest: string }[]; next_after: string | null }> {
  const page = await findEnterpriseRecordPage(db, options);
  return { records: page.rows.map(profileRecordOf), next_after: page.next_after };
}

/**
 * One page of enterprises' stored records as texts, in credit-code order: one query a page,
 * certificates folded in, the digest computed by the database. What a screening run reads; it
 * builds the profiles (`profileRecordOf`) wherever it evaluates them, possibly another thread.
 */
export async function findEnterpriseRecordPage(db: DatabaseOrTransaction, options: ProfileStreamOptions & { exactOrgs?: readonly string[] | undefined }): Promise<{ rows: EnterpriseRecordText[]; next_after: string | null }> {
  const scope = scopeOf(options.access);
  const limit = Math.max(1, Math.min(options.pageSize ?? 1000, 10_000));
  const orgs = options.exactOrgs ?? (options.org === undefined ? undefined : options.access.tree.subtreeOf(options.org).map((area) => area.code));
  const rows = await findEnterpriseRecordTexts(db, scope, { orgs, after: options.after, limit });
  return { rows, next_after: rows.length === limit ? rows.at(-1)!.credit_code : null };
}

/** An enterprise's profile and digest from its record texts: the json parsed once, money canonical without decimal.js when it already is. */
export function profileRecordOf(row: EnterpriseRecordText): { profile: EnterpriseProfile; digest: string } {
  return { profile: profileOf(recordOf(row), certificationsOf(row)), digest: row.digest };
}

function recordOf(row: EnterpriseRecordText): ProfileRecord {
  return {
    creditCode: row.credit_code,
    name: row.name,
    org: row.org,
    industry: row.industry,
    founded: row.founded,
    years: JSON.parse(row.years) as ProfileRecord['years'],
    events: JSON.parse(row.events) as ProfileRecord['events'],
    hteInnovationScore: row.hte_innovation_score,
    deemedTaxation: row.deemed_taxation,
    westernDevelopmentEncouraged: row.western_development_encouraged,
    icOrMachineToolList: row.ic_or_machine_tool_list,
    synthetic: row.synthetic,
  };
}

function certificationsOf(row: EnterpriseRecordText): ProfileCertification[] {
  if (row.certifications === null) return [];
  return row.certifications.split(';').map((text) => {
    const [type = '', validFrom = '', validTo = '', revokedOn = ''] = text.split(',');
    return { creditCode: row.credit_code, type, validFrom, validTo, revokedOn: revokedOn === '' ? null : revokedOn };
  });
}

/**
 * Every profile within the reader's scope (and `org`'s subtree), page by page in credit-code
 * order: what a screening run iterates over without holding the register in memory.
 */
export async function* streamEnterpriseProfiles(db: DatabaseOrTransaction, options: ProfileStreamOptions): AsyncGenerator<EnterpriseProfile[], void, undefined> {
  let after = options.after;
  for (;;) {
    const page = await findEnterpriseProfilePage(db, { ...options, after });
    if (page.profiles.length > 0) yield page.profiles;
    if (page.next_after === null) return;
    after = page.next_after;
  }
}
