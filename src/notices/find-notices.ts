import { and, count, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Actor, PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import { queryRows, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError, today } from '../shared/index.ts';
import { assigneeCondition, noticeOrder, noticeScopeOf, presentNotice, presentNoticeDetail } from './notice-repository.ts';
import type { NamedAssignee, NoticeDetail, NoticePage, NoticeQuery } from './notices-contract.ts';
import { supervisionNotices } from './notices-schema.ts';

export interface NoticeReader {
  actor: Actor | null;
  permissions: PermissionTable;
  tree: AreaTree;
  now: Date;
}

/**
 * Notices within the caller's scope (the coordinator all, a unit its own, an area leader its
 * subtree's), filtered and paged, with the counts per state and overdue (the 待回复 queue's count)
 * under the filters other than state and overdue.
 */
export async function findNotices(db: DatabaseOrTransaction, query: NoticeQuery, reader: NoticeReader): Promise<NoticePage> {
  const scope = noticeScopeOf(reader.actor, reader.permissions, reader.tree);
  const date = today(reader.now);
  const common = [
    assigneeCondition(scope, supervisionNotices),
    query.assignee_kind ? eq(supervisionNotices.assigneeKind, query.assignee_kind) : undefined,
    query.assignee_id ? eq(supervisionNotices.assigneeId, query.assignee_id) : undefined,
    query.year ? eq(supervisionNotices.year, query.year) : undefined,
  ].filter((condition): condition is SQL => condition !== undefined);
  const overdue = and(eq(supervisionNotices.state, 'issued'), lt(supervisionNotices.deadline, date));
  const where = and(...common, query.state ? eq(supervisionNotices.state, query.state) : undefined, query.overdue === true ? overdue : undefined);
  const page = query.page ?? 1;
  const pageSize = query.page_size ?? 50;
  const rows = await db
    .select()
    .from(supervisionNotices)
    .where(where)
    .orderBy(...noticeOrder)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [totals] = await db.select({ n: count() }).from(supervisionNotices).where(where);
  const [counted] = await db
    .select({
      issued: sql<number>`count(*) filter (where ${supervisionNotices.state} = 'issued')::int`,
      answered: sql<number>`count(*) filter (where ${supervisionNotices.state} = 'answered')::int`,
      closed: sql<number>`count(*) filter (where ${supervisionNotices.state} = 'closed')::int`,
      overdue: sql<number>`count(*) filter (where ${supervisionNotices.state} = 'issued' and ${supervisionNotices.deadline} < ${date})::int`,
      total: sql<number>`count(*)::int`,
    })
    .from(supervisionNotices)
    .where(and(...common));
  return {
    notices: rows.map((row) => presentNotice(row, date)),
    counts: { issued: Number(counted?.issued ?? 0), answered: Number(counted?.answered ?? 0), closed: Number(counted?.closed ?? 0), overdue: Number(counted?.overdue ?? 0), total: Number(counted?.total ?? 0) },
    total: Number(totals?.n ?? 0),
    page,
    page_size: pageSize,
    today: date,
  };
}

/** One notice with its history; 404 outside the caller's scope. */
export async function getNotice(db: DatabaseOrTransaction, id: string, reader: NoticeReader): Promise<NoticeDetail> {
  const scope = noticeScopeOf(reader.actor, reader.permissions, reader.tree);
  const [row] = await db
    .select()
    .from(supervisionNotices)
    .where(and(eq(supervisionNotices.id, id), assigneeCondition(scope, supervisionNotices)));
  if (!row) throw new AppError('not_found', `找不到督办单“${id}”`, `no supervision notice "${id}"`);
  return presentNoticeDetail(db, row, today(reader.now));
}

export interface AssigneeNoticeCounts {
  assignee: NamedAssignee;
  issued: number;
  /** Answered (answered or closed) on or before the deadline, by the latest answer. */
  answered_on_time: number;
  answered_late: number;
  /** Still awaiting an answer (issued, returned or reopened). */
  unanswered: number;
}

/**
 * For the assessment: per assignee, the notices issued in `year` (the year of issue), answered on
 * time, answered late and unanswered. Plain data; the platform joins it with the other inputs.
 */
export async function findNoticeCounts(db: DatabaseOrTransaction, year: number): Promise<AssigneeNoticeCounts[]> {
  const rows = await queryRows<{ assignee_kind: 'unit' | 'area'; assignee_id: string; assignee_name: string; issued: number; on_time: number; late: number; unanswered: number }>(
    db as Parameters<typeof queryRows>[0],
    sql`select assignee_kind, assignee_id, max(assignee_name) as assignee_name,
          count(*)::int as issued,
          (count(*) filter (where state <> 'issued' and answered_on <= deadline))::int as on_time,
          (count(*) filter (where state <> 'issued' and answered_on > deadline))::int as late,
          (count(*) filter (where state = 'issued'))::int as unanswered
        from supervision_notices where year = ${year}
        group by assignee_kind, assignee_id
        order by assignee_kind, assignee_id`,
  );
  return rows.map((row) => ({
    assignee: { kind: row.assignee_kind, id: row.assignee_id, name: row.assignee_name },
    issued: Number(row.issued),
    answered_on_time: Number(row.on_time),
    answered_late: Number(row.late),
    unanswered: Number(row.unanswered),
  }));
}
