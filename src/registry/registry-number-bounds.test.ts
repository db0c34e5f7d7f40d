/**
 * Registry numbers are read strictly and within bounds, in a file row: a count is a whole number
 * from 0 to 10,000,000 (never 1e308, Infinity, 0x10, 12.5 or twenty digits), an amount is exact
 * yuan below 10^15 (never 1e308 or Infinity). Each refusal names the row and the field, and
 * nothing of the file is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { openRegistryTestPlatform, type RegistryTestPlatform } from '../../test/registry-platform.ts';
import { creditCodeCheckCharacter } from '../shared/index.ts';
import { getEnterprise } from './get-enterprise.ts';

const code = (first17: string) => `${first17}${creditCodeCheckCharacter(first17)}`;
const firm = code('91640104MA0000077');
const contractHeader = 'registration_number,type,contract_amount,tech_amount,seller_name,seller_credit_code,seller_org,buyer_name,buyer_credit_code,buyer_org,registered_on';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`registry number bounds on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let registry: RegistryTestPlatform;

    beforeAll(async () => {
      registry = await openRegistryTestPlatform(target);
      expect(await registry.load('enterprises', `credit_code,name,org\n${firm},宁夏数值边界科技有限公司,640104\n`)).toMatchObject({ created: 1, problems: [] });
    });

    afterAll(async () => {
      await registry?.close();
    });

    it('refuses counts that are not whole numbers within bounds, naming the row and the field', async () => {
      const counts = ['1e308', 'Infinity', '0x10', '12.5', '99999999999999999999', '-3', '10000001', 'NaN'];
      const rows = counts.map((count, index) => `${firm},${2000 + index},${count}`);
      const report = await registry.load('enterprise_years', `credit_code,year,staff\n${rows.join('\n')}\n`);
      expect(report.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(counts.map((_, index) => `${index + 2} staff`));
      for (const [index, count] of counts.entries()) {
        expect(report.problems[index]?.message).toMatch(new RegExp(`^enterprise_years\\.csv:${index + 2} staff：`));
        // The refusal shows what was written, never a number JavaScript made of it.
        if (count !== '10000001') expect(report.problems[index]?.message, count).toContain(count);
      }
      expect(report.created).toBe(0);
      expect((await getEnterprise(registry.platform.db, firm, await registry.caller('system'))).enterprise.years).toEqual({});
    });

    it('refuses amounts of 1e308, Infinity or beyond 10^15 yuan, naming the row and the field', async () => {
      const amounts = ['1e308', 'Infinity', '-Infinity', '1000000000000000', '9'.repeat(400)];
      const rows = amounts.map((amount, index) => `JS-B${index},技术开发,${amount},1,甲,,640104,乙,,110108,2024-05-01`);
      const report = await registry.load('tech_contracts', `${contractHeader}\n${rows.join('\n')}\n`);
      expect(report.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(amounts.map((_, index) => `${index + 2} contract_amount`));
      expect(report.created).toBe(0);
    });
  });
}
