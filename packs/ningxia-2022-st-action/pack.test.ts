/**
 * The Ningxia 2022 pack checked against the official text it encodes (source.zh.txt), parsed here
 * independently of clauses.yaml: every clause verbatim, every responsibility list reproduced from
 * the units' short names in order, lead unit first, and the quantified targets and incentives.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBundledAreas } from '../../src/areas/load-areas.ts';
import { loadPack } from '../../src/policy/load-pack.ts';
import { formatPackProblem } from '../../src/policy/pack-problem.ts';
import type { PolicyPack } from '../../src/policy/pack-schema.ts';

const packDir = new URL('.', import.meta.url).pathname;
const source = readFileSync(new URL('./source.zh.txt', import.meta.url), 'utf8');
const areas = loadBundledAreas();

const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十', '二十一', '二十二'];

/** The clauses as the official text prints them: "(七)壮大企业创新主体。…(责任单位:…)". */
function clausesOfSource(): Map<number, { title: string; body: string; responsibility?: string }> {
  const document = source.slice(source.lastIndexOf('关于实施科技强区行动 提升区域创新能力的若干意见'));
  const result = new Map<number, { title: string; body: string; responsibility?: string }>();
  numerals.forEach((numeral, index) => {
    const start = document.indexOf(`(${numeral})`);
    const next = numerals[index + 1];
    const end = next ? document.indexOf(`(${next})`) : document.indexOf('本意见执行期限');
    const paragraph = document.slice(start + numeral.length + 2, end).trim().replace(/\n+(三、保障措施|二、重点任务)\s*$/, '').trim();
    const listMatch = /\(责任单位:(.+)\)$/.exec(paragraph);
    const withoutList = listMatch ? paragraph.slice(0, listMatch.index) : paragraph;
    const titleEnd = withoutList.search(/[。——]/);
    result.set(index + 1, { title: withoutList.slice(0, titleEnd), body: withoutList, responsibility: listMatch?.[1] });
  });
  return result;
}

describe('the Ningxia 2022 pack', () => {
  let pack: PolicyPack;
  const official = clausesOfSource();

  beforeAll(() => {
    const result = loadPack(packDir, { areaCodes: new Set(areas.map((area) => area.code)) });
    if (!result.ok) throw new Error(`pack lint failed:\n${result.problems.map(formatPackProblem).join('\n')}`);
    pack = result.pack;
  });

  it('carries the document metadata', () => {
    expect(pack.metadata).toMatchObject({
      id: 'ningxia-2022-st-action',
      doc_number: '宁党发〔2022〕4号',
      issued: '2022-02-27',
      published: '2022-03-03',
      expires: '2025-12-31',
      region: '640000',
    });
  });

  it('has all 22 clauses in their 3 sections', () => {
    expect(pack.clauses.map((clause) => clause.number)).toEqual(numerals.map((_, index) => index + 1));
    const sectionOf = (number: number) => pack.clauses.find((clause) => clause.number === number)?.section;
    expect([1, 2, 3].map(sectionOf)).toEqual([1, 1, 1]);
    expect([4, 19].map(sectionOf)).toEqual([2, 2]);
    expect([20, 21, 22].map(sectionOf)).toEqual([3, 3, 3]);
    expect(pack.sections.map((section) => section.title)).toEqual(['总体要求', '重点任务', '保障措施']);
  });

  it('copies every clause title and text verbatim from the official text', () => {
    for (const clause of pack.clauses) {
      const printed = official.get(clause.number);
      expect(clause.title, `clause ${clause.number}`).toBe(printed?.title);
      expect(printed?.body, `clause ${clause.number}`).toContain(clause.text);
      expect(clause.text.length, `clause ${clause.number} text is whole`).toBeGreaterThan((printed?.body.length ?? 0) - clause.title.length - 3);
    }
  });

  it('reproduces the responsibility list of every clause from (四) to (二十二) exactly, lead unit first', () => {
    const unit = (id: string) => pack.units.find((candidate) => candidate.id === id);
    for (let number = 4; number <= 22; number += 1) {
      const printed = official.get(number)?.responsibility;
      const task = pack.tasks.find((candidate) => candidate.clause === number);
      expect(task, `task of clause ${number}`).toBeDefined();
      if (!task) continue;
      const names = [...task.lead_units, ...task.co_units].map((id) => unit(id)?.short_name ?? `?${id}`);
      // The source separates the trailing 各市、县〔区〕 with a comma, every other unit with 、.
      const rebuilt = names.reduce((text, name, index) => (index === 0 ? `自治区${name}` : `${text}${name === '各市、县〔区〕' ? ',' : '、'}${name}`), '');
      expect(rebuilt, `clause ${number}`).toBe(printed);
      expect(pack.clauses.find((clause) => clause.number === number)?.responsibility_text, `clause ${number}`).toBe(printed);
    }
  });

  it('gives every unit its full name and one short name, used consistently', () => {
    const shortNames = pack.units.map((unit) => unit.short_name);
    expect(new Set(shortNames).size).toBe(shortNames.length);
    expect(pack.units.find((unit) => unit.short_name === '发展改革委')?.name).toBe('宁夏回族自治区发展和改革委员会');
    expect(pack.units.find((unit) => unit.short_name === '财政厅')?.name).toBe('宁夏回族自治区财政厅');
  });

  it('expands 各市、县〔区〕 to the 5 city and 22 county governments', () => {
    const group = pack.units.find((unit) => unit.id === 'all-area-governments');
    expect(group?.short_name).toBe('各市、县〔区〕');
    const members = (group?.members ?? []).map((id) => pack.units.find((unit) => unit.id === id)?.area);
    const expected = areas.filter((area) => area.level === 'prefecture' || area.level === 'county').map((area) => area.code);
    expect([...members].sort()).toEqual([...expected].sort());
    expect(expected).toHaveLength(27);
  });

  it('splits every task into measures that quote their clause and name their units', () => {
    for (const task of pack.tasks) {
      const clauseText = pack.clauses.find((clause) => clause.number === task.clause)?.text ?? '';
      expect(task.measures.length, task.id).toBeGreaterThan(0);
      for (const measure of task.measures) {
        expect(measure.lead_units.length, measure.id).toBeGreaterThan(0);
        // A measure may quote several sentences of its clause; each must be verbatim.
        for (const sentence of measure.text.split('。').filter((part) => part.trim() !== '')) {
          expect(clauseText, `${measure.id} quotes its clause`).toContain(sentence.trim());
        }
      }
    }
    const labs = pack.tasks.find((task) => task.clause === 14);
    expect(labs?.measures.length).toBeGreaterThanOrEqual(5);
  });

  it('encodes every quantified target with the contract indicator codes', () => {
    const summary = pack.targets.map((target) => `${target.indicator} ${target.comparator} ${target.value ?? `benchmark ${target.benchmark_org}`} (${target.year}, clause ${target.clause})`).sort();
    expect(summary).toEqual([
      'above_scale_rd_firm_share >= 45 (2025, clause 7)',
      'above_scale_rd_revenue_ratio >= 1.2 (2025, clause 7)',
      'hv_patents_per_10k >= 2 (2025, clause 3)',
      'innovation_carriers >= 300 (2025, clause 3)',
      'innovative_demo_enterprises about 100 (2025, clause 3)',
      'national_hitech_zones >= 3 (2025, clause 3)',
      'national_hte >= 500 (2025, clause 3)',
      'new_rd_institutions >= 50 (2025, clause 3)',
      'rd_intensity >= benchmark 100000 (2025, clause 3)',
      'regional_hitech_zones >= 10 (2025, clause 3)',
      'science_literacy_rate >= 11.5 (2025, clause 19)',
      'st_platforms >= 700 (2025, clause 3)',
      'tech_contract_gdp_share >= 0.79 (2025, clause 3)',
      'tech_smes > 2000 (2025, clause 3)',
      'transfer_bases >= 30 (2025, clause 6)',
    ]);
  });

  it('defines the contract indicator codes, derived ones by formula', () => {
    const codes = pack.indicators.map((indicator) => indicator.code);
    for (const code of ['innovative_demo_enterprises', 'national_hte', 'tech_smes', 'national_hitech_zones', 'regional_hitech_zones', 'st_platforms', 'innovation_carriers', 'new_rd_institutions', 'rd_expenditure', 'gdp', 'rd_intensity', 'tech_contract_turnover', 'tech_contract_gdp_share', 'hv_invention_patents', 'population', 'hv_patents_per_10k', 'above_scale_rd_firm_share', 'above_scale_rd_revenue_ratio', 'transfer_bases', 'science_literacy_rate']) {
      expect(codes, code).toContain(code);
    }
    const formula = (code: string) => pack.indicators.find((indicator) => indicator.code === code)?.formula?.replace(/\s+/g, ' ');
    expect(formula('rd_intensity')).toBe('rd_expenditure / gdp * 100.0');
    expect(formula('tech_contract_gdp_share')).toBe('tech_contract_turnover / gdp * 100.0');
    expect(formula('hv_patents_per_10k')).toBe('hv_invention_patents / population');
  });

  it('records the quantified incentives of clause (七) with their parameters', () => {
    const incentive = (id: string) => pack.incentives.find((candidate) => candidate.id === id);
    const parameter = (id: string, name: string) => incentive(id)?.parameters.find((candidate) => candidate.name === name)?.value;
    const aboveScale = incentive('ningxia-2022.first-above-scale-rd-award');
    expect(aboveScale).toMatchObject({ clause: 7, frequency: 'once', beneficiary: 'enterprise' });
    expect(parameter('ningxia-2022.first-above-scale-rd-award', 'rate')).toBe(0.2);
    expect(parameter('ningxia-2022.first-above-scale-rd-award', 'cap')).toBe(2_000_000);
    expect(incentive('ningxia-2022.innovative-demo-enterprise-award')).toMatchObject({ clause: 7, frequency: 'once' });
    expect(parameter('ningxia-2022.innovative-demo-enterprise-award', 'cap')).toBe(5_000_000);
    for (const item of pack.incentives) {
      const clauseText = pack.clauses.find((clause) => clause.number === item.clause)?.text ?? '';
      expect(clauseText, `${item.id} quotes its clause`).toContain(item.text);
    }
  });
});
