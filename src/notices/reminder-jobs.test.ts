import { describe, expect, it } from 'vitest';
import type { JobQueue, JsonObject, SendOptions } from '../jobs/index.ts';
import { noticeRemindersJob, reminderMinutesOf, reminderSlotOf, sendReminderTick, startReminderTimer } from './reminder-jobs.ts';

function recordingQueue(): JobQueue & { sent: { name: string; data: JsonObject; options: SendOptions | undefined }[] } {
  const sent: { name: string; data: JsonObject; options: SendOptions | undefined }[] = [];
  return {
    sent,
    send: (name, data, options) => {
      sent.push({ name, data, options });
      return Promise.resolve('job');
    },
    work: () => Promise.resolve(),
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}

describe('the reminders tick', () => {
  it('keys each tick by its time slot, so that every server sending it in the slot queues one job', async () => {
    expect(reminderSlotOf(new Date('2026-12-06T17:49:59.999Z'), 10)).toBe('2026-12-06T17:40Z');
    expect(reminderSlotOf(new Date('2026-12-06T17:50:00Z'), 10)).toBe('2026-12-06T17:50Z');
    expect(reminderSlotOf(new Date('2026-12-06T17:50:00Z'), 60)).toBe('2026-12-06T17:00Z');
    const queue = recordingQueue();
    await sendReminderTick(queue, new Date('2026-12-06T17:41:00Z'));
    expect(queue.sent).toEqual([{ name: noticeRemindersJob, data: { slot: '2026-12-06T17:40Z' }, options: { singletonKey: '2026-12-06T17:40Z', retryLimit: 1, expireInSeconds: 300 } }]);
  });

  it('sends the current slot at once when started, and stops', () => {
    const queue = recordingQueue();
    const stop = startReminderTimer(queue, { minutes: 5, now: () => new Date('2026-12-06T17:43:00Z') });
    stop();
    expect(queue.sent.map((job) => job.options?.singletonKey)).toEqual(['2026-12-06T17:40Z']);
  });

  it('reads KECHUANG_REMINDER_MINUTES strictly', () => {
    expect(reminderMinutesOf(undefined)).toBe(10);
    expect(reminderMinutesOf(' ')).toBe(10);
    expect(reminderMinutesOf('15')).toBe(15);
    for (const bad of ['0', '1441', '1.5', '0x10', '-5', 'ten']) expect(() => reminderMinutesOf(bad)).toThrow('KECHUANG_REMINDER_MINUTES');
  });
});
