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
  events: [
    { type: 'national_st_award', label: '获国家科学技术奖', year: 2023, amount: '200000.00' },
    { type: 'first_above_scale', label: '首次纳入规模以上企业', year: 2024 },
  ],
  hte_innovation_score: 75,
  flags: { deemed_taxation: false, western_development_encouraged: null, ic_or_machine_tool_list: null },
  synthetic: true,
  updated_at: '2026-01-02T03:04:05.000Z',
};
const all: EnterpriseEditableField[] = ['name', 'org', 'above_scale', 'events', 'industry', 'founded', 'contact_name', 'contact_phone', 'years', 'hte_innovation_score', 'flags'];
const own: EnterpriseEditableField[] = ['industry', 'founded', 'contact_name', 'contact_phone', 'years', 'hte_innovation_score', 'flags'];

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

  it('sends the whole list of events when one changed, and nothing for the same events typed differently', () => {
    const values = enterpriseFormValues(enterprise);
    values.events = [{ type: 'first_above_scale', year: 2024 }, { type: 'national_st_award', year: 2023, amount: '200,000' }];
    expect(enterpriseChanges(enterprise, values, all)).toBeUndefined();
    values.events = [{ type: 'first_above_scale', year: 2025 }, { type: 'national_st_award', year: 2023, amount: '200000' }, { type: null, year: null }];
    expect(enterpriseChanges(enterprise, values, all)?.events).toEqual([{ type: 'first_above_scale', year: 2025 }, { type: 'national_st_award', year: 2023, amount: '200000' }]);
    // Events are master data: an enterprise's own account never sends them.
    expect(enterpriseChanges(enterprise, values, own)).toBeUndefined();
  });

  it('sends a changed score and only the changed declarations; "not declared" as null, never false', () => {
    const values = enterpriseFormValues(enterprise);
    expect(values.flags).toEqual({ deemed_taxation: 'no', western_development_encouraged: 'unset', ic_or_machine_tool_list: 'unset' });
    values.hte_innovation_score = null;
    values.flags = { deemed_taxation: 'unset', western_development_encouraged: 'yes', ic_or_machine_tool_list: 'unset' };
    expect(enterpriseChanges(enterprise, values, own)).toEqual({ expected_updated_at: enterprise.updated_at, hte_innovation_score: null, flags: { deemed_taxation: null, western_development_encouraged: true } });
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
    // events.1.year is the second event sent: rows without a type or year are not sent.
    const withEvents = { events: [{ type: null, year: null }, { type: 'first_above_scale' as const, year: 2024 }, { type: 'first_above_scale' as const, year: 2024 }] };
    expect(formFieldOf('events.1.year', withEvents)).toEqual(['events', 2, 'year']);
    expect(formFieldOf('hte_innovation_score', values)).toEqual(['hte_innovation_score']);
    expect(formFieldOf('flags.deemed_taxation', values)).toEqual(['flags', 'deemed_taxation']);
  });
});
