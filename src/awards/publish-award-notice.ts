import { eq } from 'drizzle-orm';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { addWorkingDays, today } from '../shared/index.ts';
import { awardNoticeItems, awardNotices, lockAwards, moveAward } from './award-repository.ts';
import type { AwardCommandOptions } from './award-options.ts';
import type { Notice } from './awards-contract.ts';
import { defaultNoticeDays } from './working-days.ts';

/**
 * Publishes a 公示 of confirmed awards: published today (Beijing), running `notice_days` working
 * days (default 5, Monday–Friday; statutory holidays are not modelled) after it; every award moves
 * to announced. All or nothing: 409 naming the first award that is not confirmed.
 */
export async function publishAwardNotice(db: DatabaseOrTransaction, input: { title: string; ids: readonly string[]; notice_days?: number | undefined }, options: AwardCommandOptions): Promise<Notice> {
  options.permissions.assertCan(options.actor, 'awards.manage');
  const noticeDays = input.notice_days ?? defaultNoticeDays;
  const publishedOn = today(options.now);
  const endsOn = addWorkingDays(publishedOn, noticeDays);
  return inTransaction(db, async (tx) => {
    const rows = await lockAwards(tx, input.ids);
    const [notice] = await tx.insert(awardNotices).values({ title: input.title.trim(), publishedAt: options.now, publishedOn, noticeDays, endsOn, state: 'open', createdBy: options.actor.username }).returning();
    for (const row of rows) {
      await moveAward(tx, row, 'announce', { actor: options.actor.username, now: options.now, note: notice!.title, set: { noticeId: notice!.id } });
      await recordAuditEvent(tx, { actor: options.actor, action: 'award.announce', entityType: 'award', entityId: row.id, before: { state: row.state }, after: { state: 'announced', name: notice!.title, to: endsOn }, origin: options.origin });
    }
    await tx.insert(awardNoticeItems).values(rows.map((row) => ({ noticeId: notice!.id, awardId: row.id })));
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: 'award_notice.publish',
      entityType: 'award_notice',
      entityId: notice!.id,
      after: { name: notice!.title, from: publishedOn, to: endsOn, rows: rows.length },
      origin: options.origin,
    });
    const [stored] = await tx.select().from(awardNotices).where(eq(awardNotices.id, notice!.id));
    return { id: stored!.id, title: stored!.title, published_on: stored!.publishedOn, notice_days: stored!.noticeDays, ends_on: stored!.endsOn, state: stored!.state, award_count: rows.length };
  });
}
