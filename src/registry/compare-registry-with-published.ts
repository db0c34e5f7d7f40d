import { Decimal } from 'decimal.js';
import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { IndicatorCalculator, findApprovedValues } from '../indicators/index.ts';
import type { Indicator } from '../policy/index.ts';
import { AppError } from '../shared/index.ts';
import { countRegistryIndicators } from './count-registry-indicators.ts';
import type { RegistryComparison } from './registry-contract.ts';
import { sumOf } from './registry-money.ts';
import { wholeRegistry } from './registry-scope.ts';
import { registryIndicatorCodes } from './registry-vocabulary.ts';

/**
 * What the registries count for an area and year beside the published (approved) value, with the
 * difference: a registry may be incomplete, and that is shown, not hidden. The registry's figure
 * of an area is the exact sum of its counties' (every registry indicator is a sum); the published
 * one is resolved as the indicator pages resolve it.
 *
 * The registry is read whole: these are aggregate counts per county, public like the published
 * statistics they are compared with (`indicators.read`), never records.
 */
export async function compareRegistryWithPublished(db: DatabaseOrTransaction, query: { org: string; year: number }, context: { tree: AreaTree; indicators: readonly Indicator[] }): Promise<RegistryComparison> {
  const { tree } = context;
  const area = tree.find(query.org);
  if (!area) throw new AppError('bad_request', `未知行政区划代码“${query.org}”`, `unknown area code "${query.org}"`);
  const orgs = new Set(tree.subtreeOf(query.org).map((entry) => entry.code));
  const counts = await countRegistryIndicators(db, wholeRegistry, tree, query.year);
  const published = new IndicatorCalculator(context.indicators, tree, await findApprovedValues(db, { orgs: [...orgs], indicators: [...registryIndicatorCodes] }));
  return {
    year: query.year,
    org: query.org,
    org_name: area.name,
    indicators: registryIndicatorCodes.map((code) => {
      const registry = sumOf(counts.filter((count) => count.indicator === code && orgs.has(count.org)).map((count) => count.value));
      const official = published.valueAt(code, query.org, String(query.year));
      const indicator = context.indicators.find((candidate) => candidate.code === code);
      const difference = official.value === null ? null : registry.minus(new Decimal(String(official.value)));
      return {
        indicator: code,
        name: indicator?.name ?? code,
        unit: indicator?.unit ?? '',
        registry_value: registry.toFixed(),
        published_value: official.value,
        published_qualifier: official.value === null ? null : official.qualifier,
        published_source: official.source,
        difference: difference === null ? null : difference.isZero() ? '0' : difference.toFixed(),
      };
    }),
  };
}
