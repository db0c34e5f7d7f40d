import type { DatabaseOrTransaction } from '../db/index.ts';
import { findContractTurnover } from './find-contract-turnover.ts';
import { exportTimeNote, type RegistryExport } from './registry-exports.ts';
import type { RegistryCaller } from './registry-scope.ts';

/** The turnover table (输出/吸纳 of an area and its children, 亿元) as a workbook. */
export async function exportContractTurnover(db: DatabaseOrTransaction, caller: RegistryCaller, query: { org: string; year: number }): Promise<RegistryExport> {
  const turnover = await findContractTurnover(db, caller, query);
  return {
    fileName: `tech-contract-turnover-${turnover.org}-${turnover.year}.xlsx`,
    sheet: {
      name: '技术合同输出吸纳',
      title: `${turnover.org_name} ${turnover.year} 年技术合同输出与吸纳（亿元）`,
      columns: [
        { header: '区划代码', key: 'org' },
        { header: '地区', key: 'org_name' },
        { header: '输出（亿元）', key: 'output', format: 'number' },
        { header: '输出合同数', key: 'output_count', format: 'integer' },
        { header: '其中输往区外', key: 'output_to_outside', format: 'number' },
        { header: '吸纳（亿元）', key: 'absorption', format: 'number' },
        { header: '吸纳合同数', key: 'absorption_count', format: 'integer' },
        { header: '其中来自区外', key: 'absorption_from_outside', format: 'number' },
      ],
      rows: [{ ...turnover.total, org_name: `${turnover.total.org_name}（合计）` }, ...turnover.rows],
      notes: [
        '来源：技术合同认定登记库（技术交易额，按登记日期所在年度）。输出按卖方所在地，吸纳按买方所在地；同一地区内部的合同同时计入该地区的输出和吸纳。',
        ...(turnover.includes_synthetic ? ['注意：登记库含合成演示数据。'] : []),
        exportTimeNote(caller.now),
      ],
    },
  };
}
