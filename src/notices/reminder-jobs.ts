import type { Database } from '../db/index.ts';
import type { JobHandlers, JobQueue } from '../jobs/index.ts';
import { runReminderTick, type NotificationChannel, type ReminderSource, type ReminderTickResult } from './reminders.ts';

/** The tick job: computes what is due and sends each reminder once (src/notices/reminders.ts). */
export const noticeRemindersJob = 'notices.reminders';

/** Default minutes between ticks (`KECHUANG_REMINDER_MINUTES`). */
export const defaultReminderMinutes = 10;

export interface ReminderJobOptions {
  /** Reminders besides the notices' own: supervision's due reports, injected by the platform. */
  source?: ReminderSource;
  /** Where reminders are sent; default only the logging channel. */
  channels?: readonly NotificationChannel[];
  /** The clock (tests move it); default the system clock. */
  now?: () => Date;
  /** Told after each tick (tests). */
  onTick?: (result: ReminderTickResult) => void;
}

/** The notices module's job handlers, by name; composed in src/platform/job-handlers.ts. */
export function noticeJobHandlers(db: Database, options: ReminderJobOptions = {}): JobHandlers {
  return {
    // Idempotent: reminders are keyed; a second tick of the same slot inserts and sends nothing new.
    [noticeRemindersJob]: async () => {
      const result = await runReminderTick(db, { now: (options.now ?? (() => new Date()))(), ...(options.source ? { source: options.source } : {}), ...(options.channels ? { channels: options.channels } : {}) });
      options.onTick?.(result);
    },
  };
}

/** The time slot a moment falls in, e.g. `2026-12-06T17:40Z` for 10-minute slots: the tick's singleton key. */
export function reminderSlotOf(now: Date, minutes: number): string {
  const slot = Math.floor(now.getTime() / (minutes * 60_000)) * minutes * 60_000;
  return new Date(slot).toISOString().slice(0, 16) + 'Z';
}

/** Sends this slot's tick: every app server does, and the singleton key lets one job per slot be queued. */
export function sendReminderTick(queue: JobQueue, now: Date, minutes: number = defaultReminderMinutes): Promise<string | null> {
  const slot = reminderSlotOf(now, minutes);
  return queue.send(noticeRemindersJob, { slot }, { singletonKey: slot, retryLimit: 1, expireInSeconds: 5 * 60 });
}

/**
 * Every `minutes`, sends the tick of the current slot to the queue (at once, then on a timer). The
 * timer does not keep the process alive. Answers a function that stops it.
 */
export function startReminderTimer(queue: JobQueue, options: { minutes?: number; now?: () => Date; onError?: (error: unknown) => void } = {}): () => void {
  const minutes = options.minutes ?? defaultReminderMinutes;
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((error: unknown) => process.stderr.write(`notices.reminders: could not queue the tick: ${error instanceof Error ? error.message : String(error)}\n`));
  const tick = () => {
    sendReminderTick(queue, now(), minutes).catch(onError);
  };
  tick();
  const timer = setInterval(tick, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** `KECHUANG_REMINDER_MINUTES` (1 to 1440), else the default. */
export function reminderMinutesOf(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return defaultReminderMinutes;
  const minutes = Number(value);
  if (!/^\d+$/.test(value.trim()) || minutes < 1 || minutes > 1440) throw new Error(`KECHUANG_REMINDER_MINUTES must be a whole number of minutes from 1 to 1440, not "${value}"`);
  return minutes;
}
