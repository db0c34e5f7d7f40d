import type { AreaTree } from '../areas/index.ts';
import { profilePathText } from '../registry/index.ts';
import { formatBeijingTime } from '../shared/index.ts';
import type { ScreeningResult, ScreeningRun } from './screening-contract.ts';
import type { ResultRow, RunRow } from './screening-repository.ts';

/** The incentive's title as the run recorded it (the pack's own words), else its id. */
export function incentiveTitleOf(run: Pick<RunRow, 'packs'>, incentiveId: string): string {
  for (const pack of run.packs) for (const incentive of pack.incentives) if (incentive.id === incentiveId) return incentive.title;
  return incentiveId;
}

export function areaNameOf(tree: AreaTree, code: string): string {
  return tree.find(code)?.name ?? code;
}

export function presentRun(run: RunRow, tree: AreaTree, totals: ScreeningRun['totals'] = []): ScreeningRun {
  return {
    id: run.id,
    year: run.year,
    org: run.org,
    org_name: run.org === null ? null : areaNameOf(tree, run.org),
    packs: run.packs,
    parameters: run.parameters,
    started_by: run.started_by,
    started_at: run.started_at.toISOString(),
    started_at_text: `${formatBeijingTime(run.started_at)}（北京时间）`,
    state: run.state,
    enterprises_total: run.enterprises_total,
    enterprises_done: run.enterprises_done,
    shards_total: run.shards_total,
    shards_done: run.shards_done,
    finished_at: run.finished_at?.toISOString() ?? null,
    error: run.error,
    totals,
  };
}

export function presentResult(row: ResultRow, run: Pick<RunRow, 'packs'>, tree: AreaTree): ScreeningResult {
  return {
    enterprise_id: row.enterprise_id,
    credit_code: row.credit_code,
    name: row.enterprise_name,
    area_code: row.area_code,
    area_name: areaNameOf(tree, row.area_code),
    incentive_id: row.incentive_id,
    incentive_title: incentiveTitleOf(run, row.incentive_id),
    pack_id: row.pack_id,
    status: row.status,
    amount: row.amount,
    cap: row.cap,
    score: row.score,
    missing: row.missing,
    missing_labels: row.missing.map(profilePathText),
    outputs: row.outputs,
    synthetic: row.synthetic,
  };
}
