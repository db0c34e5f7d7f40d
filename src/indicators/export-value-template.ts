import { findAreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { indicatorsOf, findPacks } from '../policy/index.ts';
import { buildIndicatorImportTemplate } from './reports/indicator-template.ts';

/** The .xlsx template for value imports, with every indicator of the loaded packs and every area in its dropdowns. */
export async function exportValueTemplate(db: DatabaseOrTransaction): Promise<{ fileName: string; content: Buffer }> {
  const indicators = indicatorsOf(await findPacks(db));
  const tree = await findAreaTree(db);
  const content = await buildIndicatorImportTemplate({
    indicators: indicators.map((indicator) => ({ code: indicator.code, name: indicator.name, unit: indicator.unit, period_type: indicator.period_type, derived: indicator.formula !== undefined })),
    areas: tree.all.map((area) => ({ code: area.code, name: area.name })),
  });
  return { fileName: 'indicator-values-template.xlsx', content };
}
