/**
 * A scoped `registry.import` grant fails closed row by row: the security administrator may give
 * an area role its own area (or an enterprise its own records); a row whose record lies outside —
 * by its own area, by the area of the record it would replace, or by the enterprise or platform it
 * belongs to — refuses the whole import, naming the row, and the rows within scope import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { openRegistryTestPlatform, type RegistryTestPlatform } from '../../test/registry-platform.ts';
import { noOrigin, type Actor, demoCreditCode, PermissionTable } from '../accounts/index.ts';
import { readTableFile, creditCodeCheckCharacter } from '../shared/index.ts';
import { findEnterprises } from './find-enterprises.ts';
import { importRegistry } from './import-registry.ts';
import type { RegistryKind } from './registry-vocabulary.ts';

const code = (body: string) => `${body}${creditCodeCheckCharacter(body)}`;
// 兴庆区 and 金凤区 lie in 银川市 (the test area reporter's 640100); 大武口区 in 石嘴山市.
const yinchuanFirm = code('91640104MA0000031');
const otherYinchuanFirm = code('91640106MA0000032');
const shizuishanFirm = code('91640202MA0000033');
const header = 'credit_code,name,org\n';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`scoped registry imports on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let registry: RegistryTestPlatform;
    let permissions: PermissionTable;
    let reporter: Actor;
    let enterpriseUser: Actor;
    const importAs = async (actor: Actor, kind: RegistryKind, csv: string) =>
      importRegistry(registry.platform.db, kind, `${kind}.csv`, await readTableFile(`${kind}.csv`, Buffer.from(csv)), { tree: registry.tree, actor, permissions, origin: noOrigin, now: registry.now });
    const refusals = (report: { problems: { line: number; field: string }[] }) => report.problems.map((problem) => `${problem.line} ${problem.field}`);

    beforeAll(async () => {
      registry = await openRegistryTestPlatform(target);
      // As the security administrator would grant them: the area reporter its area, the enterprise user its own enterprise.
      permissions = new PermissionTable([
        ...registry.permissions.rows.filter((row) => row.action !== 'registry.import' || (row.role !== 'area_reporter' && row.role !== 'enterprise_user')),
        { role: 'area_reporter', action: 'registry.import', scope: 'own_area' },
        { role: 'enterprise_user', action: 'registry.import', scope: 'own_enterprise' },
      ]);
      reporter = await registry.actor('area-reporter');
      enterpriseUser = await registry.actor('enterprise-user');
      expect(await registry.load('enterprises', `${header}${shizuishanFirm},石嘴山黄河化工有限公司,640202\n${demoCreditCode},合成·演示企业有限公司,640106\n`)).toMatchObject({ created: 2, problems: [] });
      expect(await registry.load('platforms', 'registration_number,name,type,level,host,org,approved_on\nPT-S,石嘴山新材料工程技术研究中心,工程技术研究中心,regional,石嘴山黄河化工有限公司,640202,2020-06-01\n')).toMatchObject({ created: 1 });
    });

    afterAll(async () => {
      await registry?.close();
    });

    it('refuses a whole file with a row of another area, naming that row, and imports the rows of its own area', async () => {
      const mixed = `${header}${yinchuanFirm},宁夏银川一号科技有限公司,640104\n${code('91640202MA0000034')},石嘴山二号科技有限公司,640202\n${otherYinchuanFirm},宁夏银川三号科技有限公司,640106\n`;
      const refused = await importAs(reporter, 'enterprises', mixed);
      expect(refusals(refused)).toEqual(['3 org']);
      expect(refused.problems[0]?.message).toBe('enterprises.csv:3 org：大武口区（640202）的记录不在您的导入范围（银川市）内');
      expect(refused.problems[0]?.message_en).toContain('outside your import scope (银川市)');
      expect((await findEnterprises(registry.platform.db, await registry.caller('system'), { q: '号科技', limit: 20, offset: 0 })).total).toBe(0);

      const own = `${header}${yinchuanFirm},宁夏银川一号科技有限公司,640104\n${otherYinchuanFirm},宁夏银川三号科技有限公司,640106\n`;
      expect(await importAs(reporter, 'enterprises', own)).toMatchObject({ created: 2, problems: [] });
    });

    it('refuses to take over another area’s enterprise by its credit code, even when moving it into its own area', async () => {
      const report = await importAs(reporter, 'enterprises', `${header}${shizuishanFirm},石嘴山黄河化工有限公司,640104\n`);
      expect(refusals(report)).toEqual(['2 credit_code']);
      expect(report.problems[0]?.message).toContain('大武口区（640202）的记录不在您的导入范围（银川市）内');
    });

    it('decides certifications and financials by their enterprise’s area, evaluations by their platform’s', async () => {
      const certifications = await importAs(reporter, 'certifications', `credit_code,type,valid_from\n${yinchuanFirm},tech_sme,2025-04-01\n${shizuishanFirm},tech_sme,2025-04-01\n`);
      expect(refusals(certifications)).toEqual(['3 credit_code']);
      expect(await importAs(reporter, 'certifications', `credit_code,type,valid_from\n${yinchuanFirm},tech_sme,2025-04-01\n`)).toMatchObject({ created: 1, problems: [] });
      expect(refusals(await importAs(reporter, 'enterprise_years', `credit_code,year,revenue\n${shizuishanFirm},2024,1000000\n`))).toEqual(['2 credit_code']);
      expect(refusals(await importAs(reporter, 'platform_evaluations', 'registration_number,evaluated_on,result\nPT-S,2023-12-15,合格\n'))).toEqual(['2 registration_number']);
      expect(refusals(await importAs(reporter, 'platforms', 'registration_number,name,type,level,host,org,approved_on\nPT-Y,银川某众创空间,众创空间,regional,某大学,640202,2021-01-01\n'))).toEqual(['2 org']);
    });

    it('decides a contract by its seller’s area, where it is registered', async () => {
      const contracts = 'registration_number,type,contract_amount,tech_amount,seller_name,seller_org,buyer_name,buyer_org,registered_on\n';
      const report = await importAs(reporter, 'tech_contracts', `${contracts}JS-Y1,技术开发,100,100,银川一号,640104,北京某院,110108,2024-05-01\nJS-S1,技术开发,100,100,石嘴山二号,640202,银川一号,640104,2024-05-01\n`);
      expect(refusals(report)).toEqual(['3 seller_org']);
      expect(await importAs(reporter, 'tech_contracts', `${contracts}JS-Y1,技术开发,100,100,银川一号,640104,北京某院,110108,2024-05-01\n`)).toMatchObject({ created: 1, problems: [] });
    });

    it('lets an enterprise with an own-enterprise grant import its own record only', async () => {
      expect(refusals(await importAs(enterpriseUser, 'enterprises', `${header}${yinchuanFirm},宁夏银川一号科技有限公司,640104\n`))).toEqual(['2 org']);
      expect(await importAs(enterpriseUser, 'enterprise_years', `credit_code,year,revenue\n${demoCreditCode},2024,1200000.50\n`)).toMatchObject({ created: 1, problems: [] });
    });

    it('refuses an account without any import grant before reading the file', async () => {
      await expect(importAs(await registry.actor('area-leader'), 'enterprises', `${header}${yinchuanFirm},宁夏银川一号科技有限公司,640104\n`)).rejects.toMatchObject({ code: 'forbidden' });
    });
  });
}
