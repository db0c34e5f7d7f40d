import { and, asc, count, desc, eq, gte, inArray, ne, or } from 'drizzle-orm';
import { findAreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { notFound, today } from '../shared/index.ts';
import { awardNoticeItems, awardNotices, awards } from './award-repository.ts';
import type { Notice, PublicNotice, PublicNoticeList } from './awards-contract.ts';

/** Every notice, newest first, with its number of awards (the coordinator's list). */
export async function findNotices(db: DatabaseOrTransaction): Promise<Notice[]> {
  const rows = await db
    .select({ notice: awardNotices, n: count(awardNoticeItems.awardId) })
    .from(awardNotices)
    .leftJoin(awardNoticeItems, eq(awardNoticeItems.noticeId, awardNotices.id))
    .groupBy(awardNotices.id)
    .orderBy(desc(awardNotices.publishedAt), asc(awardNotices.id));
  return rows.map(({ notice, n }) => ({ id: notice.id, title: notice.title, published_on: notice.publishedOn, notice_days: notice.noticeDays, ends_on: notice.endsOn, state: notice.state, award_count: Number(n) }));
}

/** How long a notice stays on the public page after its last day. */
const recentDays = 30;

export const publicNoticeNote = '公示期按工作日（周一至周五，北京时间）计算，未计入法定节假日调整。公示仅列企业名称、所属地区、奖励项目和金额。';

/**
 * The public 公示 (no sign-in): the open notices and those ended in the last 30 days, each with the
 * awards it announced that are not withdrawn — enterprise name, area name, incentive title, year
 * and amount only, never contacts, credit codes, figures or who entered them.
 */
export async function findPublicNotices(db: DatabaseOrTransaction, now: Date): Promise<PublicNoticeList> {
  const since = new Date(now.getTime() - recentDays * 86_400_000);
  const notices = await db
    .select()
    .from(awardNotices)
    .where(or(eq(awardNotices.state, 'open'), gte(awardNotices.endsOn, today(since))))
    .orderBy(desc(awardNotices.publishedAt), asc(awardNotices.id))
    .limit(50);
  return { notices: await presentPublicNotices(db, notices, now), note: publicNoticeNote };
}

/** One notice as the public sees it (also what its Word and Excel lists contain). */
export async function getPublicNotice(db: DatabaseOrTransaction, id: string, now: Date): Promise<PublicNotice> {
  const [notice] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select().from(awardNotices).where(eq(awardNotices.id, id)) : [];
  if (!notice) throw notFound('公示', 'Notice', id);
  return (await presentPublicNotices(db, [notice], now))[0]!;
}

async function presentPublicNotices(db: DatabaseOrTransaction, notices: (typeof awardNotices.$inferSelect)[], now: Date): Promise<PublicNotice[]> {
  if (notices.length === 0) return [];
  const tree = await findAreaTree(db);
  const items = await db
    .select({ noticeId: awardNoticeItems.noticeId, enterpriseName: awards.enterpriseName, areaCode: awards.areaCode, incentiveTitle: awards.incentiveTitle, year: awards.year, amount: awards.amount })
    .from(awardNoticeItems)
    .innerJoin(awards, eq(awards.id, awardNoticeItems.awardId))
    .where(and(inArray(awardNoticeItems.noticeId, notices.map((notice) => notice.id)), ne(awards.state, 'withdrawn')))
    .orderBy(asc(awards.areaCode), asc(awards.enterpriseName), asc(awards.incentiveTitle), asc(awards.year));
  const day = today(now);
  return notices.map((notice) => ({
    id: notice.id,
    title: notice.title,
    published_on: notice.publishedOn,
    ends_on: notice.endsOn,
    open: notice.state === 'open' && notice.endsOn >= day,
    items: items
      .filter((item) => item.noticeId === notice.id)
      .map((item) => ({ enterprise_name: item.enterpriseName, area_name: tree.find(item.areaCode)?.name ?? item.areaCode, incentive_title: item.incentiveTitle, year: item.year, amount: item.amount })),
  }));
}
