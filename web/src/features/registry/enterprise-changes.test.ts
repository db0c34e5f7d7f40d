import { describe, expect, it } from 'vitest';
import type { EnterpriseDetail, EnterpriseEditableField } from '../../api/types.ts';
import { enterpriseChanges, enterpriseFormValues, formFieldOf } from './enterprise-changes.ts';

const enterprise: EnterpriseDetail['enterprise'] = {
  credit_code: '91640100MA76XXXX1X',
  name: '合成·示例科技有限公司',
  org: '640104',
  org_name: '兴庆区',
  industry: 'C3961',
  industry_name: null,
  founded: '2015-03-01',
  above_scale: false,
  contact_name: '张三',
  contact_phone: '13800001234',
  contacts_masked: false,
  years: { '2023': { revenue: '1000000.00', staff: 20 }, '2022': { revenue: '800000.00' } },
  synthetic: true,
  updated_at: '2026-01-02T03:04:05.000Z',
};
const all: EnterpriseEditableField[] = ['name', 'org', 'above_scale', 'industry', 'founded', 'contact_name', 'contact_phone', 'years'];
const own: EnterpriseEditableField[] = ['industry', 'founded', 'contact_name', 'contact_phone', 'years'];

describe('enterpriseChanges', () => {
  it('sends nothing when the form is as loaded', () => {
    expect(enterpriseChanges(enterprise, enterpriseFormValues(enterprise), all)).toBeUndefined();
  });

  it('sends only the changed fields, with the updated_at the form was loaded with', () => {
    const values = { ...enterpriseFormValues(enterprise), contact_phone: ' 13900005678 ', industry: '' };
    expect(enterpriseChanges(enterprise, values, own)).toEqual({ expected_updated_at: enterprise.updated_at, contact_phone: '13900005678', industry: null });
  });

  it('sends a new or changed year whole, a removed year as null, an unchanged year not at all', () => {
    const values = enterpriseFormValues(enterprise);
    values.years = [
      { year: 2024, revenue: '1,500,000.5', rd_expense: null },
      { year: 2023, revenue: '1000000.00', staff: 21 },
    ];
    expect(enterpriseChanges(enterprise, values, own)?.years).toEqual({ '2024': { revenue: '1500000.5' }, '2023': { revenue: '1000000.00', staff: 21 }, '2022': null });
  });

  it('takes an amount typed differently for the same amount as unchanged', () => {
    const values = enterpriseFormValues(enterprise);
    values.years = [
      { year: 2023, revenue: '1,000,000', staff: 20 },
      { year: 2022, revenue: '800000.0' },
    ];
    expect(enterpriseChanges(enterprise, values, own)).toBeUndefined();
  });

  it('never sends a field the account may not change', () => {
    const values = { ...enterpriseFormValues(enterprise), name: '合成·别名有限公司', above_scale: true };
    expect(enterpriseChanges(enterprise, values, own)).toBeUndefined();
  });

  it('leaves masked contacts alone unless something is typed', () => {
    const masked = { ...enterprise, contacts_masked: true, contact_phone: '138****1234' };
    const values = enterpriseFormValues(masked);
    expect(values.contact_phone).toBe('');
    expect(enterpriseChanges(masked, values, all)).toBeUndefined();
  });
});

describe('formFieldOf', () => {
  it('places a year problem in its row and a field problem on its field', () => {
    const values = { years: [{ year: 2024 }, { year: 2023 }] };
    expect(formFieldOf('years.2023.rd_expense', values)).toEqual(['years', 1, 'rd_expense']);
    expect(formFieldOf('years.2031', values)).toEqual(['years']);
    expect(formFieldOf('contact_phone', values)).toEqual(['contact_phone']);
    expect(formFieldOf('expected_updated_at', values)).toBeUndefined();
  });
});
