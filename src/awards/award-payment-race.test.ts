/**
 * Two clerks recording payments at the same moment on PostgreSQL (PGlite serialises everything and
 * would hide the race): exactly one succeeds, the other gets 409. Ordered with latches — the first
 * transaction holds its payment uncommitted until the second is seen waiting on it in
 * pg_stat_activity — never with sleeps.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { backendRunning } from '../../test/postgres-backends.ts';
import { actorOf, findUserByUsername, loadPermissionTable, type Actor, type PermissionTable } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import type { AppError } from '../shared/index.ts';
import { approveForPayment, confirmAwards, getAward, proposeAwardCandidates, publishAwardNotice, recordPayment, type AwardCandidate } from './index.ts';

const oneTime = 'ningxia-2022.first-above-scale-rd-award';
const friday = new Date('2026-12-04T02:00:00Z');
const saturday = new Date('2026-12-12T02:00:00Z');
const postgres = databaseTargets.find((target) => target.name === 'postgres')!;

function candidate(code: string, year: number): AwardCandidate {
  return { enterprise_id: code, credit_code: code, name: `企业${code.slice(-4)}`, area_code: '640104', incentive_id: oneTime, pack_id: 'ningxia-2022-st-action', year, amount: '200000' };
}

describe.skipIf(postgres.skipReason !== undefined)(`concurrent award payments on postgres${postgres.skipReason ? ` (skipped: ${postgres.skipReason})` : ''}`, () => {
  let platform: DatabaseHandle;
  let drop: () => Promise<void>;
  let admin: pg.Client;
  let permissions: PermissionTable;
  let coordinator: Actor;

  beforeAll(async () => {
    const created = await postgres.create();
    drop = created.drop;
    platform = await preparePlatform(created.options);
    await createTestAccounts(platform.db);
    permissions = await loadPermissionTable(platform.db);
    coordinator = actorOf((await findUserByUsername(platform.db, 'coordinator'))!);
    admin = new pg.Client({ connectionString: created.options.databaseUrl });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await platform?.close();
    await drop?.();
  });

  const options = (now: Date) => ({ actor: coordinator, permissions, origin: { requestId: 'race', clientIp: '127.0.0.1' }, now });

  async function approved(candidates: AwardCandidate[]): Promise<string[]> {
    const proposed = await proposeAwardCandidates(platform.db, coordinator, candidates, friday);
    await confirmAwards(platform.db, proposed.created, options(friday));
    await publishAwardNotice(platform.db, { title: '并发测试', ids: proposed.created }, options(friday));
    await approveForPayment(platform.db, proposed.created, options(saturday));
    return proposed.created;
  }

  /**
   * The first payment, inside a transaction kept open until `release` resolves; the second is
   * started once the first has written its payment, and the first commits once the second waits.
   */
  async function race(firstId: string, secondId: string, waitingOn: string) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const firstWritten = new Promise<void>((resolve) => (written = resolve));
    const first = platform.db.transaction(async (tx) => {
      const result = await recordPayment(tx, firstId, { amount: '200000', paid_on: '2026-12-12', reference: 'A' }, options(saturday));
      written();
      await released;
      return result;
    });
    await firstWritten;
    const second = recordPayment(platform.db, secondId, { amount: '200000', paid_on: '2026-12-12', reference: 'B' }, options(saturday)).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error: error as AppError }),
    );
    await backendRunning(admin, waitingOn, { waitEventType: 'Lock' });
    release();
    return { first: await first, second: await second };
  }

  it('pays one of two approved one-time awards of the same enterprise: the unique payment key refuses the other', async () => {
    const code = '91640104RACE000001';
    const [a, b] = await approved([candidate(code, 2024), candidate(code, 2025)]);
    const { first, second } = await race(a!, b!, 'insert into "award_payments"');
    expect(first).toMatchObject({ state: 'paid', payment_key: `${oneTime}:${code}` });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error).toMatchObject({ code: 'conflict', details: { payment_key: `${oneTime}:${code}` } });
      expect(second.error.message).toContain('该企业已领取过这项一次性奖励，不能再次拨付');
    }
    expect((await getAward(platform.db, b!, options(saturday))).state).toBe('approved');
    const payments = await admin.query('select count(*)::int as n from award_payments where payment_key = $1', [`${oneTime}:${code}`]);
    expect(payments.rows[0].n).toBe(1);
  });

  it('pays the same award once when two clerks record it at once: the second sees it paid', async () => {
    const [a] = await approved([candidate('91640104RACE000002', 2025)]);
    const { first, second } = await race(a!, a!, 'from "awards"');
    expect(first.state).toBe('paid');
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error).toMatchObject({ code: 'conflict', details: { state: 'paid', action: 'pay' } });
    const payments = await admin.query('select count(*)::int as n from award_payments where award_id = $1', [a]);
    expect(payments.rows[0].n).toBe(1);
  });
});
