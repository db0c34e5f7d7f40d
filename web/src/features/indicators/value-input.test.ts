import { describe, expect, it } from 'vitest';
import { checkTypedValue } from './value-input.ts';

const count = { unit: '家', bounds: { value_type: 'count' as const, min: 0, max: 1_000_000, decimals: 0 } };
const percent = { unit: '%', bounds: { value_type: 'percentage' as const, min: 0, max: 100, decimals: 4 } };

describe('a typed value on the entry form', () => {
  it('refuses −5 with a message instead of turning it into 0', () => {
    expect(checkTypedValue('-5', count, '家')).toEqual({ ok: false, problem: { key: 'negative', text: '-5' } });
    expect(checkTypedValue('－5', count, '')).toEqual({ ok: false, problem: { key: 'negative', text: '－5' } });
  });

  it('refuses text with a message instead of dropping it', () => {
    expect(checkTypedValue('abc', count, '家')).toEqual({ ok: false, problem: { key: 'notNumber', text: 'abc' } });
    expect(checkTypedValue('12abc', count, '家')).toEqual({ ok: false, problem: { key: 'notNumber', text: '12abc' } });
    expect(checkTypedValue('1e30', count, '家')).toEqual({ ok: false, problem: { key: 'notNumber', text: '1e30' } });
    expect(checkTypedValue('0x10', count, '家')).toEqual({ ok: false, problem: { key: 'notNumber', text: '0x10' } });
  });

  it('takes digits, thousands separators and full-width digits; an empty cell is no value', () => {
    expect(checkTypedValue('1,200', count, '家')).toEqual({ ok: true, value: 1200 });
    expect(checkTypedValue('１２００', count, '家')).toEqual({ ok: true, value: 1200 });
    expect(checkTypedValue('  ', count, '家')).toEqual({ ok: true, value: null });
    expect(checkTypedValue('0', count, '家')).toEqual({ ok: true, value: 0 });
  });

  it('checks the bounds at their edges in the canonical unit', () => {
    expect(checkTypedValue('1000000', count, '家')).toEqual({ ok: true, value: 1_000_000 });
    expect(checkTypedValue('1000001', count, '家')).toEqual({ ok: false, problem: { key: 'aboveMax', max: '1,000,000', unit: '家' } });
    expect(checkTypedValue('100000000000000000000', count, '')).toMatchObject({ ok: false, problem: { key: 'aboveMax' } });
    expect(checkTypedValue('12.5', count, '家')).toEqual({ ok: false, problem: { key: 'whole', unit: '家' } });
    expect(checkTypedValue('12.0', count, '家')).toEqual({ ok: true, value: 12 });
    expect(checkTypedValue('100', percent, '%')).toEqual({ ok: true, value: 100 });
    expect(checkTypedValue('100.0001', percent, '%')).toMatchObject({ ok: false, problem: { key: 'aboveMax' } });
    expect(checkTypedValue('2.5312', percent, '%')).toEqual({ ok: true, value: 2.5312 });
    expect(checkTypedValue('2.53125', percent, '%')).toEqual({ ok: false, problem: { key: 'decimals', decimals: 4 } });
    expect(checkTypedValue('9.5', { unit: '%', bounds: { ...percent.bounds, min: 10 } }, '')).toEqual({ ok: false, problem: { key: 'belowMin', min: '10', unit: '%' } });
  });

  it('leaves the bounds of a value typed in another unit to the server, but still refuses a negative one', () => {
    const money = { unit: '亿元', bounds: { value_type: 'money' as const, min: 0, max: 10_000_000, decimals: 10 } };
    expect(checkTypedValue('123456789', money, '万元')).toEqual({ ok: true, value: 123456789 });
    expect(checkTypedValue('-1', money, '万元')).toMatchObject({ ok: false, problem: { key: 'negative' } });
  });
});
