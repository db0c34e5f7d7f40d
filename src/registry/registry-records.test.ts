/**
 * Registry records after their import: yearly financials and platform evaluations (imported as
 * rows of a record), an enterprise edited within its permission, contracts found by a party's
 * name, and technology turnover as seller and as buyer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { openRegistryTestPlatform, type RegistryTestPlatform } from '../../test/registry-platform.ts';
import { demoCreditCode } from '../accounts/index.ts';
import type { PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import { findAuditRowsAfter } from '../audit/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { compilePack, decideHteCandidates } from '../incentives/index.ts';
import { loadPacks } from '../policy/index.ts';
import { creditCodeCheckCharacter, currentYear } from '../shared/index.ts';
import { countRegistryIndicators } from './count-registry-indicators.ts';
import { findContractTurnover } from './find-contract-turnover.ts';
import { findPlatforms } from './find-platforms.ts';
import { findTechContracts } from './find-tech-contracts.ts';
import { findTierPipeline, type HteCandidateDecider } from './find-tier-pipeline.ts';
import { loadDemoRegistry } from './generate-demo-registry.ts';
import { buildEnterpriseProfile } from './build-enterprise-profile.ts';
import { getEnterprise } from './get-enterprise.ts';
import { getPlatform } from './get-platform.ts';
import type { EnterpriseChanges } from './registry-contract.ts';
import { wholeRegistry } from './registry-scope.ts';
import type { RegistryKind } from './registry-vocabulary.ts';
import { updateEnterprise } from './update-enterprise.ts';

/** The tier pipeline's candidates, decided by the bundled high-tech recognition pack's rule (as the server does). */
const bundled = loadPacks();
if (!bundled.ok) throw new Error('the bundled packs do not load');
const compiledPacks = bundled.packs.map((pack) => compilePack(pack));
const hteDecider: HteCandidateDecider = (profiles) => decideHteCandidates(compiledPacks, profiles);

const code = (body: string) => `${body}${creditCodeCheckCharacter(body)}`;
// 兴庆区 (银川市), 大武口区 (石嘴山市), and the demo enterprise account's own firm in 金凤区 (银川市).
const firmA = code('91640104MA0000011');
const firmB = code('91640202MA0000012');
const unknownFirm = code('91640104MA0000099');
const firstPage = { limit: 20, offset: 0 };

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`registry records on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let registry: RegistryTestPlatform;
    let platform: DatabaseHandle;
    let tree: AreaTree;
    let permissions: PermissionTable;
    const actor = (username: string) => registry.actor(username);
    const load = (kind: RegistryKind, csv: string) => registry.load(kind, csv);
    const system = () => registry.caller('system');
    const detailOf = async (creditCode: string) => getEnterprise(platform.db, creditCode, await system());
    const editAs = async (username: string, creditCode: string, changes: Omit<EnterpriseChanges, 'expected_updated_at'>, expectedUpdatedAt?: string) => {
      const current = await detailOf(creditCode);
      return updateEnterprise(platform.db, creditCode, { ...changes, expected_updated_at: expectedUpdatedAt ?? current.enterprise.updated_at }, await registry.caller(username));
    };

    beforeAll(async () => {
      registry = await openRegistryTestPlatform(target);
      ({ platform, tree, permissions } = registry);
      const report = await load(
        'enterprises',
        'credit_code,name,org,industry,founded,above_scale,contact_name,contact_phone\n' +
          `${firmA},宁夏塞上新材料科技有限公司,640104,C3216,2015-06-01,是,张伟,13812345678\n` +
          `${firmB},石嘴山黄河化工有限公司,640202,C2614,2008-01-01,是,,\n` +
          `${demoCreditCode},合成·演示企业有限公司,640106,,,否,,\n`,
      );
      expect(report.problems).toEqual([]);
    });

    afterAll(async () => {
      await registry?.close();
    });

    const yearsHeader = 'credit_code,year,revenue,rd_expense,rd_expense_in_china,staff,tech_staff,high_tech_revenue,total_assets,ip_class1,ip_class2,costs\n';

    it('refuses a financials file with any bad row, naming each, and writes nothing', async () => {
      const report = await load(
        'enterprise_years',
        yearsHeader +
          `${firmA},2023,48000000,2600000,2600000,120,30,31000000,90000000,1,3,40000000\n` +
          `${firmA},2024,48000000,2600000,2700000,120,30,31000000,,,,\n` + // in-China R&D above all R&D
          `${firmB},2023,50000000,,,12.5,,,,,,\n` + // staff not a whole number
          `${unknownFirm},2023,1000,,,,,,,,,\n` + // not in the registry
          `${firmB},1800,1000,,,,,,,,,\n` + // not a year
          `${firmA},2023,1,,,,,,,,,\n`, // same enterprise and year as line 2
      );
      expect(report.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(['3 rd_expense_in_china', '4 staff', '5 credit_code', '6 year', '7 credit_code+year']);
      expect(report.problems[0]?.message).toContain('境内研发费用');
      const detail = await detailOf(firmA);
      expect(detail.enterprise.years).toEqual({});
    });

    it('imports financials per year, replaces a year on re-import and keeps the history', async () => {
      const first = await load('enterprise_years', `${yearsHeader}${firmA},2023,48000000,2600000,2600000,120,30,31000000,90000000,1,3,40000000\n${firmA},2022,40000000,2000000,,110,,,,,,\n`);
      expect(first).toMatchObject({ created: 2, updated: 0, unchanged: 0, problems: [] });
      const again = await load('enterprise_years', `${yearsHeader}${firmA},2023,48000000,2600000,2600000,120,30,31000000,90000000,1,3,40000000\n${firmA},2022,41000000,2000000,,110,,,,,,\n`);
      expect(again).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
      const detail = await detailOf(firmA);
      // An empty cell is unknown, not zero; amounts are exact decimal strings of yuan.
      expect(detail.enterprise.years['2022']).toEqual({ revenue: '41000000.00', rd_expense: '2000000.00', staff: 110 });
      expect(detail.enterprise.years['2023']).toMatchObject({ revenue: '48000000.00', high_tech_revenue: '31000000.00', ip_class1: 1 });
      const last = detail.history.at(-1);
      expect(last?.before).toEqual({ years: { '2022': { revenue: '40000000.00', rd_expense: '2000000.00', staff: 110 } } });
      expect(last?.after).toEqual({ years: { '2022': { revenue: '41000000.00', rd_expense: '2000000.00', staff: 110 } } });
    });

    it('records platform evaluations; a revoked platform stops counting from the revocation', async () => {
      await load('platforms', 'registration_number,name,type,level,host,host_credit_code,org,approved_on,construction_from,construction_to\nPT-11,宁夏新材料工程技术研究中心,工程技术研究中心,regional,塞上,,640104,2018-06-01,,\n');
      const bad = await load('platform_evaluations', 'registration_number,evaluated_on,result,note\nPT-11,2021-12-15,优秀,\nPT-99,2021-12-15,合格,\nPT-11,2024-12-15,很好,\n');
      expect(bad.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(['3 registration_number', '4 result']);
      expect(await load('platform_evaluations', 'registration_number,evaluated_on,result,note\nPT-11,2021-12-15,优秀,\nPT-11,2024-12-15,撤销,考核不合格且整改未通过\n')).toMatchObject({ created: 2, problems: [] });
      const count = async (year: number) => (await countRegistryIndicators(platform.db, wholeRegistry, tree, year)).find((value) => value.indicator === 'st_platforms' && value.org === '640104')?.value;
      expect(await count(2023)).toBe('1');
      expect(await count(2024)).toBe('0');
      const detail = await getPlatform(platform.db, 'PT-11', await system());
      expect(detail.platform.evaluations.map((evaluation) => evaluation.result)).toEqual(['excellent', 'revoked']);
      expect(detail.platform.latest_evaluation).toMatchObject({ date: '2024-12-15', result: 'revoked', note: '考核不合格且整改未通过' });
      expect(detail.history.map((entry) => entry.change)).toEqual(['create', 'update', 'update']);
      expect((await findPlatforms(platform.db, await system(), { q: '新材料', ...firstPage })).platforms[0]?.latest_evaluation?.result).toBe('revoked');
      // An area reporter of 石嘴山市: 银川's platform does not exist for it.
      const shizuishan = { ...(await registry.caller('area-reporter')), actor: { ...(await actor('area-reporter')), orgCode: '640200' } };
      await expect(getPlatform(platform.db, 'PT-11', shizuishan)).rejects.toMatchObject({ code: 'not_found' });
      expect((await getPlatform(platform.db, 'PT-11', await registry.caller('area-reporter'))).platform.org_name).toBe('兴庆区');
    });

    it('lets an enterprise user edit its own declared data, not its master data or another firm', async () => {
      await editAs('enterprise-user', demoCreditCode, { contact_phone: '0951-5012345', years: { '2024': { revenue: '12000000', rd_expense: '900000.5', high_tech_revenue: '8000000' } } });
      const own = await getEnterprise(platform.db, demoCreditCode, await registry.caller('enterprise-user'));
      expect(own.enterprise.contact_phone).toBe('0951-5012345');
      expect(own.enterprise.years['2024']).toEqual({ revenue: '12000000.00', rd_expense: '900000.50', high_tech_revenue: '8000000.00' });
      expect(own.editable_fields).toEqual(['industry', 'founded', 'contact_name', 'contact_phone', 'years', 'hte_innovation_score', 'flags']);
      expect(own.history.at(-1)).toMatchObject({ change: 'update', changed_by: 'enterprise-user', before: { contactPhone: null, years: {} } });

      await expect(editAs('enterprise-user', demoCreditCode, { name: '改名公司' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('名称') });
      await expect(editAs('enterprise-user', firmA, { contact_phone: '13800000000' })).rejects.toMatchObject({ code: 'not_found' });
      // An area reporter reads its area's firms but edits none.
      await expect(editAs('area-reporter', demoCreditCode, { contact_phone: '13800000000' })).rejects.toMatchObject({ code: 'forbidden' });
      expect((await getEnterprise(platform.db, demoCreditCode, await registry.caller('area-reporter'))).editable_fields).toEqual([]);

      const audit = await findAuditRowsAfter(platform.db, null, 100_000);
      const edit = audit.filter((row) => row.action === 'registry.edit').at(-1);
      expect(edit).toMatchObject({ actorUsername: 'enterprise-user', entityId: demoCreditCode });
      // The audit log notes that a contact changed, not the number itself.
      expect(JSON.stringify(edit)).not.toContain('0951-5012345');
    });

    it('refuses a whole edit when any field is wrong, naming each, and a stale edit as a conflict', async () => {
      const before = await detailOf(demoCreditCode);
      const failure = await editAs('enterprise-user', demoCreditCode, { contact_phone: '13900000000', industry: 'wine', years: { '2024': { revenue: '100', high_tech_revenue: '200' }, '2999': { revenue: '1' } } }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'bad_request' });
      expect((failure as { details: { field: string }[] }).details.map((problem) => problem.field)).toEqual(['industry', 'years.2024.high_tech_revenue', 'years.2999']);
      const unchanged = await detailOf(demoCreditCode);
      expect(unchanged.enterprise).toEqual(before.enterprise);

      // The coordinator saves first; the enterprise's form, loaded before, is refused.
      await editAs('coordinator', demoCreditCode, { above_scale: true });
      await expect(editAs('enterprise-user', demoCreditCode, { contact_name: '王芳' }, before.enterprise.updated_at)).rejects.toMatchObject({ code: 'conflict' });
      // Removing a year.
      await editAs('enterprise-user', demoCreditCode, { years: { '2024': null } });
      expect((await detailOf(demoCreditCode)).enterprise.years).toEqual({});
    });

    it('lists a tech-based SME whose financials meet high-tech thresholds as a candidate', async () => {
      const year = currentYear(registry.now);
      await load('certifications', `credit_code,type,number,valid_from,valid_to\n${firmA},tech_sme,${year}6400001,${year}-04-01,\n`);
      // The pack's rule (national.hte-recognition) sums R&D and sales over the three fiscal years before the application year.
      await load('enterprise_years', `${yearsHeader}${firmA},2021,36000000,1800000,,100,,,,,,\n`);
      const pipeline = await findTierPipeline(platform.db, await system(), { from: year - 1, to: year }, hteDecider);
      // 2021–2023: R&D 6.4 M of 125 M sales is 5.12 % (≥ 5 %: 2023's 48 M is ≤ 50 M), high-tech 31 M of 2023's 48 M is 65 % (≥ 60 %).
      expect(pipeline.candidates.map((candidate) => candidate.credit_code)).toEqual([firmA]);
      expect(pipeline.candidates[0]).toMatchObject({ year: '2023', revenue: '48000000.00', org_name: '兴庆区', rd_ratio: 0.0512 });
      // Why, in the pack's words; and what the rule still needs (e.g. the experts' innovation score).
      expect(pipeline.candidate_criteria).toEqual(['（五）近三个会计年度研究开发费用总额占同期销售收入总额的比例符合分档要求', '（六）近一年高新技术产品（服务）收入占同期总收入的比例不低于60%']);
      // One year short of the ratio: R&D of 2021 lower, 5.6 M of 125 M is 4.48 % < 5 %, so no longer a candidate.
      await load('enterprise_years', `${yearsHeader}${firmA},2021,36000000,1000000,,100,,,,,,\n`);
      expect((await findTierPipeline(platform.db, await system(), { from: year - 1, to: year }, hteDecider)).candidates).toEqual([]);
    });

    it('counts a revoked certificate up to its revocation, and shows the revocation in the enterprise’s history', async () => {
      const header = 'credit_code,type,number,valid_from,valid_to,revoked_on\n';
      expect((await load('certifications', `${header}${firmB},national_hte,GR202164000012,2021-11-15,,2020-01-01\n`)).problems.map((problem) => problem.field)).toEqual(['revoked_on']);
      expect(await load('certifications', `${header}${firmB},national_hte,GR202164000012,2021-11-15,,\n`)).toMatchObject({ created: 1 });
      expect(await load('certifications', `${header}${firmB},national_hte,GR202164000012,2021-11-15,,2023-03-01\n`)).toMatchObject({ updated: 1 });
      const hte = async (year: number) => (await countRegistryIndicators(platform.db, wholeRegistry, tree, year)).find((value) => value.indicator === 'national_hte' && value.org === '640202')?.value;
      expect(await hte(2022)).toBe('1');
      expect(await hte(2023)).toBe('0');
      const detail = await getEnterprise(platform.db, firmB, { ...(await system()), now: new Date('2023-02-28T12:00:00+08:00') });
      expect(detail.certifications[0]).toMatchObject({ type: 'national_hte', status: 'revoked', revoked_on: '2023-03-01', valid_today: true });
      expect(detail.history.filter((entry) => entry.registry === 'certification').map((entry) => entry.change)).toEqual(['create', 'update']);
      expect(detail.history.at(-1)?.after).toMatchObject({ revokedOn: '2023-03-01' });
    });

    it('refuses a contract party placed in a city instead of its county', async () => {
      const report = await load('tech_contracts', 'registration_number,type,contract_amount,tech_amount,seller_name,seller_credit_code,seller_org,buyer_name,buyer_credit_code,buyer_org,registered_on\nJS-9,技术开发,100,100,甲,,640100,乙,,110108,2023-05-01\n');
      expect(report.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(['2 seller_org']);
      expect(report.problems[0]?.message).toContain('不是县级区划代码');
    });

    it('finds contracts by either party’s name and sums turnover as seller and as buyer', async () => {
      expect(
        await load(
          'tech_contracts',
          'registration_number,type,contract_amount,tech_amount,seller_name,seller_credit_code,seller_org,buyer_name,buyer_credit_code,buyer_org,registered_on\n' +
            `JS-11,技术开发,30000000,25000000,宁夏塞上新材料科技有限公司,${firmA},640104,北京某研究院,,110108,2023-05-01\n` + // 兴庆区 → outside
            `JS-12,技术服务,6000000,5000000,宁夏塞上新材料科技有限公司,${firmA},640104,石嘴山黄河化工有限公司,${firmB},640202,2023-12-31\n` + // 兴庆区 → 大武口区
            `JS-13,技术转让,8000000,8000000,上海某大学,,310115,石嘴山黄河化工有限公司,${firmB},640202,2023-03-01\n` + // outside → 大武口区
            `JS-14,技术咨询,1000000,1000000,宁夏塞上新材料科技有限公司,${firmA},640104,合成·演示企业有限公司,${demoCreditCode},640106,2023-07-01\n` + // 兴庆区 → 金凤区: inside 银川市
            `JS-15,技术开发,2000000,2000000,宁夏塞上新材料科技有限公司,${firmA},640104,北京某研究院,,110108,2024-01-02\n`, // another year
        ),
      ).toMatchObject({ created: 5, problems: [] });

      const everything = await system();
      const byName = await findTechContracts(platform.db, everything, { q: '黄河化工', ...firstPage });
      expect(byName.contracts.map((contract) => contract.registration_number)).toEqual(['JS-12', 'JS-13']);
      expect((await findTechContracts(platform.db, everything, { q: '研究院', year: 2023, ...firstPage })).contracts.map((contract) => contract.registration_number)).toEqual(['JS-11']);
      expect((await findTechContracts(platform.db, everything, { q: '塞上', type: 'consulting', ...firstPage })).contracts.map((contract) => contract.registration_number)).toEqual(['JS-14']);
      // Outside the region, the area by its GB/T 2260 name (上海市浦东新区), never its code alone.
      expect(byName.contracts[1]).toMatchObject({ seller_inside: false, seller_org_name: '上海市浦东新区', buyer_inside: true, buyer_org_name: '大武口区', contract_amount: '8000000.00', tech_amount: '8000000.00' });
      // The enterprise user sees only its own contracts.
      const own = await registry.caller('enterprise-user');
      expect((await findTechContracts(platform.db, own, firstPage)).contracts.map((contract) => contract.registration_number)).toEqual(['JS-14']);

      const region = await findContractTurnover(platform.db, everything, { org: '640000', year: 2023 });
      // Sold from the region: JS-11 (outside), JS-12 and JS-14 (inside); bought: JS-12, JS-13 (from outside), JS-14 (亿元, exact strings).
      expect(region.total).toMatchObject({ output: '0.31', output_count: 3, output_to_outside: '0.25', absorption: '0.14', absorption_count: 3, absorption_from_outside: '0.08' });
      const city = (org: string) => region.rows.find((row) => row.org === org);
      // 银川市 sells JS-11, JS-12 and JS-14, and buys JS-14 (within the city: both flows).
      expect(city('640100')).toMatchObject({ output: '0.31', output_count: 3, output_to_outside: '0.25', absorption: '0.01', absorption_count: 1, absorption_from_outside: '0' });
      expect(city('640200')).toMatchObject({ output: '0', absorption: '0.13', absorption_count: 2, absorption_from_outside: '0.08' });
      const yinchuan = await findContractTurnover(platform.db, everything, { org: '640100', year: 2023 });
      expect(yinchuan.rows.find((row) => row.org === '640104')).toMatchObject({ output: '0.31', output_count: 3 });
      expect(yinchuan.rows.find((row) => row.org === '640106')).toMatchObject({ absorption: '0.01', absorption_count: 1 });

      const values = await countRegistryIndicators(platform.db, wholeRegistry, tree, 2023);
      const value = (indicator: string, org: string) => values.find((entry) => entry.indicator === indicator && entry.org === org)?.value;
      expect(value('tech_contract_turnover', '640104')).toBe('0.31');
      expect(value('tech_contract_absorption', '640202')).toBe('0.13');
      expect(value('tech_contract_absorption', '640106')).toBe('0.01');

      // Area statistics are refused to an enterprise and outside an area role's own area.
      await expect(findContractTurnover(platform.db, own, { org: '640000', year: 2023 })).rejects.toMatchObject({ code: 'forbidden' });
      const area = await registry.caller('area-reporter');
      await expect(findContractTurnover(platform.db, area, { org: '640000', year: 2023 })).rejects.toMatchObject({ code: 'forbidden' });
      expect((await findContractTurnover(platform.db, area, { org: '640100', year: 2023 })).total.output).toBe('0.31');
    });

    it('generates a demo registry that passes its own import checks and gives the pipeline candidates', async () => {
      const reports = await loadDemoRegistry(platform.db, { enterprises: 400, platforms: 40, contracts: 200 }, { tree, permissions, seed: 5, latestYear: 2025, now: registry.now });
      expect(reports.map((report) => report.registry)).toEqual(['enterprises', 'certifications', 'platforms', 'tech_contracts', 'enterprise_years', 'platform_evaluations', 'enterprise_events']);
      expect(reports.find((report) => report.registry === 'enterprise_years')?.created).toBe(1200);
      const pipeline = await findTierPipeline(platform.db, await system(), { from: 2020, to: 2025 }, hteDecider);
      expect(pipeline.candidates.length).toBeGreaterThan(0);
      expect(pipeline.candidates.every((candidate) => candidate.rd_ratio >= 0.03 && candidate.high_tech_share >= 0.6)).toBe(true);
      // The demo enterprise's profile gives the calculator something real on first start (issue 12).
      const profile = await buildEnterpriseProfile(platform.db, demoCreditCode, await registry.caller('enterprise-user'));
      expect(profile.events).toContainEqual({ type: 'first_above_scale', year: 2025 });
      expect(profile.years['2024']?.rd_expense).toMatch(/^\d+\.\d{2}$/);
      expect(profile.certifications.some((cert) => cert.type === 'national_hte' && cert.from <= '2025-01-01' && cert.to >= '2025-12-31')).toBe(true);
      expect(profile).toMatchObject({ hte_innovation_score: 78, flags: { western_development_encouraged: true, deemed_taxation: false }, synthetic: true });
    });
  });
}
