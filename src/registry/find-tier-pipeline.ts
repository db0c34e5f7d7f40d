import type { DatabaseOrTransaction } from '../db/index.ts';
import { currentYear, today } from '../shared/index.ts';
import type { TierPipeline } from './registry-contract.ts';
import { yuanText } from './registry-money.ts';
import { areaName } from './registry-presenters.ts';
import { findPipelineCandidates, findTierMoves } from './registry-repository.ts';
import { registryScopeOf, type RegistryCaller } from './registry-scope.ts';

/** How many years the pipeline shows when not told: the current one and the six before. */
const defaultYears = 7;

/**
 * The tier pipeline 科技型中小企业 → 高新技术企业 → 创新型示范企业 (梯次培育, clause (七)) within the
 * caller's scope: how many firms moved up each year — their first certificate of the higher tier
 * dated that year, after a certificate of the lower tier — and which tech-based SMEs, valid today
 * (Beijing), are close to high-tech recognition. Years default to the last seven up to the
 * current year in Beijing.
 */
export async function findTierPipeline(db: DatabaseOrTransaction, caller: RegistryCaller, query: { from?: number | undefined; to?: number | undefined }): Promise<TierPipeline> {
  const scope = registryScopeOf(caller.actor, caller.permissions, caller.tree);
  const to = query.to ?? currentYear(caller.now);
  const from = Math.min(query.from ?? to - (defaultYears - 1), to);
  const [moves, candidates] = await Promise.all([findTierMoves(db, scope), findPipelineCandidates(db, scope, today(caller.now))]);
  const count = (step: string, year: number) => moves.find((move) => move.step === step && move.year === year)?.count ?? 0;
  return {
    from,
    to,
    years: Array.from({ length: to - from + 1 }, (_, index) => from + index).map((year) => ({
      year,
      tech_sme_to_national_hte: count('tech_sme_to_national_hte', year),
      national_hte_to_innovative_demo: count('national_hte_to_innovative_demo', year),
    })),
    candidates: candidates.map((row) => ({
      credit_code: row.credit_code,
      name: row.name,
      org: row.org,
      org_name: areaName(caller.tree, row.org),
      year: row.year,
      revenue: yuanText(row.revenue),
      // Ratios are shown as percentages, not added up: a float is exact enough for that.
      rd_ratio: Number(row.rd_ratio),
      high_tech_share: Number(row.high_tech_share),
    })),
  };
}
