import { buildXlsxTable, formatBeijingTime, type XlsxSheet } from '../shared/index.ts';
import type { FiscalOverview, WhatIfResult } from './fiscal-contract.ts';

const statusWords: Record<string, string> = { eligible: '符合', ineligible: '不符合', needs_info: '待补充信息' };

/** The overview as a workbook: one row per incentive × area, Chinese headers, money in yuan. */
export async function presentOverviewWorkbook(overview: FiscalOverview, now: Date): Promise<{ fileName: string; content: Buffer }> {
  const scope = overview.org_name ?? '全部地区';
  const sheet: XlsxSheet = {
    name: '财政测算',
    title: `财政测算：${overview.year}年已拨付、已批准与${overview.forecast_year}年预测（${scope}）`,
    columns: [
      { header: '政策', key: 'incentive' },
      { header: '市', key: 'city' },
      { header: '县（区）', key: 'county' },
      { header: '区划代码', key: 'area_code' },
      { header: `${overview.year}年已拨付（元）`, key: 'paid', format: 'number' },
      { header: `${overview.year}年已批准（元）`, key: 'approved', format: 'number' },
      { header: `${overview.forecast_year}年预测（元）`, key: 'forecast', format: 'number' },
      { header: '预测符合条件企业数', key: 'eligible', format: 'integer' },
    ],
    rows: [
      ...overview.rows.map((row) => ({ incentive: row.incentive_title, city: row.city_name, county: row.county_name, area_code: row.area_code, paid: Number(row.paid), approved: Number(row.approved), forecast: Number(row.forecast), eligible: row.forecast_eligible })),
      { incentive: '合计', city: null, county: null, area_code: null, paid: Number(overview.totals.paid), approved: Number(overview.totals.approved), forecast: Number(overview.totals.forecast), eligible: null },
    ],
    notes: [
      `预测方法：以登记库最新数据（${overview.year}年及以前的财务数据、认定和已发生事件），按${overview.forecast_year}年施行的参数，逐户计算符合条件企业的奖补金额之和；尚未发生的事件（如首次纳入规上）和仅有上限的金额不计入预测。`,
      overview.ledger_connected ? '已拨付、已批准金额来自奖补台账。' : '奖补台账尚未接入：已拨付、已批准金额暂为 0。',
      `导出时间：${formatBeijingTime(now)}`,
    ],
  };
  return { fileName: `财政测算-${overview.year}.xlsx`, content: await buildXlsxTable(sheet) };
}

/** A what-if (or a saved scenario) as a workbook: cost by incentive and area before and after, then the firms that change. */
export async function presentWhatIfWorkbook(result: WhatIfResult, now: Date, scenarioName?: string): Promise<{ fileName: string; content: Buffer }> {
  const overrides = result.overridden.map((item) => `${item.incentive_title}·${item.label}：${item.in_force ?? '—'} → ${item.what_if}`).join('；') || '无';
  const rows: XlsxSheet['rows'] = [
    ...result.by_incentive.map((line) => ({ kind: '按政策', name: line.incentive_title, area_code: null, baseline: Number(line.baseline), what_if: Number(line.what_if), difference: Number(line.difference), firm: null, before_status: null, after_status: null })),
    ...result.by_area.map((line) => ({ kind: '按地区', name: `${line.city_name}${line.county_name === line.city_name ? '' : ` ${line.county_name}`}`, area_code: line.area_code, baseline: Number(line.baseline), what_if: Number(line.what_if), difference: Number(line.difference), firm: null, before_status: null, after_status: null })),
    { kind: '合计', name: null, area_code: null, baseline: Number(result.baseline_total), what_if: Number(result.what_if_total), difference: Number(result.difference_total), firm: null, before_status: null, after_status: null },
    ...result.changes.map((change) => ({
      kind: '变化企业',
      name: change.incentive_title,
      area_code: change.area_code,
      baseline: change.before_amount === null ? null : Number(change.before_amount),
      what_if: change.after_amount === null ? null : Number(change.after_amount),
      difference: Number(change.after_amount ?? 0) - Number(change.before_amount ?? 0),
      firm: `${change.name}${change.synthetic ? '（合成数据）' : ''}（${change.credit_code}，${change.city_name} ${change.county_name}）`,
      before_status: statusWords[change.before_status] ?? change.before_status,
      after_status: statusWords[change.after_status] ?? change.after_status,
    })),
  ];
  const sheet: XlsxSheet = {
    name: '模拟测算',
    title: `${scenarioName ? `测算方案“${scenarioName}”` : '模拟测算'}：${result.year}年（${result.org_name ?? '全部地区'}）`,
    columns: [
      { header: '类别', key: 'kind' },
      { header: '政策 / 地区', key: 'name' },
      { header: '区划代码', key: 'area_code' },
      { header: '现行参数（元）', key: 'baseline', format: 'number' },
      { header: '调整后（元）', key: 'what_if', format: 'number' },
      { header: '差额（元）', key: 'difference', format: 'number' },
      { header: '企业', key: 'firm' },
      { header: '调整前状态', key: 'before_status' },
      { header: '调整后状态', key: 'after_status' },
    ],
    rows,
    notes: [
      `调整的参数：${overrides}`,
      `测算企业 ${result.enterprises} 家；状态或金额变化 ${result.changes_total} 项${result.changes_total > result.changes.length ? `（表中列出前 ${result.changes.length} 项）` : ''}。`,
      `导出时间：${formatBeijingTime(now)}`,
    ],
  };
  return { fileName: `${scenarioName ? `测算方案-${scenarioName}` : `模拟测算-${result.year}`}.xlsx`, content: await buildXlsxTable(sheet) };
}
