import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.ts';

const broken = new URL('./fixtures/broken-rules', import.meta.url).pathname;
const ningxia = new URL('../../packs/ningxia-2022-st-action', import.meta.url).pathname;
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('kechuang pack lint on rules', () => {
  it('reports a CEL syntax error, an unknown variable, a type error and an unknown profile field as file:line: message', async () => {
    const result = await runCli('pack', 'lint', broken);
    expect(result.code).toBe(1);
    const file = join(broken, 'incentives.yaml');
    expect(result.stderr).toContain(`${file}:14: incentives[0].rule.amount: CEL syntax error:`);
    expect(result.stderr).toContain(`${file}:30: incentives[1].rule.conditions[0].expr: unknown variable: rd_base`);
    expect(result.stderr).toContain(`${file}:50: incentives[2].rule.conditions[0].expr: type error: no such overload: decimal > string`);
    expect(result.stderr).toContain(`${file}:61: incentives[3].rule.amount: unknown profile field: years.<year>.rd_expence`);
  });
});

describe('kechuang pack test', () => {
  it('passes the Ningxia cases, the original first-above-scale.yaml among them', async () => {
    const result = await runCli('pack', 'test', ningxia, '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { passed: number; failed: number; cases: { file: string; ok: boolean }[] };
    expect(report.failed).toBe(0);
    expect(report.cases.filter((c) => c.file.endsWith('first-above-scale.yaml'))).toHaveLength(6);
  });

  it('exits 1 naming a failing case, its line, expected and actual', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kechuang-cases-'));
    folders.push(dir);
    cpSync(ningxia, dir, { recursive: true });
    const file = join(dir, 'tests', 'first-above-scale.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('      amount: 520000', '      amount: 520000.01'));
    const result = await runCli('pack', 'test', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:3: case "20% of the prior-year R&D expense (2,600,000 → 520,000)" (ningxia-2022.first-above-scale-rd-award) failed: amount expected "520000.01", got "520000.00"`);
    expect(result.stderr).toMatch(/1 failed/);
  });
});

describe('kechuang calc', () => {
  const profile = {
    credit_code: '91640100MA76A0018N',
    name: '某某科技有限公司',
    industry: 'C3989',
    founded: '2015-06-01',
    events: [{ type: 'first_above_scale', year: 2024 }],
    years: { '2023': { revenue: 48000000, rd_expense: 2600000 } },
  };

  it('prints contract §6 with the first above-scale award exact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kechuang-calc-'));
    folders.push(dir);
    writeFileSync(join(dir, 'p.json'), JSON.stringify(profile));
    const result = await runCli('calc', '--year', '2024', join(dir, 'p.json'), '--json');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { year: number; credit_code: string; benefits: { incentive: string; status: string; amount: number | null; cap: number | null; amount_text: string | null }[] };
    expect(output).toMatchObject({ year: 2024, credit_code: '91640100MA76A0018N' });
    expect(output.benefits.find((b) => b.incentive === 'ningxia-2022.first-above-scale-rd-award')).toMatchObject({ status: 'eligible', amount: 520000, amount_text: '520000.00', cap: 2000000 });
    expect(output.benefits.find((b) => b.incentive === 'ningxia-2022.innovative-demo-enterprise-award')).toMatchObject({ status: 'ineligible', amount: null, cap: 5000000 });
  });

  it('exits 1 on bad input naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kechuang-calc-'));
    folders.push(dir);
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ ...profile, years: { '2023': { revenue: -1, rd_expnse: 5 } } }));
    const result = await runCli('calc', '--year', '2024', join(dir, 'p.json'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('years.2023.revenue: must not be negative');
    expect(result.stderr).toContain('years.2023.rd_expnse: unknown field');
  });

  it('computes another beneficiary by its kind: a national key lab in its construction period gets 10,000,000 a year', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kechuang-calc-'));
    folders.push(dir);
    const lab = { kind: 'platform', name: '某全国重点实验室', platform_type: 'national_key_lab', approved_on: '2023-05-10', construction_from: '2023-05-10', construction_to: '2027-12-31' };
    writeFileSync(join(dir, 'lab.json'), JSON.stringify(lab));
    const result = await runCli('calc', '--year', '2024', join(dir, 'lab.json'), '--json');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { benefits: { incentive: string; status: string; amount_text: string | null }[] };
    expect(output.benefits.find((b) => b.incentive === 'ningxia-2022.national-key-lab-support')).toMatchObject({ status: 'eligible', amount_text: '10000000.00' });
    // Only the rules for platforms run: no enterprise benefit is listed for a laboratory.
    expect(output.benefits.some((b) => b.incentive === 'ningxia-2022.first-above-scale-rd-award')).toBe(false);
  });

  it('refuses a misspelt field or an unknown kind of another beneficiary, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kechuang-calc-'));
    folders.push(dir);
    writeFileSync(join(dir, 'lab.json'), JSON.stringify({ kind: 'platform', platform_typ: 'national_key_lab', approved_on: '2023-13-01' }));
    const misspelt = await runCli('calc', '--year', '2024', join(dir, 'lab.json'));
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr).toContain('platform_typ: unknown field');
    expect(misspelt.stderr).toContain('approved_on: expected an ISO date');
    writeFileSync(join(dir, 'ship.json'), JSON.stringify({ kind: 'ship', name: '某船' }));
    const unknownKind = await runCli('calc', '--year', '2024', join(dir, 'ship.json'));
    expect(unknownKind.code).toBe(1);
    expect(unknownKind.stderr).toContain('kind: expected one of enterprise, platform, project, area, institution, got "ship"');
  });
});
