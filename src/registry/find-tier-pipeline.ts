import type { DatabaseOrTransaction } from '../db/index.ts';
import { currentYear, today } from '../shared/index.ts';
import type { TierPipeline } from './registry-contract.ts';
import { yuanText } from './registry-money.ts';
import { areaName } from './registry-presenters.ts';
import { profileOf } from './build-enterprise-profile.ts';
import type { EnterpriseProfile } from './registry-contract.ts';
import { findCertificationsOf, findPipelinePrefilterRows, findTierMoves } from './registry-repository.ts';
import { registryScopeOf, type RegistryCaller } from './registry-scope.ts';

/** How many years the pipeline shows when not told: the current one and the six before. */
const defaultYears = 7;
/** How many candidates the list shows (the closest first). */
const candidateLimit = 50;

/**
 * Decides which pre-filtered firms are close to high-tech recognition: the engine running the
 * pack's rule (national.hte-recognition), injected by the caller (the registry does not import the
 * engine). Ratios are exact decimal strings.
 */
export type HteCandidateDecider = (profiles: readonly EnterpriseProfile[]) => {
  criteria: string[];
  decisions: { credit_code: string; year: number; close: boolean; rd_ratio: string | null; high_tech_share: string | null; advice: string[] }[];
};

/**
 * The tier pipeline 科技型中小企业 → 高新技术企业 → 创新型示范企业 (梯次培育, clause (七)) within the
 * caller's scope: how many firms moved up each year — their first certificate of the higher tier
 * dated that year, after a certificate of the lower tier — and which tech-based SMEs, valid today
 * (Beijing), are close to high-tech recognition: SQL only pre-filters (a valid SME entry, no valid
 * high-tech certificate), the pack's rule decides through `decide`, and its near-miss advice comes
 * with each candidate. Years default to the last seven up to the current year in Beijing.
 */
export async function findTierPipeline(db: DatabaseOrTransaction, caller: RegistryCaller, query: { from?: number | undefined; to?: number | undefined }, decide: HteCandidateDecider): Promise<TierPipeline> {
  const scope = registryScopeOf(caller.actor, caller.permissions, caller.tree);
  const to = query.to ?? currentYear(caller.now);
  const from = Math.min(query.from ?? to - (defaultYears - 1), to);
  const [moves, rows] = await Promise.all([findTierMoves(db, scope), findPipelinePrefilterRows(db, scope, today(caller.now))]);
  const certifications = await findCertificationsOf(db, scope, rows.map((row) => row.creditCode));
  const byCode = new Map(rows.map((row) => [row.creditCode, row]));
  const profiles = rows.map((row) => profileOf(row, certifications));
  const decided = decide(profiles);
  const ratio = (text: string | null) => (text === null ? -1 : Number(text));
  const candidates = decided.decisions
    .filter((decision) => decision.close && decision.rd_ratio !== null && decision.high_tech_share !== null)
    .sort((a, b) => ratio(b.rd_ratio) - ratio(a.rd_ratio) || a.credit_code.localeCompare(b.credit_code))
    .slice(0, candidateLimit);
  const count = (step: string, year: number) => moves.find((move) => move.step === step && move.year === year)?.count ?? 0;
  return {
    from,
    to,
    years: Array.from({ length: to - from + 1 }, (_, index) => from + index).map((year) => ({
      year,
      tech_sme_to_national_hte: count('tech_sme_to_national_hte', year),
      national_hte_to_innovative_demo: count('national_hte_to_innovative_demo', year),
    })),
    candidate_criteria: decided.criteria,
    candidates: candidates.flatMap((decision) => {
      const row = byCode.get(decision.credit_code);
      const revenue = row ? profiles.find((profile) => profile.credit_code === decision.credit_code)?.years[String(decision.year)]?.revenue : undefined;
      if (!row || revenue === undefined) return [];
      return [
        {
          credit_code: row.creditCode,
          name: row.name,
          org: row.org,
          org_name: areaName(caller.tree, row.org),
          year: String(decision.year),
          revenue: yuanText(String(revenue)),
          // Ratios are shown as percentages, not added up: a float is exact enough for that.
          rd_ratio: Number(decision.rd_ratio),
          high_tech_share: Number(decision.high_tech_share),
          advice: decision.advice,
        },
      ];
    }),
  };
}
