import { and, asc, count, eq, inArray, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Actor, PermissionTable } from '../accounts/index.ts';
import { findAreaTree, type AreaTree } from '../areas/index.ts';
import { inTransaction, type Database, type DatabaseOrTransaction } from '../db/index.ts';
import { findPacks } from '../policy/index.ts';
import { addWorkingDays, today as todayOf } from '../shared/index.ts';
import { escalationOf, escalationStageLabels, type EscalationStage } from './escalation.ts';
import { assigneeName, type NoticeDirectory } from './notice-names.ts';
import { assigneeCondition, noticeNumber, noticeScopeOf } from './notice-repository.ts';
import type { Assignee, NamedAssignee, Reminder, ReminderKind, ReminderPage, ReminderQuery } from './notices-contract.ts';
import { reminders, supervisionNotices } from './notices-schema.ts';

/**
 * A due or overdue report of the supervision module, as it hands it over (issue 14 design): `key`
 * is unique per occurrence, e.g. `report:<measure>:<assignee>:<period>:due_soon`.
 */
export interface DueReminder {
  key: string;
  assignee: Assignee;
  measure_id: string;
  period: string;
  due_date: string;
  kind: 'due_soon' | 'overdue';
  title: string;
}

/** Where reminders other than the notices' own come from; the platform injects supervision's. */
export interface ReminderSource {
  dueReminders(db: Database, today: string): Promise<DueReminder[]>;
}

/** The default source: no reminders besides the notices' own. */
export const noReminderSource: ReminderSource = { dueReminders: () => Promise.resolve([]) };

export interface NotificationMessage {
  to: Assignee;
  subject: string;
  body: string;
  key: string;
}

/** A way to tell an assignee (SMS, e-mail …). `send` throws when the message was not taken. */
export interface NotificationChannel {
  name: string;
  send(message: NotificationMessage): Promise<void>;
}

/** A channel that only logs one line per message (the default: no SMS or e-mail gateway is configured). */
export function createLoggingChannel(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): NotificationChannel {
  return {
    name: 'log',
    send(message) {
      write(`reminder ${message.key} to ${message.to.kind}:${message.to.id}: ${message.subject}`);
      return Promise.resolve();
    },
  };
}

export const loggingChannel: NotificationChannel = createLoggingChannel();

/** How many times a reminder's delivery is tried (once per tick) before it is left failed. */
export const reminderDeliveryAttempts = 3;

export const reminderKindLabels: Readonly<Record<ReminderKind, { zh: string; en: string }>> = {
  notice_reminder: { zh: '督办单到期提醒', en: 'notice deadline reminder' },
  notice_level1: { zh: '督办单一级催办', en: 'notice level 1 escalation' },
  notice_level2: { zh: '督办单二级催办（通报）', en: 'notice level 2 escalation (reported to the leader)' },
  due_soon: { zh: '报告即将到期', en: 'report due soon' },
  overdue: { zh: '报告逾期', en: 'report overdue' },
};

const stageKinds: Record<EscalationStage, ReminderKind> = { reminder: 'notice_reminder', level1: 'notice_level1', level2: 'notice_level2' };

type ReminderInsert = typeof reminders.$inferInsert;

/**
 * The notices' own reminders due on `today`: for each notice awaiting an answer, the stage it has
 * reached (reminder, level 1, level 2). The key holds the stage and the deadline, so a stage is
 * sent once, and a new deadline (after a return) gives new reminders.
 */
export async function noticeReminders(db: DatabaseOrTransaction, today: string): Promise<Omit<ReminderInsert, 'createdOn' | 'createdAt'>[]> {
  // A notice can be due for its first reminder only when its deadline is at most one working day away.
  const rows = await db
    .select()
    .from(supervisionNotices)
    .where(and(eq(supervisionNotices.state, 'issued'), lte(supervisionNotices.deadline, addWorkingDays(today, 1))));
  return rows.flatMap((row) => {
    const escalation = escalationOf(row, today);
    if (escalation.stage === null) return [];
    const stage = escalationStageLabels[escalation.stage];
    const number = noticeNumber(row);
    const body =
      escalation.stage === 'reminder'
        ? `${row.assigneeName}：督办单${number}“${row.subject}”须于${row.deadline}前回复，请及时办理。`
        : escalation.stage === 'level1'
          ? `${row.assigneeName}：督办单${number}“${row.subject}”已超过回复期限（${row.deadline}），现予催办，请立即回复。`
          : `${row.assigneeName}：督办单${number}“${row.subject}”超期（期限${row.deadline}）经催办仍未回复，已报告分管领导并予通报。`;
    return [
      {
        key: `notice:${row.id}:${escalation.stage}:${row.deadline}`,
        source: 'notice' as const,
        kind: stageKinds[escalation.stage],
        assigneeKind: row.assigneeKind,
        assigneeId: row.assigneeId,
        assigneeName: row.assigneeName,
        title: `${stage.zh}：${number} ${row.subject}`,
        body,
        dueDate: row.deadline,
        noticeId: row.id,
        measureId: null,
        period: null,
      },
    ];
  });
}

function reportReminder(due: DueReminder, directory: NoticeDirectory): Omit<ReminderInsert, 'createdOn' | 'createdAt'> {
  const name = assigneeName(directory, due.assignee) ?? due.assignee.id;
  const body = due.kind === 'due_soon' ? `${name}：${due.title}须于${due.due_date}前报送，请及时填报。` : `${name}：${due.title}已超过报送期限（${due.due_date}），请尽快报送。`;
  return {
    key: due.key,
    source: 'report',
    kind: due.kind,
    assigneeKind: due.assignee.kind,
    assigneeId: due.assignee.id,
    assigneeName: name,
    // The source's title says what is due already (supervision: 即将到期：… / 逾期未报：…).
    title: due.title,
    body,
    dueDate: due.due_date,
    noticeId: null,
    measureId: due.measure_id,
    period: due.period,
  };
}

export interface ReminderTickOptions {
  now: Date;
  source?: ReminderSource;
  channels?: readonly NotificationChannel[];
}

export interface ReminderTickResult {
  today: string;
  due: number;
  inserted: string[];
  sent: string[];
}

/**
 * One tick of the reminders (the `notices.reminders` job): what is due today (the notices'
 * escalations and the source's reports) is inserted into `reminders` keyed by the reminder's key,
 * `on conflict do nothing`, so that however many servers tick, each reminder exists once. Then
 * the pending reminders are delivered: each is taken under a row lock (`for update skip locked`),
 * sent through every channel that has not taken it yet, and marked, in one transaction, so that a
 * reminder is sent once even when two servers deliver at once, and one whose sending failed (or
 * whose inserter died before sending) is tried again at the next tick, up to 3 times.
 */
export async function runReminderTick(db: Database, options: ReminderTickOptions): Promise<ReminderTickResult> {
  const today = todayOf(options.now);
  const source = options.source ?? noReminderSource;
  const channels = options.channels ?? [loggingChannel];
  const due = [...(await noticeReminders(db, today))];
  const reports = await source.dueReminders(db, today);
  if (reports.length > 0) {
    const directory: NoticeDirectory = { packs: await findPacks(db), tree: await findAreaTree(db) };
    due.push(...reports.map((report) => reportReminder(report, directory)));
  }
  const inserted: string[] = [];
  for (let start = 0; start < due.length; start += 500) {
    const chunk = due.slice(start, start + 500).map((row) => ({ ...row, createdOn: today, createdAt: options.now }));
    const rows = await db.insert(reminders).values(chunk).onConflictDoNothing({ target: reminders.key }).returning({ key: reminders.key });
    inserted.push(...rows.map((row) => row.key));
  }
  const sent = await deliverPendingReminders(db, channels, options.now);
  return { today, due: due.length, inserted, sent };
}

/** Sends the pending reminders (see runReminderTick); answers the keys this call delivered. */
export async function deliverPendingReminders(db: Database, channels: readonly NotificationChannel[], now: Date): Promise<string[]> {
  const delivered: string[] = [];
  const tried = new Set<string>();
  for (;;) {
    const batch = await inTransaction(db, async (tx) => {
      const pending = await tx
        .select()
        .from(reminders)
        .where(and(isNull(reminders.deliveredAt), lt(reminders.attempts, reminderDeliveryAttempts), tried.size > 0 ? sql`${reminders.key} not in (${sql.join([...tried].map((key) => sql`${key}`), sql`, `)})` : undefined))
        .orderBy(asc(reminders.key))
        .limit(50)
        .for('update', { skipLocked: true });
      for (const row of pending) {
        tried.add(row.key);
        const delivery = { ...row.delivery };
        for (const channel of channels) {
          const previous = delivery[channel.name];
          if (previous && 'sent_at' in previous) continue;
          try {
            await channel.send({ to: { kind: row.assigneeKind, id: row.assigneeId }, subject: row.title, body: row.body, key: row.key });
            delivery[channel.name] = { sent_at: now.toISOString() };
          } catch (error) {
            delivery[channel.name] = { error: error instanceof Error ? error.message : String(error) };
          }
        }
        const complete = channels.every((channel) => { const outcome = delivery[channel.name]; return outcome !== undefined && 'sent_at' in outcome; });
        await tx
          .update(reminders)
          .set({ delivery, attempts: row.attempts + 1, deliveredAt: complete ? now : null })
          .where(eq(reminders.key, row.key));
        if (complete) delivered.push(row.key);
      }
      return pending.length;
    });
    if (batch === 0) return delivered;
  }
}

// --- in the app --------------------------------------------------------------------------

export interface ReminderReader {
  actor: Actor | null;
  permissions: PermissionTable;
  tree: AreaTree;
}

function presentReminder(row: typeof reminders.$inferSelect): Reminder {
  const assignee: NamedAssignee = { kind: row.assigneeKind, id: row.assigneeId, name: row.assigneeName };
  return {
    key: row.key,
    source: row.source,
    kind: row.kind,
    kind_label: reminderKindLabels[row.kind],
    assignee,
    title: row.title,
    body: row.body,
    due_date: row.dueDate,
    notice_id: row.noticeId,
    measure_id: row.measureId,
    period: row.period,
    created_on: row.createdOn,
    created_at: row.createdAt.toISOString(),
    delivered_at: row.deliveredAt?.toISOString() ?? null,
    read_at: row.readAt?.toISOString() ?? null,
    read_by: row.readBy,
  };
}

/** The caller's reminders (a unit its own, an area leader its subtree's, the coordinator all), newest first, with the unread count. */
export async function findReminders(db: DatabaseOrTransaction, query: ReminderQuery, reader: ReminderReader): Promise<ReminderPage> {
  const scope = noticeScopeOf(reader.actor, reader.permissions, reader.tree);
  const within = assigneeCondition(scope, reminders);
  const where = and(within, query.unread === true ? isNull(reminders.readAt) : undefined);
  const page = query.page ?? 1;
  const pageSize = query.page_size ?? 50;
  const rows = await db
    .select()
    .from(reminders)
    .where(where)
    .orderBy(sql`${reminders.createdAt} desc`, asc(reminders.key))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [total] = await db.select({ n: count() }).from(reminders).where(where);
  return { reminders: rows.map(presentReminder), unread: await unreadCount(db, within), total: Number(total?.n ?? 0), page, page_size: pageSize };
}

async function unreadCount(db: DatabaseOrTransaction, within: SQL | undefined): Promise<number> {
  const [unread] = await db.select({ n: count() }).from(reminders).where(and(within, isNull(reminders.readAt)));
  return Number(unread?.n ?? 0);
}

/** Marks reminders read: the keys given (those outside the caller's scope are left alone) or all of the caller's. */
export async function markRemindersRead(db: DatabaseOrTransaction, body: { keys: string[] } | { all: true }, reader: ReminderReader & { now: Date }): Promise<{ marked: number; unread: number }> {
  const scope = noticeScopeOf(reader.actor, reader.permissions, reader.tree);
  const within = assigneeCondition(scope, reminders);
  const which = 'keys' in body ? inArray(reminders.key, [...new Set(body.keys)]) : undefined;
  const marked = await db
    .update(reminders)
    .set({ readAt: reader.now, readBy: reader.actor?.username ?? null })
    .where(and(within, which, isNull(reminders.readAt)))
    .returning({ key: reminders.key });
  return { marked: marked.length, unread: await unreadCount(db, within) };
}
