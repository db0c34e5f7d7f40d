import { buildXlsxWorkbook, formatBeijingTime, type XlsxSheet } from '../shared/index.ts';
import type { AssesseeKind, AssessmentScore, ScorePart } from './assessment-contract.ts';
import type { ScoringScheme } from './read-scheme.ts';

const kindNames: Record<AssesseeKind, string> = { unit: '责任单位', area: '市、县（区）' };
const treatmentNames: Record<ScorePart['treatment'], string> = {
  scored: '按公式计分',
  full: '无应考核事项，计满分',
  redistributed: '分值按比例折入其他项',
  dropped: '不适用，不计分',
};

/**
 * The year's scores as a workbook with Chinese headers: 考核得分 (one row per assessee: kind,
 * rank, name, each criterion's points, total, maximum) and 得分依据 (one row per assessee and
 * criterion: the counts and the formula in words). The first sheet has no title row, so that it
 * reads back as a table.
 */
export function bulletinSheets(input: { year: number; scheme: ScoringScheme; scores: readonly AssessmentScore[]; generatedAt: Date }): XlsxSheet[] {
  const { scheme, scores } = input;
  const scoresSheet: XlsxSheet = {
    name: '考核得分',
    columns: [
      { header: '类别', key: 'kind' },
      { header: '名次', key: 'rank', format: 'integer' },
      { header: '名称', key: 'name' },
      { header: '代码', key: 'code' },
      ...scheme.criteria.map((criterion) => ({ header: `${criterion.label.zh}（${criterion.max.toString()}分）`, key: `criterion:${criterion.id}`, format: 'number' as const })),
      { header: '总分', key: 'total', format: 'number' },
      { header: '满分', key: 'max_total', format: 'number' },
      { header: '说明', key: 'remark' },
    ],
    rows: scores.map((score) => ({
      kind: kindNames[score.assignee.kind],
      rank: score.rank,
      name: score.name,
      code: score.assignee.id,
      ...Object.fromEntries(
        scheme.criteria.map((criterion) => {
          const part = score.parts.find((entry) => entry.criterion === criterion.id);
          const counted = score.scored && part !== undefined && (part.treatment === 'scored' || part.treatment === 'full');
          return [`criterion:${criterion.id}`, counted ? part.score : null];
        }),
      ),
      total: score.scored ? score.total : null,
      max_total: score.scored ? score.max_total : null,
      remark: score.scored ? '' : '本年度无应考核事项，不评分',
    })),
  };
  const basisSheet: XlsxSheet = {
    name: '得分依据',
    title: `${input.year}年度督查考核得分依据（${scheme.title.zh}）`,
    columns: [
      { header: '类别', key: 'kind' },
      { header: '名称', key: 'name' },
      { header: '考核项', key: 'criterion' },
      { header: '得分', key: 'score', format: 'number' },
      { header: '满分', key: 'max', format: 'number' },
      { header: '办法分值', key: 'scheme_max', format: 'number' },
      { header: '计分方式', key: 'treatment' },
      { header: '完成率', key: 'ratio', format: 'percent' },
      { header: '计算依据', key: 'basis', width: 80 },
    ],
    rows: scores.flatMap((score) =>
      score.parts.map((part) => ({
        kind: kindNames[score.assignee.kind],
        name: score.name,
        criterion: part.label.zh,
        score: part.score,
        max: part.max,
        scheme_max: part.scheme_max,
        treatment: treatmentNames[part.treatment],
        ratio: part.ratio,
        basis: part.basis.zh,
      })),
    ),
    notes: [...scheme.notes.map((note) => note.zh), `评分办法：${scheme.title.zh}（第${scheme.version}版）`, `生成时间：${formatBeijingTime(input.generatedAt)}（北京时间）`],
  };
  return [scoresSheet, basisSheet];
}

export function buildBulletinXlsx(input: Parameters<typeof bulletinSheets>[0]): Promise<Buffer> {
  return buildXlsxWorkbook(bulletinSheets(input));
}
