import type { XlsxSheet } from '../shared/index.ts';
import type { IndicatorAreas } from './indicator-contract.ts';
import { qualifierLabels, valueKindLabels } from './value-labels.ts';

/**
 * The drill-down table as a workbook: the area and each of its child areas, each value with how
 * it was obtained, a published figure beside the computed one, and the coverage of a sum.
 */
export function presentAreaBreakdownWorkbook(breakdown: IndicatorAreas): { fileName: string; sheet: XlsxSheet } {
  const { indicator, period } = breakdown;
  const parent = breakdown.parent;
  return {
    fileName: `${indicator.code}-${parent.org}-${period}.xlsx`,
    sheet: {
      name: indicator.name.slice(0, 28),
      title: `${indicator.name}（${indicator.unit}），${period}年，${parent.name}及下级`,
      columns: [
        { header: '区划', key: 'name', width: 16, format: 'text' },
        { header: '区划代码', key: 'org', format: 'text' },
        { header: `数值（${indicator.unit}）`, key: 'value', format: 'number' },
        { header: '类型', key: 'kind', format: 'text' },
        { header: '限定', key: 'qualifier', format: 'text' },
        { header: '公布值', key: 'published', format: 'number' },
        { header: '计算值', key: 'computed', format: 'number' },
        { header: '差异', key: 'difference', format: 'number' },
        { header: '下级覆盖', key: 'coverage', format: 'text' },
        { header: '来源', key: 'source', width: 60, format: 'text' },
      ],
      rows: [parent, ...breakdown.children].map((value) => ({
        name: value.name,
        org: value.org,
        value: value.value,
        kind: value.kind ? valueKindLabels[value.kind] : '暂无数据',
        qualifier: qualifierLabels[value.qualifier],
        published: value.published ?? null,
        computed: value.computed ?? null,
        difference: value.difference ?? null,
        coverage: value.coverage ? `${value.coverage.with_value}/${value.coverage.total}` : '',
        source: value.source,
      })),
      notes: indicator.formula_text ? [`计算公式：${indicator.formula_text.zh}（先汇总分项，再按公式计算）`] : [],
    },
  };
}
