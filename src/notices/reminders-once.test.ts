/**
 * Reminders are sent exactly once: the tick job (notices.reminders) runs on the in-process queue on
 * either database, and on PostgreSQL two app servers (two database handles, two pg-boss queues with
 * their handlers) both ticking — the same slot and different slots at once — send every due
 * reminder exactly once through the channel. Races are ordered with latches, never sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { openDatabase, type DatabaseHandle } from '../db/index.ts';
import { InProcessJobQueue, PgBossJobQueue, startJobWorker, type JobQueue } from '../jobs/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { noticeJobHandlers, runReminderTick, sendReminderTick, type DueReminder, type NotificationMessage, type ReminderSource, type ReminderTickResult } from './index.ts';
import { reminders, supervisionNotices } from './notices-schema.ts';

// Thursday 10 December 2026, 09:00 in Beijing.
const now = new Date('2026-12-10T01:00:00Z');

/** Three notices awaiting an answer, each at another stage on 10 December, and one answered. */
async function seedNotices(handle: DatabaseHandle): Promise<string[]> {
  const base = { assigneeKind: 'unit' as const, assigneeId: 'finance-department', assigneeName: '财政厅', text: '请回复', issuedOn: '2026-11-30', issuedAt: now, issuedBy: 'coordinator', updatedAt: now, year: 2026 };
  const rows = await handle.db
    .insert(supervisionNotices)
    .values([
      { ...base, seq: 1, subject: '明天到期', deadline: '2026-12-11', state: 'issued' }, // reminder (the working day before)
      { ...base, seq: 2, subject: '上周五到期', deadline: '2026-12-04', state: 'issued' }, // level 2 from Thursday 10 December
      { ...base, seq: 3, subject: '周二到期', deadline: '2026-12-08', state: 'issued' }, // level 1 from Wednesday 9 December
      { ...base, seq: 4, subject: '已回复', deadline: '2026-12-04', state: 'answered' },
    ])
    .returning({ id: supervisionNotices.id });
  return [`notice:${rows[0]!.id}:reminder:2026-12-11`, `notice:${rows[1]!.id}:level2:2026-12-04`, `notice:${rows[2]!.id}:level1:2026-12-08`];
}

const reportSource: ReminderSource = {
  dueReminders: (_db, today) => {
    const due: DueReminder[] = [
      { key: `report:m-04-01:unit:finance-department:2026-Q4:due_soon:${today}`, assignee: { kind: 'unit', id: 'finance-department' }, measure_id: 'm-04-01', period: '2026-Q4', due_date: '2027-01-10', kind: 'due_soon', title: '2026年第四季度进展报告' },
      { key: `report:m-04-01:area:640104:2026-Q3:overdue:${today}`, assignee: { kind: 'area', id: '640104' }, measure_id: 'm-04-01', period: '2026-Q3', due_date: '2026-10-10', kind: 'overdue', title: '2026年第三季度进展报告' },
    ];
    return Promise.resolve(due);
  },
};

/** A channel that records what it is sent (and may hold the first send until released). */
function recordingChannel() {
  const sent: NotificationMessage[] = [];
  let holdFirst: Promise<void> | undefined;
  let held: (() => void) | undefined;
  const firstSendStarted = new Promise<void>((resolve) => (held = resolve));
  return {
    sent,
    firstSendStarted,
    hold(until: Promise<void>) {
      holdFirst = until;
    },
    channel: {
      name: 'recording',
      async send(message: NotificationMessage) {
        const wait = holdFirst;
        holdFirst = undefined;
        held?.();
        held = undefined;
        if (wait) await wait;
        sent.push(message);
      },
    },
    counts: () => {
      const byKey = new Map<string, number>();
      for (const message of sent) byKey.set(message.key, (byKey.get(message.key) ?? 0) + 1);
      return byKey;
    },
  };
}

/** Resolves once `count` ticks were reported. */
function tickCounter() {
  const results: ReminderTickResult[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  return {
    results,
    onTick(result: ReminderTickResult) {
      results.push(result);
      for (const waiter of waiters.filter((candidate) => results.length >= candidate.count)) waiter.resolve();
    },
    reached(count: number): Promise<void> {
      if (results.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`the reminders' tick on the in-process queue on ${target.name}`, () => {
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    let queue: JobQueue;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform(created.options);
    });

    afterAll(async () => {
      await queue?.stop();
      await database?.close();
      await drop?.();
    });

    it('inserts and sends each due reminder once, however often the slot ticks', async () => {
      const keys = await seedNotices(database);
      const recording = recordingChannel();
      const ticks = tickCounter();
      queue = new InProcessJobQueue();
      await startJobWorker(queue, noticeJobHandlers(database.db, { source: reportSource, channels: [recording.channel], now: () => now, onTick: ticks.onTick }));
      expect(await sendReminderTick(queue, now)).not.toBeNull();
      await ticks.reached(1);
      // The same slot again (another server's timer, a retried job) and the next slot: nothing sent twice.
      await sendReminderTick(queue, now);
      await sendReminderTick(queue, new Date(now.getTime() + 10 * 60_000));
      await ticks.reached(2);
      const expected = [...keys, 'report:m-04-01:area:640104:2026-Q3:overdue:2026-12-10', 'report:m-04-01:unit:finance-department:2026-Q4:due_soon:2026-12-10'].sort();
      expect([...recording.counts().entries()].sort()).toEqual(expected.map((key) => [key, 1]));
      const rows = await database.db.select({ key: reminders.key, deliveredAt: reminders.deliveredAt, assigneeName: reminders.assigneeName }).from(reminders);
      expect(rows.map((row) => row.key).sort()).toEqual(expected);
      expect(rows.every((row) => row.deliveredAt !== null)).toBe(true);
      // Report reminders carry the assignee's name from the pack and the tree.
      expect(rows.find((row) => row.key.startsWith('report:m-04-01:area'))?.assigneeName).toBe('兴庆区');
    });

    it('tries a failed channel again at the next tick, without sending twice through the one that took it', async () => {
      const recording = recordingChannel();
      let failures = 1;
      const flaky = {
        name: 'flaky',
        send: (message: NotificationMessage) => {
          if (message.key.startsWith('report:x') && failures-- > 0) return Promise.reject(new Error('gateway down'));
          return Promise.resolve();
        },
      };
      const due: DueReminder = { key: 'report:x:unit:finance-department:2026-Q4:overdue', assignee: { kind: 'unit', id: 'finance-department' }, measure_id: 'x', period: '2026-Q4', due_date: '2026-12-01', kind: 'overdue', title: '报告' };
      const source: ReminderSource = { dueReminders: () => Promise.resolve([due]) };
      const first = await runReminderTick(database.db, { now, source, channels: [recording.channel, flaky] });
      expect(first.inserted).toEqual(['report:x:unit:finance-department:2026-Q4:overdue']);
      expect(first.sent).toEqual([]);
      const second = await runReminderTick(database.db, { now, source, channels: [recording.channel, flaky] });
      expect(second).toMatchObject({ inserted: [], sent: ['report:x:unit:finance-department:2026-Q4:overdue'] });
      expect(recording.sent.map((message) => message.key)).toEqual(['report:x:unit:finance-department:2026-Q4:overdue']);
    });
  });
}

const postgres = databaseTargets.find((target) => target.name === 'postgres')!;

describe.skipIf(postgres.skipReason !== undefined)('two app servers on one PostgreSQL send each due reminder once', () => {
  let first: DatabaseHandle;
  let second: DatabaseHandle;
  let databaseUrl: string;
  let drop: () => Promise<void>;
  const queues: JobQueue[] = [];

  beforeAll(async () => {
    const created = await postgres.create();
    drop = created.drop;
    databaseUrl = created.options.databaseUrl!;
    first = await preparePlatform(created.options);
    second = await openDatabase({ databaseUrl });
  }, 60_000);

  afterAll(async () => {
    for (const queue of queues) await queue.stop();
    await second?.close();
    await first?.close();
    await drop?.();
  });

  it('two ticks at once from two handles: one delivers while the other finds every reminder taken', async () => {
    const keys = await seedNotices(first);
    const recording = recordingChannel();
    // The first send is held until the other server's tick has finished: the two overlap for sure.
    let releaseHeld!: () => void;
    recording.hold(new Promise<void>((resolve) => (releaseHeld = resolve)));
    const options = { now, source: reportSource, channels: [recording.channel] };
    const one = runReminderTick(first.db, options);
    await recording.firstSendStarted;
    const other = await runReminderTick(second.db, options);
    releaseHeld();
    const done = await one;
    expect(other.sent).toEqual([]);
    expect(done.sent).toHaveLength(5);
    expect(done.inserted.length + other.inserted.length).toBe(5);
    expect([...recording.counts().values()]).toEqual([1, 1, 1, 1, 1]);
    expect([...recording.counts().keys()].filter((key) => key.startsWith('notice:')).sort()).toEqual([...keys].sort());
  });

  it('two pg-boss queues with their handlers, ticking the same slot and different slots, send each reminder once', async () => {
    // The next day (Friday 11 December): the notices stay at the stages reminded yesterday (same keys,
    // not sent again); the report source has two new reminders.
    const friday = new Date('2026-12-11T01:00:00Z');
    const recording = recordingChannel();
    const ticks = tickCounter();
    let releaseHeld!: () => void;
    recording.hold(new Promise<void>((resolve) => (releaseHeld = resolve)));
    for (const handle of [first, second]) {
      const queue = new PgBossJobQueue({ connectionString: databaseUrl, pollingIntervalSeconds: 0.5 });
      queues.push(queue);
      await startJobWorker(queue, noticeJobHandlers(handle.db, { source: reportSource, channels: [recording.channel], now: () => friday, onTick: ticks.onTick }));
    }
    // Both servers tick the same slot: one job is queued (the other send answers null while it waits or runs).
    const sameSlot = await Promise.all(queues.map((queue) => sendReminderTick(queue, friday)));
    expect(sameSlot.filter((id) => id !== null).length).toBeGreaterThanOrEqual(1);
    // The first send of that tick is held; meanwhile both servers tick the next two slots.
    await recording.firstSendStarted;
    const later = await Promise.all([sendReminderTick(queues[0]!, new Date(friday.getTime() + 10 * 60_000)), sendReminderTick(queues[1]!, new Date(friday.getTime() + 20 * 60_000))]);
    expect(later.every((id) => id !== null)).toBe(true);
    const queued = sameSlot.filter((id) => id !== null).length + 2;
    // Every tick but the held one finishes while it holds its reminders' rows.
    await ticks.reached(queued - 1);
    releaseHeld();
    await ticks.reached(queued);
    const counts = recording.counts();
    expect([...counts.entries()].sort()).toEqual([
      ['report:m-04-01:area:640104:2026-Q3:overdue:2026-12-11', 1],
      ['report:m-04-01:unit:finance-department:2026-Q4:due_soon:2026-12-11', 1],
    ]);
    const rows = await first.db.select({ key: reminders.key, deliveredAt: reminders.deliveredAt }).from(reminders);
    const undelivered = rows.filter((row) => row.deliveredAt === null).map((row) => row.key);
    expect(undelivered).toEqual([]);
    expect(ticks.results.reduce((sum, result) => sum + result.sent.length, 0)).toBe(counts.size);
  }, 60_000);
});
