import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import type { Indicator } from '../policy/index.ts';
import { compareRegistryWithPublished } from './compare-registry-with-published.ts';
import { exportTimeNote, type RegistryExport } from './registry-exports.ts';

/** The registry's counts beside the published values, as a workbook. */
export async function exportRegistryComparison(db: DatabaseOrTransaction, query: { org: string; year: number }, context: { tree: AreaTree; indicators: readonly Indicator[]; now: Date }): Promise<RegistryExport> {
  const comparison = await compareRegistryWithPublished(db, query, context);
  return {
    fileName: `registry-vs-published-${comparison.org}-${comparison.year}.xlsx`,
    sheet: {
      name: '登记库与公布数据',
      title: `${comparison.org_name} ${comparison.year} 年：登记库统计与公布数据对比`,
      columns: [
        { header: '指标代码', key: 'indicator' },
        { header: '指标', key: 'name', width: 30 },
        { header: '单位', key: 'unit' },
        { header: '登记库统计', key: 'registry_value', format: 'number' },
        { header: '公布数据', key: 'published_value', format: 'number' },
        { header: '差额（登记库 − 公布）', key: 'difference', format: 'number' },
        { header: '公布数据来源', key: 'published_source', width: 40 },
      ],
      rows: comparison.indicators.map((row) => ({ indicator: row.indicator, name: row.name, unit: row.unit, registry_value: row.registry_value, published_value: row.published_value, difference: row.difference, published_source: row.published_source })),
      notes: ['登记库统计按年末有效资质、年末已认定且未撤销的平台、当年登记的技术合同计算；登记库可能不完整，差额如实列出。', exportTimeNote(context.now)],
    },
  };
}
