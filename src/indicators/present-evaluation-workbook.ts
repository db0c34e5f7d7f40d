import type { AreaTree } from '../areas/index.ts';
import { printedClauseLabel, type PolicyPack } from '../policy/index.ts';
import { formatBeijingTime } from '../shared/index.ts';
import type { XlsxSheet } from '../shared/index.ts';
import type { PackEvaluation } from './evaluate-pack.ts';
import { formulaInWords } from './formula-words.ts';
import type { Comparator } from './indicator-contract.ts';
import { statusRuleText, targetStatusLabels } from './target-status.ts';
import { qualifierLabels } from './value-labels.ts';

/** Comparators in words, as the policy's text would say them. */
const comparatorWords: Record<Comparator, string> = { '>=': '不低于', '>': '高于', '<=': '不超过', '<': '低于', about: '约' };

/**
 * The evaluation table as a workbook (目标评估): one row per target with its threshold, the
 * latest value, completion and status in words; the status rules and the time it was made
 * (Beijing time) below.
 */
export function presentEvaluationWorkbook(pack: PolicyPack, tree: AreaTree, evaluation: PackEvaluation, now: Date): { fileName: string; sheet: XlsxSheet } {
  const areaName = tree.find(evaluation.org)?.name ?? evaluation.org;
  const indicatorOf = (code: string) => pack.indicators.find((indicator) => indicator.code === code);
  /** A derived indicator's formula in words (R&D经费支出 ÷ 地区生产总值 × 100); empty for a measured one. */
  const formulaOf = (code: string) => {
    const formula = indicatorOf(code)?.formula;
    return formula ? formulaInWords(formula, pack.indicators).zh : '';
  };
  return {
    fileName: `evaluation-${evaluation.org}-${evaluation.as_of}.xlsx`,
    sheet: {
      name: '目标评估',
      title: `${pack.metadata.title} 目标评估（${areaName}，截至${evaluation.as_of}年）`,
      columns: [
        { header: '指标', key: 'name', width: 28, format: 'text' },
        { header: '单位', key: 'unit', format: 'text' },
        { header: '比较', key: 'comparator', format: 'text' },
        { header: '目标值', key: 'target', format: 'number' },
        { header: '目标年份', key: 'year', format: 'integer' },
        { header: '实际值', key: 'value', format: 'number' },
        { header: '限定', key: 'qualifier', format: 'text' },
        { header: '数据期', key: 'period', format: 'text' },
        { header: '完成程度', key: 'progress', format: 'percent' },
        { header: '状态', key: 'status', format: 'text' },
        { header: '条款', key: 'clause', format: 'text' },
        { header: '计算公式', key: 'formula', width: 40, format: 'text' },
        { header: '来源', key: 'source', width: 60, format: 'text' },
        { header: '目标依据', key: 'basis', width: 30, format: 'text' },
        { header: '占全区比重', key: 'share', format: 'percent' },
        { header: '同级排名', key: 'rank', format: 'text' },
        // The code last, for whoever matches rows with a script or the API.
        { header: '指标代码', key: 'indicator', format: 'text' },
      ],
      rows: evaluation.targets.map((target) => ({
        name: indicatorOf(target.indicator)?.name ?? target.indicator,
        formula: formulaOf(target.indicator),
        indicator: target.indicator,
        unit: indicatorOf(target.indicator)?.unit ?? '',
        comparator: comparatorWords[target.comparator],
        target: target.target,
        year: target.year,
        value: target.value,
        qualifier: target.qualifier ? qualifierLabels[target.qualifier] : '',
        period: target.period,
        progress: target.progress,
        status: targetStatusLabels[target.status],
        clause: printedClauseLabel(pack.clauses, target.clause),
        source: target.source,
        // An area without its own target is not judged against the regional one (目标分解).
        basis: target.target_basis === 'none' ? '未分解到本地区' : target.target_source?.kind === 'coordinator' ? '统筹部门设定' : target.target_source?.kind === 'pack_breakdown' ? `政策包分解：${target.target_source.text ?? ''}` : '政策包目标',
        share: target.comparison?.share_of_region ?? null,
        rank: target.comparison?.rank != null && target.comparison.rank_of != null ? `${target.comparison.rank}/${target.comparison.rank_of}` : '',
      })),
      notes: [...statusRuleText.map((rule) => `${targetStatusLabels[rule.status]}：${rule.zh}`), `生成时间（北京时间）：${formatBeijingTime(now)}`],
    },
  };
}
