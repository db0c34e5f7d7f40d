import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { openRegistryTestPlatform, type RegistryTestPlatform } from '../../test/registry-platform.ts';
import { demoCreditCode } from '../accounts/index.ts';
import type { PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import { findAuditRowsAfter } from '../audit/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { creditCodeCheckCharacter } from '../shared/index.ts';
import { countRegistryIndicators } from './count-registry-indicators.ts';
import { findEnterprises } from './find-enterprises.ts';
import { getEnterprise } from './get-enterprise.ts';
import { registryScopeOf, wholeRegistry } from './registry-scope.ts';
import type { RegistryKind } from './registry-vocabulary.ts';

const code = (body: string) => `${body}${creditCodeCheckCharacter(body)}`;
// Two firms in 兴庆区 (银川市), one in 大武口区 (石嘴山市), and the demo enterprise account's own.
const firmA = code('91640104MA0000001');
const firmB = code('91640104MA0000002');
const firmC = code('91640202MA0000003');
const firstPage = { limit: 20, offset: 0 };

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`registries on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let registry: RegistryTestPlatform;
    let platform: DatabaseHandle;
    let tree: AreaTree;
    let permissions: PermissionTable;
    const actor = (username: string) => registry.actor(username);
    const load = (kind: RegistryKind, csv: string) => registry.load(kind, csv);

    beforeAll(async () => {
      registry = await openRegistryTestPlatform(target);
      ({ platform, tree, permissions } = registry);
    });

    afterAll(async () => {
      await registry?.close();
    });


    it('refuses a file with any bad row, naming each, and writes nothing', async () => {
      const report = await load(
        'enterprises',
        'credit_code,name,org,industry,founded,above_scale,contact_name,contact_phone\n' +
          `${firmA},宁夏塞上新材料科技有限公司,640104,C3216,2015-06-01,是,张伟,13812345678\n` +
          `${firmA.slice(0, 17)}X,错误校验位公司,640104,,,,,\n` +
          `${firmB},未知区划公司,649999,,,,,\n` +
          `${firmB},日期错误公司,640104,,2015-02-30,,,\n` +
          `${firmA},重复公司,640104,,,,,\n`,
      );
      expect(report.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(['3 credit_code', '4 org', '5 founded', '6 credit_code']);
      expect(report.problems[0]?.message).toContain('校验位错误');
      expect((await findEnterprises(platform.db, await registry.caller('system'), firstPage)).total).toBe(0);
    });

    it('imports enterprises, updates on a second import and keeps the history', async () => {
      const header = 'credit_code,name,org,industry,founded,above_scale,contact_name,contact_phone\n';
      expect(await load('enterprises', `${header}${firmA},宁夏塞上新材料科技有限公司,640104,C3216,2015-06-01,是,张伟,13812345678\n${firmB},宁夏贺兰葡萄酒业有限公司,640104,C1521,2010-03-15,否,,\n${firmC},石嘴山黄河化工有限公司,640202,C2614,2008-01-01,是,,\n${demoCreditCode},合成·演示企业有限公司,640106,,,否,,\n`)).toMatchObject({ created: 4, problems: [] });
      expect(await load('enterprises', `${header}${firmA},宁夏塞上新材料科技股份有限公司,640104,C3216,2015-06-01,是,张伟,13812345678\n`)).toMatchObject({ created: 0, updated: 1 });
      const detail = await getEnterprise(platform.db, firmA, await registry.caller('system'));
      expect(detail.history.map((entry) => entry.change)).toEqual(['create', 'update']);
      expect(detail.history[1]?.before).toMatchObject({ name: '宁夏塞上新材料科技有限公司' });
    });

    it('finds enterprises by a Chinese substring and puts prefix matches first', async () => {
      const system = await registry.caller('system');
      expect((await findEnterprises(platform.db, system, { q: '葡萄酒', ...firstPage })).enterprises.map((row) => row.credit_code)).toEqual([firmB]);
      expect((await findEnterprises(platform.db, system, { q: '有限公司', ...firstPage })).total).toBe(4);
      const prefix = await findEnterprises(platform.db, system, { q: '石嘴山', ...firstPage });
      expect(prefix.enterprises[0]?.credit_code).toBe(firmC);
      expect((await findEnterprises(platform.db, system, { q: '化工新材料', ...firstPage })).total).toBe(0);
    });

    it('refuses certifications of an unknown enterprise, and counts valid ones at the year’s end', async () => {
      const unknown = code('91640104MA0000099');
      expect((await load('certifications', `credit_code,type,number,valid_from,valid_to\n${unknown},tech_sme,1,2024-04-01,\n`)).problems[0]?.message).toContain('登记库中没有该企业');
      expect(
        await load(
          'certifications',
          'credit_code,type,number,valid_from,valid_to\n' +
            `${firmA},national_hte,GR202164000001,2021-11-15,\n` + // valid to 2024-11-14: counts at the end of 2023, not of 2024
            `${firmB},national_hte,GR202364000002,2023-12-31,\n` + // valid from the last day of 2023: counts
            `${firmC},national_hte,GR202464000003,2024-01-01,\n` + // from 2024
            `${firmB},tech_sme,2023640000002,2023-04-01,\n`,
        ),
      ).toMatchObject({ created: 4, problems: [] });
      const at = async (year: number, indicator: string, org: string) => (await countRegistryIndicators(platform.db, wholeRegistry, tree, year)).find((value) => value.indicator === indicator && value.org === org)?.value;
      expect(await at(2023, 'national_hte', '640104')).toBe('2');
      // firmA's certificate ended 2024-11-14; firmB's runs to 2026-12-30.
      expect(await at(2024, 'national_hte', '640104')).toBe('1');
      expect(await at(2024, 'national_hte', '640202')).toBe('1');
      expect(await at(2023, 'tech_smes', '640104')).toBe('1');
      expect(await at(2024, 'tech_smes', '640104')).toBe('0');
    });

    it('sums technology turnover by the seller’s area in 亿元, and counts platforms by the indicator they feed', async () => {
      await load('tech_contracts', `registration_number,type,contract_amount,tech_amount,seller_name,seller_credit_code,seller_org,buyer_name,buyer_credit_code,buyer_org,registered_on\nJS-1,技术开发,30000000,25000000,塞上,${firmA},640104,区外某公司,,110108,2023-05-01\nJS-2,技术服务,6000000,5000000,塞上,${firmA},640104,石嘴山黄河化工,${firmC},640202,2023-12-31\n`);
      await load('platforms', 'registration_number,name,type,level,host,host_credit_code,org,approved_on,construction_from,construction_to\nPT-1,宁夏新材料工程技术研究中心,工程技术研究中心,regional,塞上,,640104,2020-06-01,,\nPT-2,塞上众创空间,众创空间,regional,塞上,,640104,2023-06-01,,\n');
      const values = await countRegistryIndicators(platform.db, wholeRegistry, tree, 2023);
      const value = (indicator: string, org: string) => values.find((entry) => entry.indicator === indicator && entry.org === org)?.value;
      expect(value('tech_contract_turnover', '640104')).toBe('0.3');
      expect(value('st_platforms', '640104')).toBe('1');
      expect(value('innovation_carriers', '640104')).toBe('1');
    });

    it('shows each caller only its scope: an area its subtree, an enterprise itself, a unit nothing', async () => {
      expect((await findEnterprises(platform.db, await registry.caller('area-reporter'), firstPage)).enterprises.map((row) => row.org).sort()).toEqual(['640104', '640104', '640106']);
      expect((await findEnterprises(platform.db, await registry.caller('enterprise-user'), { q: '有限公司', ...firstPage })).enterprises.map((row) => row.credit_code)).toEqual([demoCreditCode]);
      await expect(getEnterprise(platform.db, firmA, await registry.caller('enterprise-user'))).rejects.toMatchObject({ code: 'not_found' });
      const unit = await actor('unit-reporter');
      expect(() => registryScopeOf(unit, permissions, tree)).toThrow();
      await expect(findEnterprises(platform.db, await registry.caller('unit-reporter'), firstPage)).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('masks contacts for those who may not see them, and audits every view of them', async () => {
      const areaView = await getEnterprise(platform.db, firmA, await registry.caller('area-reporter'));
      expect(areaView.enterprise).toMatchObject({ contact_name: '张*', contact_phone: '138****5678', contacts_masked: true });
      const coordinatorView = await getEnterprise(platform.db, firmA, await registry.caller('coordinator'));
      expect(coordinatorView.enterprise).toMatchObject({ contact_name: '张伟', contact_phone: '13812345678', contacts_masked: false });
      const audit = await findAuditRowsAfter(platform.db, null, 100_000);
      const viewers = audit.filter((row) => row.action === 'enterprise.view_contacts').map((row) => row.actorUsername);
      expect(viewers).toContain('coordinator');
      expect(viewers).not.toContain('area-reporter');
    });
  });
}
