import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import zh from '../../i18n/zh.json';
import { amountInPolicyUnit, amountInYuan, profilePathLabel, withPathLabels } from './calc-format.ts';

describe('the calculator’s amounts and field names', () => {
  beforeAll(async () => {
    await i18next.init({ lng: 'zh', interpolation: { escapeValue: false }, resources: { zh: { translation: zh }, en: { translation: en } } });
  });

  it('shows amounts in 万元 keeping every 元 and 分, on the digits themselves', () => {
    expect(amountInPolicyUnit('246913.58', 'zh')).toBe('24.691358万元');
    expect(amountInPolicyUnit('2000000.00', 'zh')).toBe('200万元');
    expect(amountInPolicyUnit('10000000.00', 'zh')).toBe('1000万元');
    expect(amountInPolicyUnit('123456789012.00', 'zh')).toBe('12,345,678.9012万元');
    expect(amountInPolicyUnit('8500.00', 'zh')).toBe('8,500元');
    expect(amountInPolicyUnit('0.01', 'zh')).toBe('0.01元');
    expect(amountInPolicyUnit('246913.58', 'en')).toBe('¥246,913.58');
    expect(amountInYuan('246913.5', 'zh')).toBe('246,913.50元');
  });

  it('names missing fields in Chinese', () => {
    const t = i18next.getFixedT('zh');
    expect(profilePathLabel('years.2023.rd_expense', t)).toBe('2023年研发费用');
    expect(profilePathLabel('hte_innovation_score', t)).toBe('高企认定创新能力评价得分');
    expect(profilePathLabel('flags.deemed_taxation', t)).toBe('企业所得税核定征收');
    expect(profilePathLabel('events.national_st_award.amount', t)).toBe('获国家科学技术奖的奖金金额');
    expect(withPathLabels('未知（缺 years.2023.tech_staff、years.2023.staff）', t)).toBe('未知（缺 2023年科技人员数、2023年职工总数）');
    expect(profilePathLabel('years.2023.rd_expense', i18next.getFixedT('en'))).toBe('R&D expense, 2023');
    // Certificate and event types a rule's text names, in words (the page walk refuses codes).
    expect(withPathLabels('触发条件：2024年发生事件 first_above_scale；a national_hte certificate', t)).toBe('触发条件：2024年发生事件 首次纳入规模以上企业；a 国家高新技术企业 certificate');
  });
});
