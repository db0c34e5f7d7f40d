import type { DatabaseOrTransaction } from '../db/index.ts';
import { contractQueryOf } from './find-tech-contracts.ts';
import { contractTypeLabels } from './platform-types.ts';
import type { TechContractFilter } from './registry-contract.ts';
import { allPages, areaCondition, filterNote, syntheticLabel, type RegistryExport } from './registry-exports.ts';
import { presentContract } from './registry-presenters.ts';
import { findContractRows } from './registry-repository.ts';
import { registryScopeOf, type RegistryCaller } from './registry-scope.ts';

/**
 * The technology contracts in the caller's scope matching the list's filters, as a workbook.
 * Amounts are exact decimal text until the cell: Excel holds them as its numbers (15 significant
 * digits, below which every amount of the registry lies to the 分).
 */
export async function exportTechContracts(db: DatabaseOrTransaction, caller: RegistryCaller, filter: TechContractFilter): Promise<RegistryExport> {
  const scope = registryScopeOf(caller.actor, caller.permissions, caller.tree);
  const rows = await allPages(async (limit, offset) => (await findContractRows(db, scope, contractQueryOf(filter, caller, { limit, offset }))).rows);
  return {
    fileName: 'tech-contracts.xlsx',
    sheet: {
      name: '技术合同',
      columns: [
        { header: '登记编号', key: 'registration_number' },
        { header: '合同类型', key: 'type' },
        { header: '合同金额（元）', key: 'contract_amount', format: 'number' },
        { header: '技术交易额（元）', key: 'tech_amount', format: 'number' },
        { header: '卖方', key: 'seller_name', width: 30 },
        { header: '卖方信用代码', key: 'seller_credit_code', width: 22 },
        { header: '卖方区划', key: 'seller_org' },
        { header: '卖方区划名称', key: 'seller_area' },
        { header: '买方', key: 'buyer_name', width: 30 },
        { header: '买方信用代码', key: 'buyer_credit_code', width: 22 },
        { header: '买方区划', key: 'buyer_org' },
        { header: '买方区划名称', key: 'buyer_area' },
        { header: '登记日期', key: 'registered_on' },
        { header: '数据性质', key: 'synthetic' },
      ],
      rows: rows.map((row) => {
        const contract = presentContract(row, caller.tree);
        return {
          registration_number: contract.registration_number,
          type: contractTypeLabels[contract.type],
          contract_amount: contract.contract_amount,
          tech_amount: contract.tech_amount,
          seller_name: contract.seller_name,
          seller_credit_code: contract.seller_credit_code,
          seller_org: contract.seller_org,
          seller_area: contract.seller_inside ? contract.seller_org_name : `区外${contract.seller_org_name ? `·${contract.seller_org_name}` : ''}`,
          buyer_name: contract.buyer_name,
          buyer_credit_code: contract.buyer_credit_code,
          buyer_org: contract.buyer_org,
          buyer_area: contract.buyer_inside ? contract.buyer_org_name : `区外${contract.buyer_org_name ? `·${contract.buyer_org_name}` : ''}`,
          registered_on: contract.registered_on,
          synthetic: syntheticLabel(contract.synthetic),
        };
      }),
      notes: [
        filterNote(
          [filter.q ? `当事方名称含“${filter.q}”` : undefined, areaCondition(caller.tree, filter.org), filter.year ? `登记年度：${filter.year}` : undefined, filter.type ? `合同类型：${contractTypeLabels[filter.type]}` : undefined],
          caller.now,
        ),
      ],
    },
  };
}
