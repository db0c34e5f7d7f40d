import { readFileSync } from 'node:fs';
import { calculate, compilePack, formatCaseFailure, parseCalcProfile, runRuleCases } from '../../incentives/index.ts';
import { bundledPacksDir, formatPackProblem, loadPacks } from '../../policy/index.ts';
import { today } from '../../shared/index.ts';
import { exitCodes, type Output } from '../output.ts';

/** `kechuang pack test DIR [--json]`: runs tests/*.yaml; exit 1 naming each failing case (expected vs actual). */
export function packTest(dir: string, options: { json?: boolean }, output: Output): number {
  const run = runRuleCases(dir);
  if (!run.ok) {
    if (options.json) output.out(JSON.stringify({ ok: false, problems: run.problems }, null, 2));
    else for (const problem of run.problems) output.err(formatPackProblem(problem));
    return exitCodes.badInput;
  }
  if (options.json) {
    output.out(JSON.stringify({ ok: run.failed === 0, pack: run.pack, passed: run.passed, failed: run.failed, cases: run.cases }, null, 2));
  } else {
    for (const result of run.cases) if (!result.ok) output.err(formatCaseFailure(result));
    output.err(`${run.pack}: ${run.passed} passed, ${run.failed} failed (${run.cases.length} rule cases)`);
  }
  return run.failed === 0 ? exitCodes.ok : exitCodes.badInput;
}

const profileKindLabels = { platform: '创新平台', project: '科研项目', area: '地区', institution: '高校院所' } as const;

/** `kechuang calc --year YEAR PROFILE.json [--json]`: every rule in force for an enterprise profile (contracts §3, §6), or another beneficiary's (its `kind`). */
export function calc(file: string, options: { year: string; date?: string; json?: boolean }, env: { packsDir?: string }, output: Output, now = new Date()): number {
  const year = Number(options.year);
  if (!/^\d{4}$/.test(options.year) || year < 2000 || year > 2100) {
    output.err(`--year: expected a year from 2000 to 2100, got "${options.year}"`);
    return exitCodes.usage;
  }
  if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) {
    output.err(`--date: expected an ISO date (YYYY-MM-DD), got "${options.date}"`);
    return exitCodes.usage;
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    output.err(`${file}: cannot read the profile: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return exitCodes.badInput;
  }
  const parsed = parseCalcProfile(data);
  if (!parsed.ok) {
    for (const issue of parsed.issues) output.err(`${file}: ${issue}`);
    return exitCodes.badInput;
  }
  const packs = loadPacks(env.packsDir ?? bundledPacksDir);
  if (!packs.ok) {
    for (const problem of packs.problems) output.err(formatPackProblem(problem));
    return exitCodes.badInput;
  }
  const result = calculate(packs.packs.map((pack) => compilePack(pack)), parsed.profile, { year, date: options.date, calculatedOn: today(now), kind: parsed.kind });
  if (options.json) {
    output.out(JSON.stringify(result, null, 2));
    return exitCodes.ok;
  }
  const heading = parsed.kind === 'enterprise' ? `${parsed.profile.name}（${parsed.profile.credit_code}）` : `${parsed.profile.name ?? profileKindLabels[parsed.kind]}（${profileKindLabels[parsed.kind]}）`;
  output.out(`${heading}${year}年 政策计算结果`);
  const statusText = { eligible: '符合', ineligible: '不符合', needs_info: '缺少信息', not_computable: '不可计算' } as const;
  for (const benefit of result.benefits) {
    const money = benefit.amount_text !== null ? `${benefit.amount_text} 元` : benefit.cap_text !== null ? `不超过 ${benefit.cap_text} 元` : '';
    const extra = benefit.missing.length > 0 ? ` 缺少：${benefit.missing.join('、')}` : '';
    output.out(`${benefit.clause_label} ${benefit.title}：${statusText[benefit.status]} ${money}${extra}`.trimEnd());
    for (const advice of benefit.advice) output.out(`    ${advice.text}`);
  }
  return exitCodes.ok;
}
