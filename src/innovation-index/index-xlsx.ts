import { buildXlsxWorkbook, formatBeijingTime, type XlsxSheet } from '../shared/index.ts';
import type { IndexResultDto, IndexUnitInputs } from './innovation-index-contract.ts';

const stageHeaders = { raw: '原始值', denominated: '折算后', imputed: '补齐后', treated: '离群值处理后', normalised: '标准化得分' } as const;

/**
 * A year's innovation index as an Excel workbook with Chinese headers: the ranking (each pillar's
 * score beside the total), every unit's inputs (raw value with its source, each stage, what
 * changed it and why), and the method (steps and interpretations).
 */
export function presentIndexWorkbook(result: IndexResultDto, inputs: readonly IndexUnitInputs[], generatedAt: Date): { fileName: string; sheets: XlsxSheet[] } {
  const year = result.year ?? '';
  const pillars = result.nodes.map((node, index) => ({ node, index })).filter((entry) => entry.node.depth >= 1);
  const groupName = (id: string | null) => (id === null ? '' : (result.spec.groups?.find((group) => group.id === id)?.name.zh ?? id));
  const demoNote = result.has_demo ? ['部分输入为演示数据（合成数值，非公布数字），结果仅供演示。'] : [];
  const ranking: XlsxSheet = {
    name: '排名',
    title: `${year}年${result.spec.title.zh}得分及排名`,
    columns: [
      { header: '名次', key: 'rank', format: 'integer' },
      { header: '地区代码', key: 'unit' },
      { header: '地区', key: 'name' },
      { header: '得分', key: 'score', format: 'number' },
      ...(result.spec.relative ? [{ header: '相对值', key: 'relative', format: 'number' as const }] : []),
      ...(result.spec.groups ? [{ header: '分组', key: 'group' }] : []),
      ...pillars.map((entry) => ({ header: entry.node.name.zh, key: `node_${entry.index}`, format: 'number' as const })),
      { header: '数据性质', key: 'kind' },
    ],
    rows: result.ranking.map((row) => ({
      rank: row.rank,
      unit: row.unit,
      name: row.name.zh,
      score: row.score,
      relative: row.relative,
      group: groupName(row.group),
      ...Object.fromEntries(pillars.map((entry) => [`node_${entry.index}`, row.nodes[entry.index] ?? null])),
      kind: row.demo ? '含演示数据' : '公布数据',
    })),
    notes: [...demoNote, `方案：${result.spec.title.zh}（${result.spec.id}，第${result.spec.version}版）`, `生成时间：${formatBeijingTime(generatedAt)}`],
  };
  const stages = [...new Set(inputs.flatMap((unit) => unit.indicators.flatMap((indicator) => indicator.stages.map((stage) => stage.stage))))];
  const inputSheet: XlsxSheet = {
    name: '指标数据',
    title: `${year}年各地区指标数据及处理过程`,
    columns: [
      { header: '地区代码', key: 'unit' },
      { header: '地区', key: 'name' },
      { header: '指标', key: 'indicator' },
      { header: '所属维度', key: 'pillar' },
      { header: '权重', key: 'weight', format: 'number' },
      ...stages.map((stage) => ({ header: stageHeaders[stage], key: `stage_${stage}`, format: 'number' as const })),
      { header: '处理说明', key: 'changes' },
      { header: '来源', key: 'source' },
    ],
    rows: inputs.flatMap((unit) =>
      unit.indicators.map((indicator) => ({
        unit: unit.unit,
        name: unit.name.zh,
        indicator: indicator.name.zh,
        pillar: indicator.pillar?.name.zh ?? '',
        weight: indicator.weight,
        ...Object.fromEntries(indicator.stages.map((stage) => [`stage_${stage.stage}`, stage.value])),
        changes: indicator.changes.map((change) => change.reason.zh).join('；'),
        source: indicator.source ?? '',
      })),
    ),
    notes: demoNote,
  };
  const method: XlsxSheet = {
    name: '方法说明',
    title: `${result.spec.title.zh}：测算方法`,
    columns: [
      { header: '步骤', key: 'step' },
      { header: '说明', key: 'detail' },
    ],
    rows: [...result.spec.steps.map((step) => ({ step: step.name.zh, detail: step.detail.zh })), ...result.spec.notes.map((note, index) => ({ step: `说明${index + 1}`, detail: note.zh }))],
  };
  return { fileName: `${year}年${result.spec.title.zh}.xlsx`, sheets: [ranking, inputSheet, method] };
}

export async function buildIndexXlsx(result: IndexResultDto, inputs: readonly IndexUnitInputs[], generatedAt: Date): Promise<{ fileName: string; content: Buffer }> {
  const { fileName, sheets } = presentIndexWorkbook(result, inputs, generatedAt);
  return { fileName, content: await buildXlsxWorkbook(sheets) };
}
