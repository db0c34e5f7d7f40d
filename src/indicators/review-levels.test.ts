import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, testPassword } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { actorOf, createUser, findUserByUsername, loadPermissionTable, noOrigin, systemActor, type Actor, type PermissionTable } from '../accounts/index.ts';
import { AreaTree } from '../areas/index.ts';
import { findAuditRowsAfter } from '../audit/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import type { AppError } from '../shared/index.ts';
import { findEntrySheet } from './find-entry-sheet.ts';
import { findQueueCounts, findReviewQueue } from './find-review-queue.ts';
import type { ReviewLevel } from './indicator-contract.ts';
import { findReportingCalendar, reportingPeriodOf } from './reporting-calendar.ts';
import { saveDraftValues } from './save-draft-values.ts';
import { transitionValues } from './transition-values.ts';
import { findValueComments, findValueRevisions } from './value-repository.ts';
import { levelAfterApproval, reviewLevelsOf, reviewingAreaOf, valueTransitions } from './value-workflow.ts';

const tree = new AreaTree([
  { code: '640000', name: '宁夏回族自治区', parentCode: null, level: 'province' },
  { code: '640100', name: '银川市', parentCode: '640000', level: 'prefecture' },
  { code: '640104', name: '兴庆区', parentCode: '640100', level: 'county' },
]);

describe('the value state machine', () => {
  it('has a returned state: submitted → returned by a reviewer, returned → submitted by the reporter', () => {
    expect(valueTransitions.return).toMatchObject({ from: ['submitted'], to: 'returned', permission: 'indicators.approve' });
    expect(valueTransitions.submit).toMatchObject({ from: ['draft', 'returned'], to: 'submitted', permission: 'indicators.enter' });
    expect(valueTransitions.approve.from).toEqual(['submitted']);
    expect(valueTransitions.unlock).toMatchObject({ from: ['approved'], to: 'submitted' });
  });

  it('reviews a county by its city, then the region; a city and the region by the region only', () => {
    expect(reviewLevelsOf(tree, '640104')).toEqual(['city', 'region']);
    expect(reviewLevelsOf(tree, '640100')).toEqual(['region']);
    expect(reviewLevelsOf(tree, '640000')).toEqual(['region']);
    expect(reviewLevelsOf(tree, '640104', ['region'])).toEqual(['region']);
    expect(reviewLevelsOf(tree, '640104', ['city'])).toEqual(['city']);
    // Someone reviews every value: a city's with city-level review only goes to the region.
    expect(reviewLevelsOf(tree, '640100', ['city'])).toEqual(['region']);
    expect(reviewingAreaOf(tree, '640104', 'city')).toBe('640100');
    expect(reviewingAreaOf(tree, '640104', 'region')).toBe('640000');
    expect(reviewingAreaOf(tree, '640100', 'region')).toBe('640000');
  });

  it('passes an approval up past every level the approver covers', () => {
    const levels: ReviewLevel[] = ['city', 'region'];
    expect(levelAfterApproval(levels, 'city', () => false)).toBe('region');
    expect(levelAfterApproval(levels, 'city', () => true)).toBeNull();
    expect(levelAfterApproval(levels, 'region', () => false)).toBeNull();
    expect(levelAfterApproval(['city'], 'city', () => false)).toBeNull();
  });
});

describe('the reporting calendar', () => {
  it('makes a year’s value due by 3-31 of the next year, a quarter’s and a month’s by the end of the next month', () => {
    expect(reportingPeriodOf('year', '2025-03-31')).toEqual({ period: '2024', dueDate: '2025-03-31' });
    expect(reportingPeriodOf('year', '2025-01-01')).toEqual({ period: '2024', dueDate: '2025-03-31' });
    expect(reportingPeriodOf('year', '2025-04-01', 6)).toEqual({ period: '2024', dueDate: '2025-06-30' });
    expect(reportingPeriodOf('quarter', '2025-02-10')).toEqual({ period: '2024Q4', dueDate: '2025-01-31' });
    expect(reportingPeriodOf('quarter', '2025-07-01')).toEqual({ period: '2025Q2', dueDate: '2025-07-31' });
    expect(reportingPeriodOf('month', '2024-03-05')).toEqual({ period: '2024-02', dueDate: '2024-03-31' });
    expect(reportingPeriodOf('month', '2025-01-05')).toEqual({ period: '2024-12', dueDate: '2025-01-31' });
    expect(reportingPeriodOf('month', '2024-02-05', 0)).toEqual({ period: '2024-01', dueDate: '2024-01-31' });
  });
});

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`review by level on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: DatabaseHandle;
    let drop: () => Promise<void>;
    let permissions: PermissionTable;
    let reporter: Actor;
    let cityLeader: Actor;
    let otherCityLeader: Actor;
    let coordinator: Actor;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      platform = await preparePlatform(created.options);
      await createTestAccounts(platform.db);
      permissions = await loadPermissionTable(platform.db);
      const options = { actor: systemActor, permissions, origin: noOrigin, mustChangePassword: false };
      await createUser(platform.db, { username: 'county-reporter', role: 'area_reporter', password: testPassword, org_code: '640104' }, options);
      await createUser(platform.db, { username: 'shizuishan-leader', role: 'area_leader', password: testPassword, org_code: '640200' }, options);
      const actor = async (username: string) => actorOf((await findUserByUsername(platform.db, username))!);
      reporter = await actor('county-reporter');
      cityLeader = await actor('area-leader');
      otherCityLeader = await actor('shizuishan-leader');
      coordinator = await actor('coordinator');
    });

    afterAll(async () => {
      await platform?.close();
      await drop?.();
    });

    const now = new Date('2025-05-06T02:00:00Z');
    const options = (actor: Actor, reviewLevels?: ReviewLevel[]) => ({ actor, permissions, origin: { requestId: 'test', clientIp: '127.0.0.1' }, now, reviewLevels });
    const failure = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as AppError);
    const county = { org: '640104', period: '2024' };
    const queue = async (actor: Actor, kind: 'review' | 'returned') => (await findReviewQueue(platform.db, kind, { actor, permissions, now })).items.map((item) => [item.indicator, item.org, item.status, item.review_level, item.reason]);

    it('sends a county’s submission to its city’s leader first: in that leader’s queue, not the coordinator’s nor another city’s', async () => {
      await saveDraftValues(platform.db, { ...county, values: [{ indicator: 'gdp', value: 900, unit: '亿元' }] }, options(reporter));
      expect(await transitionValues(platform.db, 'submit', county, options(reporter))).toEqual({ changed: [{ indicator: 'gdp', status: 'submitted', review_level: 'city' }] });
      expect(await queue(cityLeader, 'review')).toEqual([['gdp', '640104', 'submitted', 'city', null]]);
      expect(await queue(coordinator, 'review')).toEqual([]);
      expect(await queue(otherCityLeader, 'review')).toEqual([]);
      expect(await queue(reporter, 'review')).toEqual([]);
      const item = (await findReviewQueue(platform.db, 'review', { actor: cityLeader, permissions, now })).items[0];
      expect(item).toMatchObject({ indicator_name: '地区生产总值', org_name: '兴庆区', period: '2024', value: 900, unit: '亿元', submitted_by: 'county-reporter', submitted_at: now.toISOString() });
    });

    it('refuses another city’s leader (403) and a return without a reason (400)', async () => {
      expect(await failure(transitionValues(platform.db, 'approve', county, options(otherCityLeader)))).toMatchObject({ code: 'forbidden' });
      expect(await failure(transitionValues(platform.db, 'return', { ...county, reason: 'x' }, options(otherCityLeader)))).toMatchObject({ code: 'forbidden' });
      const blank = await failure(transitionValues(platform.db, 'return', { ...county, reason: '   ' }, options(cityLeader)));
      expect(blank).toMatchObject({ code: 'bad_request', message: expect.stringContaining('退回原因') });
      expect(blank?.httpStatus).toBe(400);
    });

    it('lets the city leader return it with a reason: 已退回 with who, when and why, in the reporter’s queue and on the entry sheet', async () => {
      const returnedAt = new Date('2025-05-06T03:00:00Z');
      expect(await transitionValues(platform.db, 'return', { ...county, reason: '与区统计公报不一致' }, { ...options(cityLeader), now: returnedAt })).toEqual({ changed: [{ indicator: 'gdp', status: 'returned' }] });
      expect(await queue(reporter, 'returned')).toEqual([['gdp', '640104', 'returned', null, '与区统计公报不一致']]);
      expect(await queue(cityLeader, 'review')).toEqual([]);
      const sheet = await findEntrySheet(platform.db, county, { actor: reporter, permissions });
      expect(sheet.values.find((value) => value.indicator === 'gdp')).toMatchObject({ status: 'returned', returned: { by: 'area-leader', at: returnedAt.toISOString(), reason: '与区统计公报不一致' }, can_review: false });
      expect(await findValueComments(platform.db, { indicator: 'gdp', ...county })).toEqual([expect.objectContaining({ action: 'return', level: 'city', body: '与区统计公报不一致', author: 'area-leader' })]);
      expect(await findQueueCounts(platform.db, { actor: reporter, permissions, now })).toMatchObject({ review: 0, returned: 1 });
    });

    it('keeps a corrected value returned until the reporter submits it again; resubmitted, it goes to the city leader', async () => {
      await saveDraftValues(platform.db, { ...county, values: [{ indicator: 'gdp', value: 905.3, unit: '亿元' }] }, options(reporter));
      expect((await findEntrySheet(platform.db, county, { actor: reporter, permissions })).values.find((value) => value.indicator === 'gdp')).toMatchObject({ status: 'returned', value: 905.3, returned: { reason: '与区统计公报不一致' } });
      expect(await transitionValues(platform.db, 'submit', county, options(reporter))).toEqual({ changed: [{ indicator: 'gdp', status: 'submitted', review_level: 'city' }] });
      expect(await queue(reporter, 'returned')).toEqual([]);
      expect(await queue(cityLeader, 'review')).toEqual([['gdp', '640104', 'submitted', 'city', null]]);
      // Resubmitted, the return is no longer current, but its reason stays in the value's review history.
      const reviewed = (await findEntrySheet(platform.db, county, { actor: cityLeader, permissions })).values.find((value) => value.indicator === 'gdp');
      expect(reviewed).toMatchObject({ status: 'submitted', review_level: 'city', returned: null, can_review: true, comments: [{ action: 'return', level: 'city', body: '与区统计公报不一致', author: 'area-leader', at: '2025-05-06T03:00:00.000Z' }] });
    });

    it('passes it up when the city leader approves; the city leader cannot take the region’s step, the coordinator approves it', async () => {
      expect(await transitionValues(platform.db, 'approve', county, options(cityLeader))).toEqual({ changed: [{ indicator: 'gdp', status: 'submitted', review_level: 'region' }] });
      expect(await queue(cityLeader, 'review')).toEqual([]);
      expect(await queue(coordinator, 'review')).toEqual([['gdp', '640104', 'submitted', 'region', null]]);
      const again = await failure(transitionValues(platform.db, 'approve', county, options(cityLeader)));
      expect(again).toMatchObject({ code: 'forbidden', details: { review_level: 'region' } });
      expect(await failure(transitionValues(platform.db, 'return', { ...county, reason: '再看看' }, options(cityLeader)))).toMatchObject({ code: 'forbidden' });
      expect(await transitionValues(platform.db, 'approve', county, options(coordinator))).toEqual({ changed: [{ indicator: 'gdp', status: 'approved' }] });
      const history = await findValueRevisions(platform.db, { indicator: 'gdp', ...county }, 'all');
      expect(history.map((row) => [row.change, row.status, row.changedBy])).toEqual([
        ['create', 'draft', 'county-reporter'],
        ['submit', 'submitted', 'county-reporter'],
        ['return', 'returned', 'area-leader'],
        ['revise', 'returned', 'county-reporter'],
        ['submit', 'submitted', 'county-reporter'],
        ['approve', 'submitted', 'area-leader'],
        ['approve', 'approved', 'coordinator'],
      ]);
      const audit = (await findAuditRowsAfter(platform.db, null, 10_000)).filter((row) => row.entityId === 'gdp|640104|2024' && row.action.startsWith('indicator_value.'));
      expect(audit.map((row) => [row.action, row.actorUsername, (row.after as { status: string; review_level?: string }).status, (row.after as { review_level?: string }).review_level ?? null])).toEqual([
        ['indicator_value.save_draft', 'county-reporter', 'draft', null],
        ['indicator_value.submit', 'county-reporter', 'submitted', 'city'],
        ['indicator_value.return', 'area-leader', 'returned', null],
        ['indicator_value.save_draft', 'county-reporter', 'returned', null],
        ['indicator_value.submit', 'county-reporter', 'submitted', 'city'],
        ['indicator_value.approve', 'area-leader', 'submitted', 'region'],
        ['indicator_value.approve', 'coordinator', 'approved', null],
      ]);
    });

    it('lets a city leader review only its counties: its own city’s value waits for the coordinator', async () => {
      const city = { org: '640100', period: '2024' };
      await saveDraftValues(platform.db, { ...city, values: [{ indicator: 'tech_smes', value: 300 }] }, options(cityLeader));
      expect(await transitionValues(platform.db, 'submit', city, options(cityLeader))).toEqual({ changed: [{ indicator: 'tech_smes', status: 'submitted', review_level: 'region' }] });
      expect(await queue(cityLeader, 'review')).toEqual([]);
      expect(await failure(transitionValues(platform.db, 'approve', city, options(cityLeader)))).toMatchObject({ code: 'forbidden' });
      expect(await failure(transitionValues(platform.db, 'approve', { ...city, indicators: ['tech_smes'] }, options(cityLeader)))).toMatchObject({ code: 'forbidden' });
      expect(await queue(coordinator, 'review')).toEqual([['tech_smes', '640100', 'submitted', 'region', null]]);
      expect(await transitionValues(platform.db, 'approve', city, options(coordinator))).toEqual({ changed: [{ indicator: 'tech_smes', status: 'approved' }] });
    });

    it('follows the configured levels: region only sends a county to the coordinator; city only makes the city leader’s approval final', async () => {
      const regionOnly = { org: '640105', period: '2024' };
      await saveDraftValues(platform.db, { ...regionOnly, values: [{ indicator: 'tech_smes', value: 40 }] }, options(cityLeader));
      expect(await transitionValues(platform.db, 'submit', regionOnly, options(cityLeader, ['region']))).toEqual({ changed: [{ indicator: 'tech_smes', status: 'submitted', review_level: 'region' }] });
      expect(await failure(transitionValues(platform.db, 'approve', regionOnly, options(cityLeader, ['region'])))).toMatchObject({ code: 'forbidden' });
      expect(await transitionValues(platform.db, 'approve', regionOnly, options(coordinator, ['region']))).toEqual({ changed: [{ indicator: 'tech_smes', status: 'approved' }] });
      const cityOnly = { org: '640106', period: '2024' };
      await saveDraftValues(platform.db, { ...cityOnly, values: [{ indicator: 'tech_smes', value: 41 }] }, options(cityLeader));
      expect(await transitionValues(platform.db, 'submit', cityOnly, options(cityLeader, ['city']))).toEqual({ changed: [{ indicator: 'tech_smes', status: 'submitted', review_level: 'city' }] });
      expect(await failure(transitionValues(platform.db, 'approve', cityOnly, options(otherCityLeader, ['city'])))).toMatchObject({ code: 'forbidden' });
      expect(await transitionValues(platform.db, 'approve', cityOnly, options(cityLeader, ['city']))).toEqual({ changed: [{ indicator: 'tech_smes', status: 'approved' }] });
    });

    it('lets the coordinator stand in at city level: its approval passes every level at once', async () => {
      const key = { org: '640106', period: '2023' };
      await saveDraftValues(platform.db, { ...key, values: [{ indicator: 'tech_smes', value: 39 }] }, options(cityLeader));
      await transitionValues(platform.db, 'submit', key, options(cityLeader));
      expect(await transitionValues(platform.db, 'approve', key, options(coordinator))).toEqual({ changed: [{ indicator: 'tech_smes', status: 'approved' }] });
    });

    it('re-runs the cross-indicator rules on submit: a value that broke one since it was saved is not sent for review', async () => {
      const key = { org: '640121', period: '2022' };
      await saveDraftValues(platform.db, { ...key, values: [{ indicator: 'rd_expenditure', value: 50, unit: '亿元' }] }, options(cityLeader));
      // GDP arrives afterwards, around the form (another office's file): R&D spending now exceeds it.
      await platform.db.execute(sql`insert into indicator_values (indicator, org, period, value, unit, entered_value, entered_unit, status, origin, updated_by) values ('gdp', '640121', '2022', 40, '亿元', 40, '亿元', 'approved', 'import', 'coordinator')`);
      const refused = await failure(transitionValues(platform.db, 'submit', key, options(cityLeader)));
      expect(refused).toMatchObject({ code: 'bad_request', message: expect.stringContaining('全社会R&D经费支出不能超过地区生产总值') });
      expect(refused?.httpStatus).toBe(400);
    });

    it('re-runs the year-on-year jump on submit: it needs the comment kept when the value was saved', async () => {
      const key = { org: '640122', period: '2021' };
      await saveDraftValues(platform.db, { ...key, values: [{ indicator: 'tech_smes', value: 100 }] }, options(cityLeader));
      // The year before is filled in later: the draft is now a tenfold jump, never accepted with a comment.
      await platform.db.execute(sql`insert into indicator_values (indicator, org, period, value, unit, entered_value, entered_unit, status, origin, updated_by) values ('tech_smes', '640122', '2020', 10, '家', 10, '家', 'approved', 'import', 'coordinator')`);
      const refused = await failure(transitionValues(platform.db, 'submit', key, options(cityLeader)));
      expect(refused).toMatchObject({ code: 'bad_request', message: expect.stringContaining('较上年同期（2020：10家）变化超过 3 倍'), details: [expect.objectContaining({ indicator: 'tech_smes', severity: 'warning' })] });
      // Saved again with a comment, it is kept with the value (review history) and the submission passes.
      await saveDraftValues(platform.db, { ...key, values: [{ indicator: 'tech_smes', value: 100, comment: '新增入库企业集中认定' }] }, options(cityLeader));
      expect(await findValueComments(platform.db, { indicator: 'tech_smes', ...key })).toEqual([expect.objectContaining({ action: 'quality', body: '新增入库企业集中认定', author: 'area-leader' })]);
      expect(await transitionValues(platform.db, 'submit', key, options(cityLeader))).toEqual({ changed: [{ indicator: 'tech_smes', status: 'submitted', review_level: 'city' }] });
    });

    it('lists what the caller’s areas owe: the period now reported, due until its due date and late after it', async () => {
      const calendar = await findReportingCalendar(platform.db, { actor: reporter, permissions, now });
      expect(calendar.today).toBe('2025-05-06');
      // 兴庆区's gdp of 2024 is approved; its other yearly values of 2024 were due by 2025-03-31.
      expect(calendar.items.find((item) => item.indicator === 'gdp')).toBeUndefined();
      expect(calendar.items.length).toBeGreaterThan(0);
      expect(calendar.items.every((item) => item.org === '640104' && item.org_name === '兴庆区' && item.period === '2024' && item.due_date === '2025-03-31' && item.state === 'late')).toBe(true);
      // 23:59:59 on 3-31 in Beijing: still due, not late.
      const before = await findReportingCalendar(platform.db, { actor: reporter, permissions, now: new Date('2025-03-31T15:59:59Z') });
      expect(before.today).toBe('2025-03-31');
      expect(before.items.length).toBe(calendar.items.length);
      expect(before.items.every((item) => item.state === 'due')).toBe(true);
      const counts = await findQueueCounts(platform.db, { actor: reporter, permissions, now });
      expect(counts.late).toBe(calendar.items.length);
      expect(counts.due).toBe(0);
    });
  });
}
