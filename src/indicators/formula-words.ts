import type { Indicator } from '../policy/index.ts';

/**
 * A derived indicator's formula in words, as people read it: `rd_expenditure / gdp * 100.0`
 * becomes "R&D经费支出 ÷ 地区生产总值 × 100" (and the English names in English). Codes the
 * indicators do not name stay as they are.
 */
export function formulaInWords(formula: string, indicators: readonly Indicator[]): { zh: string; en: string } {
  const byCode = new Map(indicators.map((indicator) => [indicator.code, indicator]));
  const words = (name: (indicator: Indicator) => string) =>
    formula
      .replace(/\b[a-z][a-z0-9_]*\b/g, (code) => {
        const indicator = byCode.get(code);
        return indicator ? name(indicator) : code;
      })
      .replace(/\b(\d+)\.0+\b/g, '$1')
      .replace(/\s*\/\s*/g, ' ÷ ')
      .replace(/\s*\*\s*/g, ' × ')
      .replace(/\s*-\s*/g, ' − ')
      .replace(/\s*\+\s*/g, ' + ');
  return { zh: words((indicator) => indicator.name), en: words((indicator) => indicator.name_en ?? indicator.name) };
}
