import type { OverridableIncentive, ParameterOverridesInput } from '../../api/types.ts';

/** One row of the what-if form: an incentive, one of its parameters, the new value as typed. */
export interface OverrideRow {
  incentive?: string | undefined;
  parameter?: string | undefined;
  value?: string | undefined;
}

/** What is wrong with a row, as an i18n key under fiscal.problems (undefined: fine). */
export type RowProblem = 'incentive' | 'parameter' | 'value' | 'duplicate';

const decimal = /^-?\d{1,15}(\.\d{1,12})?$/;

/**
 * The form's rows as the API's overrides `{ [incentive]: { [parameter]: "0.25" } }`, or the
 * problem of each bad row (by index): no incentive, no parameter, a value that is not a plain
 * decimal (commas of thousands are dropped: "3,000,000" is 3000000), the same parameter twice.
 */
export function overridesOf(rows: readonly OverrideRow[], known: readonly OverridableIncentive[]): { overrides: ParameterOverridesInput; problems: Map<number, RowProblem> } {
  const overrides: Record<string, Record<string, string>> = {};
  const problems = new Map<number, RowProblem>();
  rows.forEach((row, index) => {
    const incentive = known.find((candidate) => candidate.incentive_id === row.incentive);
    if (!incentive) return void problems.set(index, 'incentive');
    if (!incentive.parameters.some((parameter) => parameter.name === row.parameter) || row.parameter === undefined) return void problems.set(index, 'parameter');
    const value = (row.value ?? '').replace(/[,，\s]/g, '');
    if (!decimal.test(value)) return void problems.set(index, 'value');
    const values = (overrides[incentive.incentive_id] ??= {});
    if (values[row.parameter] !== undefined) return void problems.set(index, 'duplicate');
    values[row.parameter] = value;
  });
  return { overrides, problems };
}

/** A parameter's value as people read it: a ratio as a percentage (0.2 → 20%), money in yuan, else as it is. */
export function parameterText(value: string, unit: string): string {
  if (unit === 'ratio' && decimal.test(value)) {
    const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
    const digits = `${whole}${fraction.padEnd(2, '0')}`;
    const percentWhole = digits.slice(0, whole.length + 2).replace(/^0+(?=\d)/, '');
    const percentFraction = digits.slice(whole.length + 2).replace(/0+$/, '');
    return `${value.startsWith('-') ? '-' : ''}${percentWhole}${percentFraction ? `.${percentFraction}` : ''}%`;
  }
  return unit === 'ratio' ? value : `${value} ${unit}`;
}
