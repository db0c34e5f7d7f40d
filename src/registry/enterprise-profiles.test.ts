/**
 * Issue 12, profiles: the registry's events (importable all or nothing, editable with history and
 * audit), the new yearly figures and declarations, and the enterprise profile built from it —
 * unknown figures absent (never zero), money exact, each reader within its scope.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { openRegistryTestPlatform, type RegistryTestPlatform } from '../../test/registry-platform.ts';
import { demoCreditCode } from '../accounts/index.ts';
import { findAuditRowsAfter } from '../audit/index.ts';
import { queryRows, type DatabaseHandle } from '../db/index.ts';
import { creditCodeCheckCharacter } from '../shared/index.ts';
import { buildEnterpriseProfile, findEnterpriseProfileRecords, findEnterpriseRecordPage, streamEnterpriseProfiles, wholeRegistryProfiles } from './build-enterprise-profile.ts';
import { getEnterprise } from './get-enterprise.ts';
import { enterpriseProfileSchema, type EnterpriseChanges } from './registry-contract.ts';
import { updateEnterprise } from './update-enterprise.ts';

const code = (body: string) => `${body}${creditCodeCheckCharacter(body)}`;
// 兴庆区 (银川市), 大武口区 (石嘴山市), and the demo enterprise account's own firm in 金凤区 (银川市).
const firmA = code('91640104MA0000021');
const firmB = code('91640202MA0000022');
const unknownFirm = code('91640104MA0000098');

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`enterprise events, declarations and profiles on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let registry: RegistryTestPlatform;
    let platform: DatabaseHandle;
    const system = () => registry.caller('system');
    const detailOf = async (creditCode: string) => getEnterprise(platform.db, creditCode, await system());
    const editAs = async (username: string, creditCode: string, changes: Omit<EnterpriseChanges, 'expected_updated_at'>) => {
      const current = await detailOf(creditCode);
      return updateEnterprise(platform.db, creditCode, { ...changes, expected_updated_at: current.enterprise.updated_at }, await registry.caller(username));
    };
    const stored = async () =>
      (await queryRows<{ events: string; history: number }>(platform.db, sql`select (select coalesce(string_agg(credit_code || events::text, '|' order by credit_code), '') from enterprises) as events, (select count(*)::int from registry_history) as history`))[0];

    beforeAll(async () => {
      registry = await openRegistryTestPlatform(target);
      platform = registry.platform;
      const report = await registry.load(
        'enterprises',
        'credit_code,name,org,industry,founded,above_scale\n' + `${firmA},宁夏塞上软件科技有限公司,640104,I6513,2015-06-01,是\n` + `${firmB},石嘴山黄河化工有限公司,640202,,,否\n` + `${demoCreditCode},合成·演示企业有限公司,640106,I6513,2016-05-18,是\n`,
      );
      expect(report.problems).toEqual([]);
    });

    afterAll(async () => {
      await registry?.close();
    });

    it('refuses an events file with any bad row, naming its line and field, and writes nothing', async () => {
      const before = await stored();
      const report = await registry.load(
        'enterprise_events',
        '统一社会信用代码,事件类型,年度,金额（元）\n' +
          `${firmA},首次纳入规模以上企业,2024,\n` + // good
          `${firmA},national_st_award,2023,-5\n` + // negative prize
          `${firmB},first_above_scale,2024,100000\n` + // that type carries no amount
          `${firmA},no_such_event,2024,\n` + // unknown type
          `${unknownFirm},first_above_scale,2024,\n` + // no such enterprise
          `${firmB},first_above_scale,2027,\n` + // after this year (the suite's today: 2025-06-30)
          `${firmA},first_above_scale,2024,\n`, // same event as line 2
      );
      expect(report.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(['3 amount', '4 amount', '5 type', '6 credit_code', '7 year', '8 credit_code+type+year']);
      expect(report.problems[0]?.message).toBe('enterprise_events.csv:3 amount：金额不能为负（“-5”）');
      expect(report.problems[1]?.message).toContain('“首次纳入规模以上企业”没有金额');
      expect(await stored()).toEqual(before);
    });

    it('imports events under Chinese headers, replaces an event of the same type and year, and keeps the history', async () => {
      const file = (prize: string) => '统一社会信用代码,事件类型,年度,金额\n' + `${firmA},首次纳入规模以上企业,2024年,\n` + `${firmA},获国家科学技术奖,2023,"${prize}"\n` + `${firmB},first_innovative_demo_enterprise,2025,\n`;
      expect(await registry.load('enterprise_events', file('200,000'), { dryRun: true })).toMatchObject({ created: 3, updated: 0, unchanged: 0, problems: [] });
      expect(await registry.load('enterprise_events', file('200,000'))).toMatchObject({ created: 3, updated: 0, unchanged: 0, problems: [] });
      expect(await registry.load('enterprise_events', file('300000.5'))).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
      const detail = await detailOf(firmA);
      expect(detail.enterprise.events).toEqual([
        { type: 'national_st_award', label: '获国家科学技术奖', year: 2023, amount: '300000.50' },
        { type: 'first_above_scale', label: '首次纳入规模以上企业', year: 2024 },
      ]);
      const last = detail.history.at(-1);
      expect(last?.before).toEqual({ events: [{ type: 'national_st_award', year: 2023, amount: '200000.00' }, { type: 'first_above_scale', year: 2024 }] });
      expect(last?.after).toEqual({ events: [{ type: 'national_st_award', year: 2023, amount: '300000.50' }, { type: 'first_above_scale', year: 2024 }] });
    });

    it('imports the new yearly figures and the declarations; a declaration column left out of a file leaves the stored value', async () => {
      expect(
        await registry.load('enterprise_years', '统一社会信用代码,年度,营业收入（元）,研发费用,负债总额（元）,加计扣除口径研发费用（元）\n' + `${firmA},2024,48000000,2600000,"12,000,000.10",2400000\n` + `${firmA},2023,40000000,,,\n`),
      ).toMatchObject({ created: 2, problems: [] });
      const declarations = await registry.load(
        'enterprises',
        '统一社会信用代码,企业名称,区划代码,行业代码,成立日期,规模以上,高企认定创新能力评价得分,企业所得税核定征收,西部地区鼓励类产业企业,列入集成电路或工业母机企业清单\n' +
          `${firmA},宁夏塞上软件科技有限公司,640104,I6513,2015-06-01,是,78,否,是,\n` +
          `${firmB},石嘴山黄河化工有限公司,640202,,,否,101,也许,,\n`,
      );
      expect(declarations.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(['3 hte_innovation_score', '3 deemed_taxation']);
      expect(declarations.problems[0]?.message).toContain('应为 0 至 100 的整数');
      const good = await registry.load(
        'enterprises',
        'credit_code,name,org,industry,founded,above_scale,hte_innovation_score,deemed_taxation,western_development_encouraged,ic_or_machine_tool_list\n' + `${firmA},宁夏塞上软件科技有限公司,640104,I6513,2015-06-01,是,78,否,是,\n`,
      );
      expect(good).toMatchObject({ updated: 1, problems: [] });
      // The same enterprise without the declaration columns: nothing changes.
      expect(await registry.load('enterprises', `credit_code,name,org,industry,founded,above_scale\n${firmA},宁夏塞上软件科技有限公司,640104,I6513,2015-06-01,是\n`)).toMatchObject({ updated: 0, unchanged: 1 });
      const detail = await detailOf(firmA);
      expect(detail.enterprise.hte_innovation_score).toBe(78);
      // An empty cell is "not declared" (null), never "no".
      expect(detail.enterprise.flags).toEqual({ deemed_taxation: false, western_development_encouraged: true, ic_or_machine_tool_list: null });
      expect(detail.enterprise.years['2024']).toEqual({ revenue: '48000000.00', rd_expense: '2600000.00', total_liabilities: '12000000.10', rd_expense_deduction: '2400000.00' });
    });

    it('keeps every event when imports add events to the same enterprise at once (PostgreSQL: the row is locked)', async () => {
      const years = Array.from({ length: 12 }, (_, index) => 2001 + index);
      const eventChanges = async () => (await detailOf(firmB)).history.filter((entry) => entry.after && 'events' in entry.after).length;
      const changesBefore = await eventChanges();
      const reports = await Promise.all(years.map((year) => registry.load('enterprise_events', `credit_code,type,year,amount\n${firmB},national_st_award,${year},${year}\n`)));
      expect(reports.map((report) => [report.created, report.problems.length])).toEqual(years.map(() => [1, 0]));
      const awards = (await detailOf(firmB)).enterprise.events.filter((event) => event.type === 'national_st_award');
      expect(awards.map((event) => event.year)).toEqual(years);
      // One history row per import, each with the list it found and the one it left.
      expect(await eventChanges()).toBe(changesBefore + years.length);
      // Put firmB's events back as the next test expects them.
      await editAs('coordinator', firmB, { events: [{ type: 'first_innovative_demo_enterprise', year: 2025 }] });
    });

    it('edits events, the score and the declarations with history and audit; wrong values are refused naming the field', async () => {
      const auditBefore = await findAuditRowsAfter(platform.db, null, 100_000);
      await editAs('coordinator', firmB, { events: [{ type: 'first_above_scale', year: 2025 }, { type: 'national_st_award', year: 2024, amount: '150000' }], hte_innovation_score: 72, flags: { deemed_taxation: false } });
      const detail = await detailOf(firmB);
      expect(detail.enterprise.events.map((event) => [event.type, event.year, event.amount])).toEqual([
        ['national_st_award', 2024, '150000.00'],
        ['first_above_scale', 2025, undefined],
      ]);
      expect(detail.enterprise.hte_innovation_score).toBe(72);
      expect(detail.enterprise.flags).toEqual({ deemed_taxation: false, western_development_encouraged: null, ic_or_machine_tool_list: null });
      const last = detail.history.at(-1);
      // The import of line 4 above gave firmB its first events; the edit replaced the list.
      expect(last?.before).toMatchObject({ events: [{ type: 'first_innovative_demo_enterprise', year: 2025 }], hteInnovationScore: null, deemedTaxation: null });
      expect(last?.after).toMatchObject({ hteInnovationScore: 72, deemedTaxation: false });
      const audit = (await findAuditRowsAfter(platform.db, null, 100_000)).slice(auditBefore.length);
      expect(audit.map((row) => [row.action, row.entityId])).toContainEqual(['registry.edit', firmB]);

      const refused = (changes: Omit<EnterpriseChanges, 'expected_updated_at'>) => editAs('coordinator', firmB, changes).then(() => [], (error: { details?: { field: string }[] }) => (error.details ?? []).map((problem) => problem.field));
      expect(await refused({ hte_innovation_score: 101 })).toEqual(['hte_innovation_score']);
      expect(await refused({ events: [{ type: 'first_above_scale', year: 2024 }, { type: 'first_above_scale', year: 2024 }] })).toEqual(['events.1.year']);
      expect(await refused({ events: [{ type: 'first_above_scale', year: 2026 }] })).toEqual(['events.0.year']);
      expect(await refused({ events: [{ type: 'first_above_scale', year: 2024, amount: '5' }] })).toEqual(['events.0']);
    });

    it('lets an enterprise user declare its own flags and score but not change events (master data)', async () => {
      await editAs('enterprise-user', demoCreditCode, { hte_innovation_score: 80, flags: { western_development_encouraged: true } });
      expect((await detailOf(demoCreditCode)).enterprise.hte_innovation_score).toBe(80);
      await expect(editAs('enterprise-user', demoCreditCode, { events: [{ type: 'first_above_scale', year: 2025 }] })).rejects.toMatchObject({ code: 'forbidden' });
      const ownView = await getEnterprise(platform.db, demoCreditCode, await registry.caller('enterprise-user'));
      expect(ownView.editable_fields).toEqual(['industry', 'founded', 'contact_name', 'contact_phone', 'years', 'hte_innovation_score', 'flags']);
    });

    it('builds the profile from the registry: money as exact strings, unknown figures and flags absent, never zero', async () => {
      await registry.load('certifications', `credit_code,type,number,valid_from,valid_to,revoked_on\n${firmA},national_hte,GR202164000001,2021-11-15,,2023-03-01\n${firmA},tech_sme,,2024-04-01,,\n`);
      const profile = await buildEnterpriseProfile(platform.db, firmA, await registry.caller('coordinator'));
      expect(enterpriseProfileSchema.parse(profile)).toEqual(profile);
      expect(profile).toEqual({
        credit_code: firmA,
        name: '宁夏塞上软件科技有限公司',
        org: '640104',
        industry: 'I6513',
        founded: '2015-06-01',
        certifications: [
          { type: 'national_hte', from: '2021-11-15', to: '2024-11-14', revoked_on: '2023-03-01' },
          { type: 'tech_sme', from: '2024-04-01', to: '2024-12-31' },
        ],
        events: [
          { type: 'national_st_award', year: 2023, amount: '300000.50' },
          { type: 'first_above_scale', year: 2024 },
        ],
        years: {
          // Only what is known: 2023 has revenue alone.
          '2023': { revenue: '40000000.00' },
          '2024': { revenue: '48000000.00', rd_expense: '2600000.00', total_liabilities: '12000000.10', rd_expense_deduction: '2400000.00' },
        },
        hte_innovation_score: 78,
        flags: { deemed_taxation: false, western_development_encouraged: true },
        synthetic: false,
      });
      // A firm the registry knows little of: no industry, founding date, score, flags or years.
      const bare = await buildEnterpriseProfile(platform.db, firmB, wholeRegistryProfiles(registry.tree));
      expect(bare).not.toHaveProperty('industry');
      expect(bare).not.toHaveProperty('founded');
      expect(bare.years).toEqual({});
      expect(bare.flags).toEqual({ deemed_taxation: false });
      // 净资产 = 资产总额 − 负债总额, exact, only where both are known (negative when liabilities exceed assets).
      await editAs('coordinator', firmB, { years: { '2024': { total_assets: '10000000', total_liabilities: '12500000.5' }, '2023': { total_assets: '9000000' } } });
      const withYears = await buildEnterpriseProfile(platform.db, firmB, wholeRegistryProfiles(registry.tree));
      expect(withYears.years).toEqual({ '2023': { total_assets: '9000000.00' }, '2024': { total_assets: '10000000.00', total_liabilities: '12500000.50', net_assets: '-2500000.50' } });

      // The bulk reader (one query a page, certificates folded in, jsonb parsed here) builds the same profiles, with a digest of the stored record.
      const access = wholeRegistryProfiles(registry.tree);
      const read = async () => new Map((await findEnterpriseProfileRecords(platform.db, { access, pageSize: 10 })).records.map((record) => [record.profile.credit_code, record] as const));
      const records = await read();
      for (const code of [firmA, firmB, demoCreditCode]) expect(records.get(code)?.profile).toEqual(await buildEnterpriseProfile(platform.db, code, access));
      expect(records.get(firmA)?.digest).toMatch(/^[0-9a-f]{64}$/);
      const unchanged = await read();
      expect(unchanged.get(firmA)?.digest).toBe(records.get(firmA)?.digest);
      await editAs('coordinator', firmB, { years: { '2024': { total_assets: '10000000.01', total_liabilities: '12500000.5' } } });
      const changed = await read();
      expect(changed.get(firmB)?.digest).not.toBe(records.get(firmB)?.digest);
      expect(changed.get(firmB)?.profile.years['2024']?.net_assets).toBe('-2500000.49');
      expect(changed.get(firmA)?.digest).toBe(records.get(firmA)?.digest);
      // The database computes the digest as the worker did before (SHA-256 of the fields as read,
      // joined by U+001F, an absent one as ''): the digests earlier runs stored still compare.
      const { rows } = await findEnterpriseRecordPage(platform.db, { access, pageSize: 10 });
      expect(rows.length).toBeGreaterThanOrEqual(3);
      for (const row of rows) {
        const fields = [row.credit_code, row.name, row.org, row.industry, row.founded, row.years, row.events, row.hte_innovation_score, row.deemed_taxation, row.western_development_encouraged, row.ic_or_machine_tool_list, row.synthetic, row.certifications];
        expect(row.digest).toBe(createHash('sha256').update(fields.join('\u001f')).digest('hex'));
      }
    });

    it('gives an enterprise user only its own profile, an area role only its area’s', async () => {
      const own = await registry.caller('enterprise-user');
      expect((await buildEnterpriseProfile(platform.db, demoCreditCode, own)).credit_code).toBe(demoCreditCode);
      await expect(buildEnterpriseProfile(platform.db, firmA, own)).rejects.toMatchObject({ code: 'not_found' });
      const area = await registry.caller('area-reporter');
      expect((await buildEnterpriseProfile(platform.db, firmA, area)).credit_code).toBe(firmA);
      await expect(buildEnterpriseProfile(platform.db, firmB, area)).rejects.toMatchObject({ code: 'not_found' });

      const all = async (options: Parameters<typeof streamEnterpriseProfiles>[1]) => {
        const pages: string[][] = [];
        for await (const page of streamEnterpriseProfiles(platform.db, options)) pages.push(page.map((profile) => profile.credit_code));
        return pages;
      };
      expect(await all({ access: own })).toEqual([[demoCreditCode]]);
      expect((await all({ access: area })).flat().sort()).toEqual([firmA, demoCreditCode].sort());
      // Paged by credit code, every enterprise once; an area filter within the whole registry.
      const codes = [firmA, firmB, demoCreditCode].sort();
      expect(await all({ access: await registry.caller('coordinator'), pageSize: 2 })).toEqual([codes.slice(0, 2), codes.slice(2)]);
      expect((await all({ access: wholeRegistryProfiles(registry.tree), org: '640200' })).flat()).toEqual([firmB]);
    });
  });
}
