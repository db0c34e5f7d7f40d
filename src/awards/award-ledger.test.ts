import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { actorOf, demoCreditCode, findUserByUsername, loadPermissionTable, type Actor, type PermissionTable } from '../accounts/index.ts';
import { findAuditRowsAfter } from '../audit/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import type { AppError } from '../shared/index.ts';
import { approveForPayment, confirmAwards, endNoticePeriod, findAwards, findPublicNotices, getAward, presentNoticeXlsx, proposeAwardCandidates, publishAwardNotice, raiseObjection, recordPayment, resolveObjection, reinstateAward, withdrawAward, type AwardCandidate, findAwardCosts } from './index.ts';

const oneTime = 'ningxia-2022.first-above-scale-rd-award';
const yearly = 'ningxia-2022.hte-post-subsidy';
const pack = 'ningxia-2022-st-action';
/** Friday 4 December 2026, 10:00 in Beijing. */
const friday = new Date('2026-12-04T02:00:00Z');
/** The next Friday (the notice's last day) and the Saturday after it. */
const nextFriday = new Date('2026-12-11T02:00:00Z');
const saturday = new Date('2026-12-12T02:00:00Z');

function candidate(code: string, incentive: string, year: number, amount = '200000', area = '640104'): AwardCandidate {
  return { enterprise_id: code, credit_code: code, name: `企业${code.slice(-4)}`, area_code: area, incentive_id: incentive, pack_id: pack, year, amount, run_id: 'run-1' };
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`the award ledger on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: DatabaseHandle;
    let drop: () => Promise<void>;
    let permissions: PermissionTable;
    let coordinator: Actor;
    let areaLeader: Actor;
    let enterpriseUser: Actor;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      platform = await preparePlatform(created.options);
      await createTestAccounts(platform.db);
      permissions = await loadPermissionTable(platform.db);
      coordinator = actorOf((await findUserByUsername(platform.db, 'coordinator'))!);
      areaLeader = actorOf((await findUserByUsername(platform.db, 'area-leader'))!);
      enterpriseUser = actorOf((await findUserByUsername(platform.db, 'enterprise-user'))!);
    });

    afterAll(async () => {
      await platform?.close();
      await drop?.();
    });

    const options = (now: Date, actor = coordinator) => ({ actor, permissions, origin: { requestId: 'test', clientIp: '127.0.0.1' }, now });
    const failure = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as AppError);
    const idOf = async (code: string, incentive: string, year: number) => {
      const page = await findAwards(platform.db, { enterprise: code, incentive, year, page: 1, page_size: 10 }, options(friday));
      return page.awards[0]!.id;
    };

    /** Takes fresh awards from candidate to approved: proposed and confirmed Friday, announced Friday, approved the Saturday after next. */
    async function approved(candidates: AwardCandidate[]): Promise<string[]> {
      const proposed = await proposeAwardCandidates(platform.db, coordinator, candidates, friday);
      await confirmAwards(platform.db, proposed.created, options(friday));
      await publishAwardNotice(platform.db, { title: '测试公示', ids: proposed.created }, options(friday));
      await approveForPayment(platform.db, proposed.created, options(saturday));
      return proposed.created;
    }

    it('takes an award from candidate to paid, every move kept in its history and audited', async () => {
      const before = await platformAuditHead();
      const code = '91640104AWARD00001';
      const proposed = await proposeAwardCandidates(platform.db, coordinator, [candidate(code, oneTime, 2025)], friday);
      expect(proposed).toMatchObject({ existing: 0, refused: [] });
      const [id] = proposed.created;
      expect((await confirmAwards(platform.db, [id!], options(friday))).changed).toEqual([{ id, state: 'confirmed' }]);
      const notice = await publishAwardNotice(platform.db, { title: '2026年第一批科技奖补公示', ids: [id!] }, options(friday));
      // Published on Friday with five working days: Monday to Friday, ending the next Friday.
      expect(notice).toMatchObject({ published_on: '2026-12-04', ends_on: '2026-12-11', notice_days: 5, state: 'open', award_count: 1 });
      // Still running on its last day: neither approval nor ending the period.
      expect(await failure(approveForPayment(platform.db, [id!], options(nextFriday)))).toMatchObject({ code: 'conflict', details: { ends_on: '2026-12-11' } });
      expect(await failure(endNoticePeriod(platform.db, notice.id, options(nextFriday)))).toMatchObject({ code: 'conflict' });
      const listed = await findAwards(platform.db, { enterprise: code, page: 1, page_size: 10 }, options(saturday));
      expect(listed.awards[0]).toMatchObject({ state: 'announced', eligible_for_approval: true, notice_ends_on: '2026-12-11', area_name: '兴庆区', incentive_title: '首次达到规模以上工业企业研发投入奖补', frequency: 'one_time' });
      expect((await approveForPayment(platform.db, [id!], options(saturday))).changed).toEqual([{ id, state: 'approved' }]);
      const paid = await recordPayment(platform.db, id!, { amount: '200000', paid_on: '2026-12-12', reference: '宁财拨〔2026〕1号' }, options(saturday));
      expect(paid).toEqual({ id, state: 'paid', payment_key: `${oneTime}:${code}` });
      const detail = await getAward(platform.db, id!, options(saturday));
      expect(detail.history.map((step) => `${step.from_state ?? '∅'}→${step.to_state}`)).toEqual(['∅→candidate', 'candidate→confirmed', 'confirmed→announced', 'announced→period_ended', 'period_ended→approved', 'approved→paid']);
      expect(detail.payment).toMatchObject({ amount: '200000.00', paid_on: '2026-12-12', reference: '宁财拨〔2026〕1号' });
      const actions = (await findAuditRowsAfter(platform.db, before, 1000)).map((row) => row.action);
      expect(actions).toEqual(['award.propose', 'award.confirm', 'award.announce', 'award_notice.publish', 'award.approve', 'award.pay']);
      // Paid is final: withdrawing it is a 409 naming the state and the action.
      expect(await failure(withdrawAward(platform.db, id!, '重复', options(saturday)))).toMatchObject({ code: 'conflict', message: expect.stringContaining('当前状态为“已拨付”，不能撤销') });
    });

    it('refuses illegal moves with 409 naming the award and its state, leaving nothing half done', async () => {
      const proposed = await proposeAwardCandidates(platform.db, coordinator, [candidate('91640104AWARD00002', yearly, 2025), candidate('91640104AWARD00003', yearly, 2025)], friday);
      const [first, second] = proposed.created;
      await confirmAwards(platform.db, [first!], options(friday));
      // Bulk confirm with one already confirmed: all or nothing.
      const refused = await failure(confirmAwards(platform.db, [first!, second!], options(friday)));
      expect(refused).toMatchObject({ code: 'conflict', details: { state: 'confirmed', action: 'confirm' } });
      expect(refused?.message).toContain('企业0002·国家高新技术企业科技创新后补助·2025年当前状态为“已确认”，不能确认');
      expect((await getAward(platform.db, second!, options(friday))).state).toBe('candidate');
      expect(await failure(publishAwardNotice(platform.db, { title: 'x', ids: [second!] }, options(friday)))).toMatchObject({ code: 'conflict' });
      expect(await failure(recordPayment(platform.db, first!, { amount: '1', paid_on: '2026-12-04', reference: 'x' }, options(friday)))).toMatchObject({ code: 'conflict', details: { state: 'confirmed', action: 'pay' } });
      expect(await failure(raiseObjection(platform.db, first!, '异议', options(friday)))).toMatchObject({ code: 'conflict' });
      expect(await failure(withdrawAward(platform.db, second!, '  ', options(friday)))).toMatchObject({ code: 'bad_request' });
      expect(await failure(confirmAwards(platform.db, [second!], options(friday, areaLeader)))).toMatchObject({ code: 'forbidden' });
      await withdrawAward(platform.db, second!, '企业已注销', options(friday));
      expect(await getAward(platform.db, second!, options(friday))).toMatchObject({ state: 'withdrawn', withdrawn_reason: '企业已注销' });
      expect(await failure(confirmAwards(platform.db, [second!], options(friday)))).toMatchObject({ code: 'conflict', details: { state: 'withdrawn' } });
      // Withdrawn in error: only the coordinator reinstates it, with a reason; it is a candidate again, to be confirmed anew.
      expect(await failure(reinstateAward(platform.db, second!, '  ', options(friday)))).toMatchObject({ code: 'bad_request' });
      expect(await failure(reinstateAward(platform.db, second!, '误撤销', options(friday, areaLeader)))).toMatchObject({ code: 'forbidden' });
      expect(await reinstateAward(platform.db, second!, '误撤销：企业未注销', options(friday))).toEqual({ id: second, state: 'candidate' });
      const reinstated = await getAward(platform.db, second!, options(friday));
      expect(reinstated).toMatchObject({ state: 'candidate', withdrawn_reason: null });
      expect(reinstated.history.at(-1)).toMatchObject({ from_state: 'withdrawn', to_state: 'candidate', action: 'reinstate', note: '误撤销：企业未注销' });
      expect(await failure(reinstateAward(platform.db, second!, '再次', options(friday)))).toMatchObject({ code: 'conflict', details: { state: 'candidate', action: 'reinstate' } });
      await confirmAwards(platform.db, [second!], options(friday));
    });

    it('handles objections: dismissed back to announced, corrected back to confirmed, upheld withdrawn', async () => {
      const codes = ['91640104AWARD00011', '91640104AWARD00012', '91640104AWARD00013'];
      const proposed = await proposeAwardCandidates(platform.db, coordinator, codes.map((code) => candidate(code, yearly, 2025)), friday);
      await confirmAwards(platform.db, proposed.created, options(friday));
      const notice = await publishAwardNotice(platform.db, { title: '异议测试', ids: proposed.created, notice_days: 3 }, options(friday));
      expect(notice.ends_on).toBe('2026-12-09');
      const [dismissed, corrected, upheld] = proposed.created as [string, string, string];
      for (const id of proposed.created) await raiseObjection(platform.db, id, '研发投入数据有误', options(friday));
      expect((await resolveObjection(platform.db, dismissed, { outcome: 'dismissed', resolution: '经核实无误' }, options(friday))).state).toBe('announced');
      expect((await resolveObjection(platform.db, corrected, { outcome: 'corrected', resolution: '金额更正后重新公示' }, options(friday))).state).toBe('confirmed');
      expect((await resolveObjection(platform.db, upheld, { outcome: 'upheld', resolution: '不符合条件' }, options(friday))).state).toBe('withdrawn');
      expect(await failure(resolveObjection(platform.db, upheld, { outcome: 'dismissed', resolution: 'x' }, options(friday)))).toMatchObject({ code: 'conflict' });
      const detail = await getAward(platform.db, corrected, options(friday));
      expect(detail).toMatchObject({ notice_id: null, objections: [{ outcome: 'corrected', resolution: '金额更正后重新公示', text: '研发投入数据有误' }] });
      expect((await getAward(platform.db, upheld, options(friday))).withdrawn_reason).toBe('不符合条件');
      // The notice ends after its last day: the announced award moves on, the corrected one waits for a new notice.
      const ended = await endNoticePeriod(platform.db, notice.id, options(saturday));
      expect(ended.changed).toEqual([{ id: dismissed, state: 'period_ended' }]);
      expect(await failure(endNoticePeriod(platform.db, notice.id, options(saturday)))).toMatchObject({ code: 'conflict' });
      // The public notice lists what is not withdrawn.
      const published = (await findPublicNotices(platform.db, saturday)).notices.find((entry) => entry.id === notice.id)!;
      expect(published.items.map((item) => item.enterprise_name)).toEqual(['企业0011', '企业0012']);
    });

    it('pays a one-time award once per enterprise ever, whatever the runs say', async () => {
      const code = '91640104AWARD00021';
      const [first, second] = await approved([candidate(code, oneTime, 2024), candidate(code, oneTime, 2025)]);
      await recordPayment(platform.db, first!, { amount: '200000', paid_on: '2026-12-12', reference: 'P-1' }, options(saturday));
      const refused = await failure(recordPayment(platform.db, second!, { amount: '200000', paid_on: '2026-12-12', reference: 'P-2' }, options(saturday)));
      expect(refused).toMatchObject({ code: 'conflict', details: { payment_key: `${oneTime}:${code}` } });
      expect(refused?.message).toContain('该企业已领取过这项一次性奖励，不能再次拨付');
      expect((await getAward(platform.db, second!, options(saturday))).state).toBe('approved');
      // Paying the same award again is the state machine's refusal.
      expect(await failure(recordPayment(platform.db, first!, { amount: '200000', paid_on: '2026-12-12', reference: 'P-3' }, options(saturday)))).toMatchObject({ code: 'conflict', details: { state: 'paid' } });
    });

    it('pays a yearly award once per year', async () => {
      const code = '91640104AWARD00031';
      const [y2024, y2025] = await approved([candidate(code, yearly, 2024), candidate(code, yearly, 2025)]);
      expect((await recordPayment(platform.db, y2024!, { amount: '100000', paid_on: '2026-12-12', reference: 'Y-1' }, options(saturday))).payment_key).toBe(`${yearly}:${code}:2024`);
      expect((await recordPayment(platform.db, y2025!, { amount: '100000', paid_on: '2026-12-12', reference: 'Y-2' }, options(saturday))).payment_key).toBe(`${yearly}:${code}:2025`);
      expect(await failure(recordPayment(platform.db, y2025!, { amount: '1', paid_on: '2026-12-12', reference: 'Y-3' }, options(saturday)))).toMatchObject({ code: 'conflict' });
    });

    it('gives the fiscal view what a year cost: paid as recorded, approved not yet paid, by incentive and area', async () => {
      const [paidAward, approvedAward, otherArea] = await approved([
        candidate('91640104AWARD00041', yearly, 2023, '120000.10'),
        candidate('91640104AWARD00042', yearly, 2023, '80000'),
        candidate('91640202AWARD00043', yearly, 2023, '50000', '640202'),
      ]);
      await recordPayment(platform.db, paidAward!, { amount: '120000.10', paid_on: '2026-12-12', reference: 'F-1' }, options(saturday));
      await recordPayment(platform.db, otherArea!, { amount: '49999.99', paid_on: '2026-12-12', reference: 'F-2' }, options(saturday));
      expect(approvedAward).toBeDefined();
      expect(await findAwardCosts(platform.db, 2023)).toEqual([
        { incentive_id: yearly, area_code: '640104', paid: '120000.10', approved: '80000.00' },
        { incentive_id: yearly, area_code: '640202', paid: '49999.99', approved: '0.00' },
      ]);
    });

    it('refuses a payment above the award, in the future, or without a reference', async () => {
      const [id] = await approved([candidate('91640104AWARD00041', yearly, 2025, '1000.50')]);
      expect(await failure(recordPayment(platform.db, id!, { amount: '1000.51', paid_on: '2026-12-12', reference: 'R' }, options(saturday)))).toMatchObject({ code: 'bad_request' });
      expect(await failure(recordPayment(platform.db, id!, { amount: '1000.50', paid_on: '2026-12-13', reference: 'R' }, options(saturday)))).toMatchObject({ code: 'bad_request' });
      expect(await failure(recordPayment(platform.db, id!, { amount: '1000.50', paid_on: '2026-12-12', reference: ' ' }, options(saturday)))).toMatchObject({ code: 'bad_request' });
      expect(await failure(recordPayment(platform.db, id!, { amount: '1000.50', paid_on: '2026-12-12', reference: 'R' }, options(saturday, areaLeader)))).toMatchObject({ code: 'forbidden' });
    });

    it('proposes candidates leaving existing awards alone and refusing a one-time incentive already paid', async () => {
      const code = '91640104AWARD00021'; // paid its one-time award above
      const result = await proposeAwardCandidates(platform.db, coordinator, [candidate(code, oneTime, 2026), candidate('91640104AWARD00031', yearly, 2025, '999'), candidate('91640104AWARD00051', yearly, 2026)], friday);
      expect(result.created).toHaveLength(1);
      expect(result.existing).toBe(1);
      expect(result.refused).toEqual([{ credit_code: code, incentive_id: oneTime, year: 2026, reason: `企业0021已领取过一次性奖励“首次达到规模以上工业企业研发投入奖补”，不能再次列为候选`, reason_en: expect.any(String) }]);
      // The existing award keeps its state (paid) and amount.
      const kept = await getAward(platform.db, await idOf('91640104AWARD00031', yearly, 2025), options(friday));
      expect(kept).toMatchObject({ state: 'paid', amount: '200000.00', run_id: 'run-1' });
      expect(await failure(proposeAwardCandidates(platform.db, coordinator, [candidate('91640104AWARD00061', yearly, 2026, '-1')], friday))).toMatchObject({ code: 'bad_request' });
    });

    it('shows an enterprise its own awards only, an area leader its areas', async () => {
      await proposeAwardCandidates(platform.db, coordinator, [candidate(demoCreditCode, yearly, 2025), candidate('91640502AWARD00071', yearly, 2025, '5', '640502')], friday);
      const own = await findAwards(platform.db, { page: 1, page_size: 50 }, options(friday, enterpriseUser));
      expect(own.awards.map((award) => award.credit_code)).toEqual([demoCreditCode]);
      expect(own.counts).toEqual({ candidate: 1 });
      const area = await findAwards(platform.db, { page: 1, page_size: 500 }, options(friday, areaLeader));
      expect(area.awards.length).toBeGreaterThan(1);
      expect(area.awards.every((award) => award.area_code.startsWith('6401'))).toBe(true);
      const elsewhere = await idOf('91640502AWARD00071', yearly, 2025);
      expect(await failure(getAward(platform.db, elsewhere, options(friday, areaLeader)))).toMatchObject({ code: 'not_found' });
      expect(await failure(getAward(platform.db, elsewhere, options(friday, enterpriseUser)))).toMatchObject({ code: 'not_found' });
    });

    it('publishes the 公示 with names, areas, titles and amounts only, as Excel too', async () => {
      const { notices, note } = await findPublicNotices(platform.db, saturday);
      expect(note).toContain('未计入法定节假日');
      expect(notices.length).toBeGreaterThan(0);
      for (const notice of notices) for (const item of notice.items) expect(Object.keys(item).sort()).toEqual(['amount', 'area_name', 'enterprise_name', 'incentive_title', 'year']);
      const file = await presentNoticeXlsx(notices[0]!);
      expect(file.content.subarray(0, 2).toString()).toBe('PK');
    });

    async function platformAuditHead(): Promise<number> {
      let seq = 0;
      for (let rows = await findAuditRowsAfter(platform.db, seq, 1000); rows.length > 0; rows = await findAuditRowsAfter(platform.db, seq, 1000)) seq = rows[rows.length - 1]!.seq;
      return seq;
    }
  });
}
