/**
 * A profile's derived 净资产 (total assets − total liabilities), exact: integer cents for amounts
 * of up to 13 digits of yuan (a screening run derives three a firm), decimal.js beyond.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { profileOf, type ProfileRecord } from './build-enterprise-profile.ts';

const record = (years: ProfileRecord['years']): ProfileRecord => ({
  creditCode: '91640104MA00000011',
  name: '测试企业',
  org: '640104',
  industry: null,
  founded: null,
  years,
  events: [],
  hteInnovationScore: null,
  deemedTaxation: null,
  westernDevelopmentEncouraged: null,
  icOrMachineToolList: null,
  synthetic: false,
});

const netAssetsOf = (assets: string | number, liabilities: string | number) => profileOf(record({ '2024': { total_assets: assets, total_liabilities: liabilities } }), []).years['2024']?.net_assets;

describe('net assets in a profile', () => {
  it.each([
    ['100.00', '0.01', '99.99'],
    ['0.50', '1.00', '-0.50'],
    ['1.00', '1.00', '0.00'],
    ['-5.00', '1.25', '-6.25'],
    ['-0.05', '-0.10', '0.05'],
    ['12.30', '0.00', '12.30'],
    ['9999999999999.99', '0.01', '9999999999999.98'],
    ['-9999999999999.99', '9999999999999.99', '-19999999999999.98'],
    // Beyond 13 digits of yuan: decimal.js.
    ['12345678901234.56', '1.00', '12345678901233.56'],
    ['123456789012345678.91', '0.92', '123456789012345677.99'],
  ])('%s − %s = %s', (assets, liabilities, expected) => {
    expect(netAssetsOf(assets, liabilities)).toBe(expected);
  });

  it('agrees with decimal.js on amounts across the safe range', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let round = 0; round < 2000; round++) {
      const digits = 1 + (next() % 13);
      const yuan = (sign: boolean) => `${sign && next() % 3 === 0 ? '-' : ''}${String(next() % 10 ** Math.min(digits, 9)) + (digits > 9 ? String(next() % 10 ** (digits - 9)).padStart(digits - 9, '0') : '')}.${String(next() % 100).padStart(2, '0')}`;
      const assets = new Decimal(yuan(true)).toFixed(2);
      const liabilities = new Decimal(yuan(true)).toFixed(2);
      expect(netAssetsOf(assets, liabilities)).toBe(new Decimal(assets).minus(liabilities).toFixed(2));
    }
  });

  it('is absent when either figure is unknown', () => {
    expect(profileOf(record({ '2024': { total_assets: '1.00' } }), []).years['2024']).toEqual({ total_assets: '1.00' });
  });
});
