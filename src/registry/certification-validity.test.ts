import { describe, expect, it } from 'vitest';
import { defaultValidTo, isValidOn } from './certification-validity.ts';

describe('certification validity', () => {
  it('runs a national high-tech enterprise certificate three years from its date, both ends included', () => {
    expect(defaultValidTo('national_hte', '2021-11-15')).toBe('2024-11-14');
    const certificate = { validFrom: '2021-11-15', validTo: '2024-11-14', revokedOn: null };
    expect(isValidOn(certificate, '2021-11-14')).toBe(false);
    expect(isValidOn(certificate, '2021-11-15')).toBe(true);
    expect(isValidOn(certificate, '2024-11-14')).toBe(true);
    expect(isValidOn(certificate, '2024-11-15')).toBe(false);
  });

  it('handles a certificate dated 29 February', () => {
    expect(defaultValidTo('national_hte', '2024-02-29')).toBe('2027-02-28');
  });

  it('keeps a tech-based SME registration to the end of its year', () => {
    expect(defaultValidTo('tech_sme', '2024-04-01')).toBe('2024-12-31');
    expect(isValidOn({ validFrom: '2024-04-01', validTo: '2024-12-31', revokedOn: null }, '2024-12-31')).toBe(true);
    expect(isValidOn({ validFrom: '2024-04-01', validTo: '2024-12-31', revokedOn: null }, '2025-01-01')).toBe(false);
  });

  it('holds a revoked certificate up to the day before its revocation', () => {
    const revoked = { validFrom: '2022-01-01', validTo: '2024-12-31', revokedOn: '2023-07-01' };
    expect(isValidOn(revoked, '2023-06-30')).toBe(true);
    expect(isValidOn(revoked, '2023-07-01')).toBe(false);
    expect(isValidOn(revoked, '2024-06-30')).toBe(false);
  });
});
