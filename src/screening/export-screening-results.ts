import type { DatabaseOrTransaction } from '../db/index.ts';
import { formatBeijingTime, type XlsxSheet } from '../shared/index.ts';
import { areasWithin, type ScreeningCaller } from './screening-caller.ts';
import type { ScreeningResultQuery } from './screening-contract.ts';
import { readableRun } from './get-screening-run.ts';
import { areaNameOf, presentResult } from './present-screening.ts';
import { runRulesOf } from './screening-packs.ts';
import { findResultRows } from './screening-repository.ts';

/** Exports stop at this many rows; a larger one is a job for the CLI (--json) or the database. */
export const screeningExportLimit = 100_000;

const statusLabels = { eligible: '符合', ineligible: '不符合', needs_info: '需补充信息' } as const;

/** The results under the same filters as the table, as a workbook with Chinese headers. */
export async function exportScreeningResults(db: DatabaseOrTransaction, caller: ScreeningCaller, runId: string, query: Omit<ScreeningResultQuery, 'limit' | 'offset'>, now: Date): Promise<{ fileName: string; sheet: XlsxSheet }> {
  const run = await readableRun(db, caller, runId);
  const filter = { incentive: query.incentive, status: query.status, areas: areasWithin(caller, query.org), q: query.q };
  const rows = [];
  for (let offset = 0; offset < screeningExportLimit; offset += 5000) {
    const page = await findResultRows(db, run.id, runRulesOf(run), filter, { limit: Math.min(5000, screeningExportLimit - offset), offset });
    rows.push(...page.rows);
    if (page.rows.length < 5000) break;
  }
  const conditions = [
    query.incentive ? `政策：${query.incentive}` : undefined,
    query.status ? `状态：${statusLabels[query.status]}` : undefined,
    query.org ? `地区：${areaNameOf(caller.tree, query.org)}（${query.org}）` : undefined,
    query.q ? `企业：${query.q}` : undefined,
  ].filter((text): text is string => text !== undefined);
  const synthetic = rows.some((row) => row.synthetic);
  return {
    fileName: `screening-${run.year}-${run.id.slice(0, 8)}.xlsx`,
    sheet: {
      name: '免申即享筛查',
      title: `${run.year}年度免申即享筛查结果（${run.packs.map((pack) => `${pack.title} ${pack.version}`).join('；')}）`,
      columns: [
        { header: '企业名称', key: 'name', width: 36 },
        { header: '统一社会信用代码', key: 'credit_code', width: 22 },
        { header: '地区', key: 'area' },
        { header: '政策', key: 'incentive', width: 40 },
        { header: '状态', key: 'status' },
        { header: '金额', key: 'amount', format: 'number' },
        { header: '上限', key: 'cap', format: 'number' },
        { header: '缺少的数据', key: 'missing', width: 40 },
        ...(synthetic ? [{ header: '数据性质', key: 'synthetic' }] : []),
      ],
      rows: rows.map((row) => {
        const result = presentResult(row, run, caller.tree);
        return {
          name: result.name,
          credit_code: result.credit_code,
          area: result.area_name,
          incentive: result.incentive_title,
          status: statusLabels[result.status],
          amount: result.amount === null ? null : Number(result.amount),
          cap: result.cap === null ? null : Number(result.cap),
          missing: result.missing_labels.join('、'),
          synthetic: result.synthetic ? '合成数据' : '',
        };
      }),
      notes: [
        `筛查编号：${run.id}；启动时间（北京时间）：${formatBeijingTime(run.started_at)}；启动人：${run.started_by ?? '系统'}`,
        `导出条件：${conditions.length > 0 ? conditions.join('，') : '全部'}；导出时间（北京时间）：${formatBeijingTime(now)}`,
        ...(rows.length >= screeningExportLimit ? [`仅导出前 ${screeningExportLimit} 行：请缩小筛选条件`] : []),
      ],
    },
  };
}
