/**
 * One rule per field, wherever the value comes from: a file row and an edit of the same value
 * are accepted or refused together, naming the same field; amounts are exact to the 分, read
 * strictly, and summed without floating point.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { openRegistryTestPlatform, type RegistryTestPlatform } from '../../test/registry-platform.ts';
import { compareRegistryWithPublished } from './compare-registry-with-published.ts';
import { countRegistryIndicators } from './count-registry-indicators.ts';
import { creditCodeCheckCharacter } from '../shared/index.ts';
import { findContractTurnover } from './find-contract-turnover.ts';
import { getEnterprise } from './get-enterprise.ts';
import type { EnterpriseChanges } from './registry-contract.ts';
import { wholeRegistry } from './registry-scope.ts';
import { updateEnterprise } from './update-enterprise.ts';

const code = (body: string) => `${body}${creditCodeCheckCharacter(body)}`;
const firm = code('91640104MA0000021');
const enterpriseHeader = 'credit_code,name,org,industry,founded,above_scale,contact_name,contact_phone';
const enterpriseRow = { credit_code: firm, name: '宁夏字段规则科技有限公司', org: '640104', industry: 'C3216', founded: '2015-06-01', above_scale: '否', contact_name: '张伟', contact_phone: '13812345678' };
const contractHeader = 'registration_number,type,contract_amount,tech_amount,seller_name,seller_credit_code,seller_org,buyer_name,buyer_credit_code,buyer_org,registered_on';

/** Values one of the two paths used to take and the other refused, and values both take. */
const refused: { field: keyof typeof enterpriseRow & keyof EnterpriseChanges; value: string; why: string }[] = [
  { field: 'industry', value: 'C1', why: 'a section letter and one digit is no GB/T 4754 level' },
  { field: 'industry', value: 'C14411', why: 'five digits' },
  { field: 'industry', value: 'c1441', why: 'a lower-case section' },
  { field: 'contact_phone', value: 'call me', why: 'not a phone number: the import used to take it' },
  { field: 'contact_phone', value: '1'.repeat(31), why: 'longer than 30' },
  { field: 'founded', value: '2999-01-01', why: 'after today: the import used to take it' },
  { field: 'founded', value: '2015-02-30', why: 'no such day' },
  { field: 'name', value: '', why: 'required' },
  { field: 'org', value: '640100', why: 'a city, not a county' },
  { field: 'org', value: '100000', why: 'the country: the import used to take it' },
];
const accepted: { field: keyof typeof enterpriseRow & keyof EnterpriseChanges; value: string }[] = [
  { field: 'industry', value: 'C' },
  { field: 'industry', value: 'C14' },
  { field: 'industry', value: 'C144' },
  { field: 'industry', value: 'C1441' },
  { field: 'contact_phone', value: '0951-5012345' },
  { field: 'founded', value: '2025-06-30' },
];

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`registry field rules on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let registry: RegistryTestPlatform;

    /** The fields a one-row enterprise file is refused for (checked only). */
    const importRefuses = async (field: string, value: string) => {
      const row = { ...enterpriseRow, [field]: value };
      const report = await registry.load('enterprises', `${enterpriseHeader}\n${Object.values(row).join(',')}\n`, { dryRun: true });
      return report.problems.map((problem) => problem.field);
    };
    /** The fields the same value is refused for as an edit by the coordinator (who may change every field). */
    const editRefuses = async (field: string, value: string) => {
      const current = await getEnterprise(registry.platform.db, firm, await registry.caller('system'));
      const failure = await updateEnterprise(registry.platform.db, firm, { expected_updated_at: current.enterprise.updated_at, [field]: value }, await registry.caller('coordinator')).catch((error: unknown) => error);
      if (failure === undefined) return [];
      expect(failure).toMatchObject({ code: 'bad_request' });
      return (failure as { details: { field: string }[] }).details.map((problem) => problem.field);
    };

    beforeAll(async () => {
      registry = await openRegistryTestPlatform(target);
      expect((await registry.load('enterprises', `${enterpriseHeader}\n${Object.values(enterpriseRow).join(',')}\n`)).problems).toEqual([]);
    });

    afterAll(async () => {
      await registry?.close();
    });

    it('refuses a value in a file row and in an edit alike, naming the same field', async () => {
      for (const { field, value, why } of refused) {
        expect(await importRefuses(field, value), `import ${field}=${value} (${why})`).toEqual([field]);
        expect(await editRefuses(field, value), `edit ${field}=${value} (${why})`).toEqual([field]);
      }
    });

    it('takes a GB/T 4754 code at every level and a plain phone number in a file row and in an edit alike', async () => {
      for (const { field, value } of accepted) {
        expect(await importRefuses(field, value), `import ${field}=${value}`).toEqual([]);
        expect(await editRefuses(field, value), `edit ${field}=${value}`).toEqual([]);
      }
    });

    it('refuses amounts that are not exact yuan — negative, hexadecimal, exponent, more than two decimals, not a number — naming the row and field', async () => {
      const amounts = ['0x10', '1e3', '-5', '1.234', 'abc', '1,2,3', '', 'Infinity'];
      const rows = amounts.map((amount, index) => `JS-P${index},技术开发,${amount.includes(',') ? `"${amount}"` : amount},1,甲,,640104,乙,,110108,2024-05-01`);
      const report = await registry.load('tech_contracts', `${contractHeader}\n${rows.join('\n')}\n`);
      expect(report.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(amounts.map((_, index) => `${index + 2} contract_amount`));
      const messages = report.problems.map((problem) => problem.message);
      expect(messages[0]).toBe('tech_contracts.csv:2 contract_amount：“0x10”不是金额（以元为单位的数字，如 12345.67）');
      expect(messages[1]).toContain('“1e3”不是金额');
      expect(messages[2]).toContain('金额不能为负');
      expect(messages[3]).toContain('超过两位小数');
      expect(messages[4]).toContain('“abc”不是金额');
      expect(messages[5]).toContain('“1,2,3”不是金额');
      expect(messages[6]).toContain('不能为空');
      expect(report.problems[0]?.message_en).toContain('"0x10" is not an amount');

      const years = await registry.load('enterprise_years', `credit_code,year,revenue,staff\n${firm},2024,0x10,12\n${firm},2023,12.345,1e3\n${firm},2022,"1,234,567.89",12.5\n`);
      expect(years.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(['2 revenue', '3 revenue', '3 staff', '4 staff']);

      const current = await getEnterprise(registry.platform.db, firm, await registry.caller('system'));
      const edit = await updateEnterprise(
        registry.platform.db,
        firm,
        { expected_updated_at: current.enterprise.updated_at, years: { '2024': { revenue: '0x10', rd_expense: '1e3', high_tech_revenue: '-5', total_assets: '1.234', costs: 'abc' } } },
        await registry.caller('coordinator'),
      ).catch((error: unknown) => error);
      expect((edit as { details: { field: string }[] }).details.map((problem) => problem.field)).toEqual(['years.2024.revenue', 'years.2024.rd_expense', 'years.2024.high_tech_revenue', 'years.2024.total_assets', 'years.2024.costs']);
    });

    it('keeps amounts exact to the 分 as given, with thousands separators read', async () => {
      const report = await registry.load('tech_contracts', `${contractHeader}\nJS-Q1,技术服务,"1,234,567.89",0.1,甲,,640104,乙,,110108,2024-05-01\n`);
      expect(report).toMatchObject({ created: 1, problems: [] });
      const years = await registry.load('enterprise_years', `credit_code,year,revenue,rd_expense\n${firm},2022,"1,234,567.89",0.1\n`);
      expect(years).toMatchObject({ created: 1, problems: [] });
      const detail = await getEnterprise(registry.platform.db, firm, await registry.caller('system'));
      expect(detail.enterprise.years['2022']).toEqual({ revenue: '1234567.89', rd_expense: '0.10' });
    });

    it('sums many 0.1-yuan amounts and a large one exactly, where floating point loses the 分', async () => {
      // 9,999,999,999.99 yuan and ten contracts of 0.10 yuan, each to another county: 10,000,000,000.99 yuan,
      // 100.0000000099 亿元 — thirteen significant digits, more than a float sum rounded to twelve keeps.
      const buyers = ['640105', '640106', '640121', '640122', '640181', '640202', '640205', '640221', '640302', '640303'];
      const rows = [`JS-S0,技术开发,9999999999.99,9999999999.99,甲,,640104,乙,,110108,2022-03-01`, ...buyers.map((buyer, index) => `JS-S${index + 1},技术服务,0.10,0.10,甲,,640104,丙${index},,${buyer},2022-04-01`)];
      expect(await registry.load('tech_contracts', `${contractHeader}\n${rows.join('\n')}\n`)).toMatchObject({ created: 11, problems: [] });
      const system = await registry.caller('system');
      const turnover = await findContractTurnover(registry.platform.db, system, { org: '640000', year: 2022 });
      expect(turnover.total).toMatchObject({ output: '100.0000000099', output_count: 11, output_to_outside: '99.9999999999', absorption: '0.00000001' });
      expect(turnover.rows.find((row) => row.org === '640100')).toMatchObject({ output: '100.0000000099', absorption: '0.000000005' });
      const counts = await countRegistryIndicators(registry.platform.db, wholeRegistry, registry.tree, 2022);
      expect(counts.find((count) => count.indicator === 'tech_contract_turnover' && count.org === '640104')?.value).toBe('100.0000000099');
      const comparison = await compareRegistryWithPublished(registry.platform.db, { org: '640000', year: 2022 }, { tree: registry.tree, indicators: [] });
      expect(comparison.indicators.find((row) => row.indicator === 'tech_contract_turnover')?.registry_value).toBe('100.0000000099');
      expect(comparison.indicators.find((row) => row.indicator === 'tech_contract_absorption')?.registry_value).toBe('0.00000001');
    });
  });
}
