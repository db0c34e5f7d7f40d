import { Decimal } from 'decimal.js';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import type { TechContractFlow, TechContractTurnover } from './registry-contract.ts';
import { hundredMillionYuanText, toDecimal } from './registry-money.ts';
import { areaName, isInsideRegion } from './registry-presenters.ts';
import { hasSyntheticContracts, sumContractFlows } from './registry-repository.ts';
import { registryScopeOf, scopeCoversArea, type RegistryCaller } from './registry-scope.ts';

/**
 * Technology turnover of one year as seller (输出) and as buyer (吸纳), for an area and each of its
 * direct children, summed from the contracts registered that year (technology amount), as
 * technology-market statistics count them: output is every contract sold by a party in the area,
 * absorption every contract bought by one, so a contract inside the area counts in both. The
 * `_outside` parts are the flows across the region's border (流向区外 / 来自区外). Sums are exact
 * (numeric in the database, decimal.js here) and given in 亿元 as exact decimal strings, so that
 * the children add up to their area to the 分.
 */
export async function findContractTurnover(db: DatabaseOrTransaction, caller: RegistryCaller, query: { org: string; year: number }): Promise<TechContractTurnover> {
  const { tree } = caller;
  const area = tree.find(query.org);
  if (!area || area.level === 'country') throw new AppError('bad_request', `“${query.org}”不是本区的行政区划代码`, `"${query.org}" is not an area of the region`);
  const scope = registryScopeOf(caller.actor, caller.permissions, tree);
  if (scope.kind === 'enterprise') throw new AppError('forbidden', '企业账号不能查看地区技术合同统计', 'an enterprise account cannot see area contract statistics');
  if (!scopeCoversArea(scope, query.org)) throw new AppError('forbidden', `无权查看“${area.name}”的技术合同统计`, `not allowed to see contract statistics of ${area.name}`);
  const sums = (await sumContractFlows(db, scope, query.year)).map((row) => ({ ...row, amount: toDecimal(row.amount) }));
  const flowOf = (code: string): TechContractFlow => {
    const inside = new Set(tree.subtreeOf(code).map((entry) => entry.code));
    let [output, outputToOutside, absorption, absorptionFromOutside] = [new Decimal(0), new Decimal(0), new Decimal(0), new Decimal(0)];
    let [outputCount, absorptionCount] = [0, 0];
    for (const row of sums) {
      if (inside.has(row.seller_org)) {
        output = output.plus(row.amount);
        outputCount += row.count;
        if (!isInsideRegion(tree, row.buyer_org)) outputToOutside = outputToOutside.plus(row.amount);
      }
      if (inside.has(row.buyer_org)) {
        absorption = absorption.plus(row.amount);
        absorptionCount += row.count;
        if (!isInsideRegion(tree, row.seller_org)) absorptionFromOutside = absorptionFromOutside.plus(row.amount);
      }
    }
    return {
      org: code,
      org_name: areaName(tree, code),
      output: hundredMillionYuanText(output),
      output_count: outputCount,
      output_to_outside: hundredMillionYuanText(outputToOutside),
      absorption: hundredMillionYuanText(absorption),
      absorption_count: absorptionCount,
      absorption_from_outside: hundredMillionYuanText(absorptionFromOutside),
    };
  };
  return {
    year: query.year,
    org: query.org,
    org_name: area.name,
    unit: '亿元',
    includes_synthetic: await hasSyntheticContracts(db, scope),
    total: flowOf(query.org),
    rows: tree.childrenOf(query.org).map((child) => flowOf(child.code)),
  };
}
