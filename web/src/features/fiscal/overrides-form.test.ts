import { describe, expect, it } from 'vitest';
import { overridesOf, parameterText } from './overrides-form.ts';

const known = [
  {
    incentive_id: 'ningxia-2022.first-above-scale-rd-award',
    incentive_title: '首次达到规模以上工业企业研发投入奖补',
    pack_id: 'ningxia-2022-st-action',
    parameters: [
      { name: 'rate', label: '奖补比例', unit: 'ratio', value: '0.2' },
      { name: 'cap', label: '最高奖补金额', unit: '元', value: '2000000' },
    ],
  },
];

describe('the what-if form', () => {
  it('turns rows into overrides, dropping thousands separators', () => {
    expect(overridesOf([{ incentive: known[0]!.incentive_id, parameter: 'rate', value: '0.25' }, { incentive: known[0]!.incentive_id, parameter: 'cap', value: '3,000,000' }], known)).toEqual({
      overrides: { 'ningxia-2022.first-above-scale-rd-award': { rate: '0.25', cap: '3000000' } },
      problems: new Map(),
    });
  });

  it('names each bad row: no incentive, an unknown parameter, a value that is no decimal, a parameter twice', () => {
    const id = known[0]!.incentive_id;
    const { problems } = overridesOf([{}, { incentive: id, parameter: 'ratio', value: '1' }, { incentive: id, parameter: 'rate', value: '1e3' }, { incentive: id, parameter: 'cap', value: '1' }, { incentive: id, parameter: 'cap', value: '2' }], known);
    expect([...problems.entries()]).toEqual([
      [0, 'incentive'],
      [1, 'parameter'],
      [2, 'value'],
      [4, 'duplicate'],
    ]);
  });

  it('shows a ratio as a percentage, digit for digit', () => {
    expect(parameterText('0.2', 'ratio')).toBe('20%');
    expect(parameterText('0.125', 'ratio')).toBe('12.5%');
    expect(parameterText('1.5', 'ratio')).toBe('150%');
    expect(parameterText('2000000', '元')).toBe('2000000 元');
  });
});
