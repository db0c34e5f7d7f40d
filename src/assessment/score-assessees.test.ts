import { describe, expect, it } from 'vitest';
import { area, exampleRecords, unit } from './fixtures/example-records.ts';
import type { AssessmentScore } from './assessment-contract.ts';
import { bundledScheme, readScheme } from './read-scheme.ts';
import { scoreAssessees } from './score-assessees.ts';

/*
 * The hand-made example (fixtures/example-records.ts, every record's computation by hand beside it).
 * Units (targets do not apply: 20 points pro rata over 80, maxima 37.5 / 37.5 / 25):
 *   科技厅     (3 + 1 × 0.5) ÷ 4 × 37.5 = 32.8125 + 2 ÷ 2 × 37.5 = 37.5 + no notice, full 25        = 95.3125 → 95.31, 1st
 *   财政厅     4 ÷ 4 × 37.5 = 37.5 + 3 ÷ 4 × 37.5 = 28.125 + (1 + 1 × 0.5) ÷ 2 × 25 = 18.75       = 84.375  → 84.38, 2nd
 *   发展改革委 37.5 + 37.5 + (1 + 1 × 0.5) ÷ 4 × 25 = 9.375                                     = 84.375  → 84.38, 2nd (tie)
 *   卫生健康委 no milestone due: maxima 60 / 40; 1 ÷ 2 × 60 = 30 + full 40                        = 70.00, 4th
 *   教育厅     nothing due at all                                                               → not scored, no rank
 * Areas (maxima 30 / 30 / 20 / 20):
 *   石嘴山市   all on time, all met, no notice, no target value (20 pro rata): 37.5 + 37.5 + 25  = 100.00, 1st
 *   银川市     (2 + 2 × 0.5) ÷ 4 × 30 = 22.5 + 2 ÷ 3 × 30 = 20 + 0.5 ÷ 1 × 20 = 10 + (1 + 0.8) ÷ 2 × 20 = 18 = 70.50, 2nd
 *   吴忠市     (1 + 1 × 0.5) ÷ 3 × 30 = 15 + 1 ÷ 3 × 30 = 10 + 0 + (0.5 + 0.25) ÷ 2 × 20 = 7.5   = 32.50, 3rd
 */
const records = exampleRecords;

function byId(scores: AssessmentScore[], id: string): AssessmentScore {
  const score = scores.find((entry) => entry.assignee.id === id);
  if (!score) throw new Error(`no score for ${id}`);
  return score;
}
const pointsOf = (score: AssessmentScore) => Object.fromEntries(score.parts.map((part) => [part.criterion, part.score]));

describe('scoreAssessees on the hand-made example (default scheme)', () => {
  const scores = scoreAssessees(records, bundledScheme());

  it('gives the totals computed by hand', () => {
    expect(scores.map((score) => [score.name, score.total, score.rank])).toEqual([
      ['科技厅', '95.31', 1],
      ['财政厅', '84.38', 2],
      ['发展改革委', '84.38', 2],
      ['卫生健康委', '70.00', 4],
      ['教育厅', '0.00', null],
      ['石嘴山市', '100.00', 1],
      ['银川市', '70.50', 2],
      ['吴忠市', '32.50', 3],
    ]);
  });

  it('gives each part its points, its maximum after redistribution and its treatment', () => {
    const science = byId(scores, 'science-technology-department');
    expect(pointsOf(science)).toEqual({ reporting: '32.81', milestones: '37.50', notices: '25.00', targets: '0.00' });
    expect(science.parts.map((part) => [part.criterion, part.max, part.scheme_max, part.treatment])).toEqual([
      ['reporting', '37.50', '30.00', 'scored'],
      ['milestones', '37.50', '30.00', 'scored'],
      ['notices', '25.00', '20.00', 'full'],
      ['targets', '0.00', '20.00', 'redistributed'],
    ]);
    expect(science.max_total).toBe('100.00');
    expect(pointsOf(byId(scores, 'finance-department'))).toEqual({ reporting: '37.50', milestones: '28.13', notices: '18.75', targets: '0.00' });
    expect(pointsOf(byId(scores, 'health-commission'))).toEqual({ reporting: '30.00', milestones: '0.00', notices: '40.00', targets: '0.00' });
    expect(byId(scores, 'health-commission').parts.map((part) => part.max)).toEqual(['60.00', '0.00', '40.00', '0.00']);
    expect(pointsOf(byId(scores, '640100'))).toEqual({ reporting: '22.50', milestones: '20.00', notices: '10.00', targets: '18.00' });
    expect(pointsOf(byId(scores, '640200'))).toEqual({ reporting: '37.50', milestones: '37.50', notices: '25.00', targets: '0.00' });
    expect(pointsOf(byId(scores, '640300'))).toEqual({ reporting: '15.00', milestones: '10.00', notices: '0.00', targets: '7.50' });
  });

  it('writes the basis of every part: the counts and the formula with them, in Chinese and English', () => {
    const reporting = byId(scores, 'science-technology-department').parts[0]!;
    expect(reporting.basis.counts).toEqual({ due: 4, on_time: 3, late: 1, missing: 0 });
    expect(reporting.ratio).toBe('0.8750');
    expect(reporting.basis.zh).toBe('按时报送：应报4次，按时报送3次，逾期报送1次（按0.5计），未报送0次；得分 = (3 + 1 × 0.5) ÷ 4 × 30 × 100 ÷ 80 = 32.81（满分含其他项按比例折入的分值）。');
    expect(reporting.basis.en).toBe('On-time reporting: 4 report(s) due, 3 on time, 1 late (counted at 0.5), 0 missing; points = (3 + 1 × 0.5) ÷ 4 × 30 × 100 ÷ 80 = 32.81 (the maximum includes points shared out from other criteria).');
    const targets = byId(scores, '640100').parts[3]!;
    expect(targets.basis.counts).toEqual({ targets: 3, with_data: 2, without_data: 1 });
    expect(targets.basis.zh).toContain('得分 = (1[1.2] + 0.8) ÷ 2 × 20 = 18.00');
    expect(byId(scores, 'science-technology-department').parts[3]!.basis.zh).toBe('指标目标完成：本项不适用于责任单位，分值按比例折入其他各项。');
    expect(byId(scores, 'science-technology-department').parts[2]!.basis.zh).toBe('督办落实：督办单0件，按期办复0件，逾期办复0件（按0.5计），未办复0件（计0），无应考核事项，按评分办法计满分；得分 = 25.00（满分含其他项按比例折入的分值）。');
    expect(byId(scores, '640200').parts[3]!.basis.zh).toContain('暂无数据1项');
    expect(byId(scores, 'education-department').parts.map((part) => part.treatment)).toEqual(['redistributed', 'redistributed', 'full', 'redistributed']);
    expect(byId(scores, 'education-department').parts[2]!.basis.zh).toBe('督办落实：本年度各项均无应考核事项，不评分。');
  });

  it('keeps exact arithmetic: a third of a point is not lost before the one rounding', () => {
    // 1 ÷ 3 × 30 = 10 exactly (a float gives 9.999999999999998 for (1 / 3) * 30 in some orders).
    expect(byId(scores, '640300').parts[1]!.score).toBe('10.00');
    // Thirds that do not end: reports 1 ÷ 3 × 37.5 = 12.5; milestones 2 ÷ 3 × 37.5 = 25; notices full 25 → 62.50.
    const [thirds] = scoreAssessees([unit('x', '甲', { reports: { due: 3, on_time: 1, late: 0, missing: 2 }, milestones: { due: 3, met: 2 } })], bundledScheme());
    expect(thirds!.total).toBe('62.50');
  });

  it('rounds the total once, from the exact parts', () => {
    // 37.5 + 3 ÷ 4 × 37.5 = 28.125 + (1 + 1 × 0.5) ÷ 4 × 25 = 9.375 → exactly 75; the parts shown add up to 75.01.
    const [once] = scoreAssessees([unit('x', '甲', { reports: { due: 1, on_time: 1, late: 0, missing: 0 }, milestones: { due: 4, met: 3 }, notices: { issued: 4, answered_on_time: 1, answered_late: 1, unanswered: 2 } })], bundledScheme());
    expect(once!.parts.slice(0, 3).map((part) => part.score)).toEqual(['37.50', '28.13', '9.38']);
    expect(once!.total).toBe('75.00');
  });
});

describe('scoreAssessees with other schemes', () => {
  const scheme = (lines: string) => {
    const { scheme: read, problems } = readScheme('test-scheme.yaml', lines);
    expect(problems).toEqual([]);
    return read!;
  };

  it('counts late items at the scheme’s fraction, and can drop what does not apply, or count nothing due as zero', () => {
    const quarter = scheme(
      [
        'id: strict',
        'version: 2',
        'title: { zh: 严格方案, en: Strict }',
        'not_applicable: drop',
        'criteria:',
        '  - { id: reporting, kind: on_time_reporting, label: { zh: 按时报送, en: Reporting }, max: 40, late_fraction: 0.25, when_none_due: zero }',
        '  - { id: notices, kind: notice_responses, label: { zh: 督办落实, en: Notices }, max: 40, late_fraction: 0, when_none_due: full }',
        '  - { id: targets, kind: indicator_targets, label: { zh: 指标目标, en: Targets }, max: 20, when_none_due: zero }',
      ].join('\n'),
    );
    const [late, idle] = scoreAssessees(
      [
        // (2 + 2 × 0.25) ÷ 4 × 40 = 25; notices (1 + 1 × 0) ÷ 2 × 40 = 20; targets dropped for a unit. Total 45 of 80.
        unit('a', '甲单位', { reports: { due: 4, on_time: 2, late: 2, missing: 0 }, notices: { issued: 2, answered_on_time: 1, answered_late: 1, unanswered: 0 } }),
        // Nothing due: reporting counts 0 by the scheme (so it is scored), notices full 40. Total 40 of 80.
        unit('b', '乙单位', {}),
      ],
      quarter,
    );
    expect([late!.total, late!.max_total, late!.rank]).toEqual(['45.00', '80.00', 1]);
    expect(late!.parts.map((part) => part.treatment)).toEqual(['scored', 'scored', 'dropped']);
    expect(late!.parts[2]!.basis.zh).toBe('指标目标：本项不适用于责任单位，不计分（满分相应减少）。');
    expect([idle!.total, idle!.rank, idle!.parts[0]!.treatment]).toEqual(['40.00', 2, 'scored']);
    expect(idle!.parts[0]!.basis.zh).toContain('按评分办法计0分');
  });
});

describe('scoreAssessees refuses records that do not add up', () => {
  it('names the record and the field', () => {
    expect(() => scoreAssessees([unit('a', '甲单位', { reports: { due: 3, on_time: 1, late: 0, missing: 0 } })], bundledScheme())).toThrow(/考核数据第1条 甲单位（unit:a） 的 reports：按时1 \+ 逾期0 \+ 未报0 不等于应报3/);
    expect(() => scoreAssessees([unit('a', '甲单位', { milestones: { due: 1, met: 2 } })], bundledScheme())).toThrow(/milestones：完成2个多于到期1个/);
    expect(() => scoreAssessees([unit('a', '甲单位', { reports: { due: 1, on_time: 1.5, late: 0, missing: -0.5 } })], bundledScheme())).toThrow(/reports.on_time：应为非负整数/);
    expect(() => scoreAssessees([unit('a', '甲', {}), unit('a', '甲', {})], bundledScheme())).toThrow(/第2条.*重复出现/);
    expect(() => scoreAssessees([area('640100', '银川市', { targets: [{ indicator: 'x', attainment: Number.NaN }] })], bundledScheme())).toThrow(/targets\[0\].attainment/);
  });
});
