import { preparePlatform, type PlatformOptions } from '../../platform/index.ts';
import { today } from '../../shared/index.ts';
import { findDueReportReminders } from '../../supervision/index.ts';
import { exitCodes, type Output } from '../output.ts';

/**
 * `kechuang supervision reminders [--date YYYY-MM-DD] [--json]`: the supervision reports due
 * within 7 days and those overdue on a Beijing date (default today), one line each — what the
 * notices module's reminders are made from, for an operator to check. Reads only.
 */
export async function supervisionReminders(options: { date?: string; json?: boolean }, platformOptions: PlatformOptions, output: Output, now = new Date()): Promise<number> {
  const date = options.date ?? today(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    output.err(`--date: expected a date such as 2027-01-03, got "${date}"`);
    return exitCodes.usage;
  }
  const platform = await preparePlatform(platformOptions);
  try {
    const reminders = await findDueReportReminders(platform.db, date);
    if (options.json) {
      output.out(JSON.stringify({ date, reminders }, null, 2));
      return exitCodes.ok;
    }
    const soon = reminders.filter((reminder) => reminder.kind === 'due_soon').length;
    output.out(`${date}（北京时间）：即将到期 ${soon} 项，逾期未报 ${reminders.length - soon} 项`);
    for (const reminder of reminders) output.out(`${reminder.assignee.kind === 'unit' ? '单位' : '地区'} ${reminder.assignee.id}\t${reminder.period}\t${reminder.title}`);
    return exitCodes.ok;
  } finally {
    await platform.close();
  }
}
