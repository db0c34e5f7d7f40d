import type { DatabaseOrTransaction } from '../db/index.ts';
import { deleteReportsFinishedBefore } from './report-repository.ts';

/** How long a finished report and its file are kept, in days, unless KECHUANG_REPORT_DAYS says otherwise. */
export const defaultReportRetentionDays = 30;

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The retention in force: KECHUANG_REPORT_DAYS when it is a whole number of days from 1 to 3650,
 * else the default (a malformed value is said once on stderr, not fatal: the reports keep working).
 */
export function reportRetentionDays(setting: string | undefined = process.env.KECHUANG_REPORT_DAYS): number {
  if (setting === undefined || setting.trim() === '') return defaultReportRetentionDays;
  const days = Number(setting);
  if (Number.isInteger(days) && days >= 1 && days <= 3650) return days;
  if (!warned) {
    warned = true;
    process.stderr.write(`KECHUANG_REPORT_DAYS=${setting} is not a whole number of days from 1 to 3650: reports are kept ${defaultReportRetentionDays} days\n`);
  }
  return defaultReportRetentionDays;
}
let warned = false;

/** When a report finished at `finishedAt` is deleted with its file. */
export function reportExpiry(finishedAt: Date, days: number = reportRetentionDays()): Date {
  return new Date(finishedAt.getTime() + days * dayMs);
}

/**
 * Deletes the reports finished more than the retention ago, with their files (the database keeps
 * every file: without this it only grows). Run on the platform's periodic tick, once per slot
 * however many servers tick. The audit log keeps who asked for what.
 */
export async function purgeExpiredReports(db: DatabaseOrTransaction, options: { now: Date; days?: number }): Promise<number> {
  return deleteReportsFinishedBefore(db, new Date(options.now.getTime() - (options.days ?? reportRetentionDays()) * dayMs));
}
