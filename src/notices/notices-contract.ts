import { z } from 'zod';
import { noticeActions, noticeStates } from './notice-states.ts';

/**
 * The notices module's contract (督办单, 催办, reminders): every route's request and response
 * schema. The web imports these types with `import type` only.
 */
const label = z.object({ zh: z.string(), en: z.string() });
const isoDate = z.iso.date();

export const noticeStateSchema = z.enum(noticeStates);
export const assigneeKindSchema = z.enum(['unit', 'area']);

/** Who a notice (or a reminder) is for: a unit of the pack or an area (city or county) of the tree. */
export const assigneeInputSchema = z.object({ kind: assigneeKindSchema, id: z.string().min(1).max(100) });
/** An assignee with its Chinese name (unit short name from the pack, area name from the tree). */
export const assigneeSchema = assigneeInputSchema.extend({ name: z.string() });

export const escalationSchema = z.object({
  /** 0 none, 1 一级催办, 2 二级催办（通报）. */
  level: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  level_label: label,
  /** Past the deadline and not answered. */
  overdue: z.boolean(),
  /** The stage reached today (what a reminder is sent for), or null. */
  stage: z.enum(['reminder', 'level1', 'level2']).nullable(),
  reminder_on: isoDate,
  level1_on: isoDate,
  level2_on: isoDate,
});

/** The pack task or measure the notice is about. */
export const noticeReferenceSchema = z.object({ pack_id: z.string(), kind: z.enum(['task', 'measure']), id: z.string(), title: z.string(), task_id: z.string() });

export const noticeResponseSchema = z.object({
  text: z.string(),
  evidence: z.string().nullable(),
  answered_on: isoDate,
  answered_at: z.string(),
  answered_by: z.string(),
  /** Answered on or before the deadline (Beijing date). */
  on_time: z.boolean(),
});

export const noticeSchema = z.object({
  id: z.string(),
  /** 督办〔2026〕3号: a number per year of issue. */
  number: z.string(),
  year: z.number().int(),
  assignee: assigneeSchema,
  subject: z.string(),
  text: z.string(),
  reference: noticeReferenceSchema.nullable(),
  /** The response deadline, a Beijing date. */
  deadline: isoDate,
  state: noticeStateSchema,
  state_label: label,
  escalation: escalationSchema,
  response: noticeResponseSchema.nullable(),
  /** The reason of the last return or reopening, while the notice awaits a new answer. */
  return_reason: z.string().nullable(),
  issued_on: isoDate,
  issued_at: z.string(),
  issued_by: z.string(),
  closed_at: z.string().nullable(),
  closed_by: z.string().nullable(),
  updated_at: z.string(),
});

export const noticeTransitionSchema = z.object({
  action: z.enum(['issue', ...noticeActions]),
  action_label: label,
  from_state: noticeStateSchema.nullable(),
  to_state: noticeStateSchema,
  actor: z.string(),
  at: z.string(),
  note: z.string().nullable(),
});

export const noticeDetailSchema = noticeSchema.extend({ history: z.array(noticeTransitionSchema) });

export const noticeCountsSchema = z.object({
  /** 待回复 (issued), within the caller's scope and the filters other than state and overdue. */
  issued: z.number().int(),
  answered: z.number().int(),
  closed: z.number().int(),
  /** Awaiting an answer past the deadline. */
  overdue: z.number().int(),
  total: z.number().int(),
});

export const noticePageSchema = z.object({
  notices: z.array(noticeSchema),
  counts: noticeCountsSchema,
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  /** Today in Beijing, as the escalation was computed. */
  today: isoDate,
});

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const noticeQuerySchema = z.object({
  state: noticeStateSchema.optional(),
  assignee_kind: assigneeKindSchema.optional(),
  assignee_id: z.string().max(100).optional(),
  /** Only notices awaiting an answer past their deadline. */
  overdue: booleanQuery.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  page_size: z.coerce.number().int().min(1).max(500).optional(),
});
export type NoticeQuery = z.infer<typeof noticeQuerySchema>;

export const issueNoticeBodySchema = z.object({
  assignee: assigneeInputSchema,
  subject: z.string().trim().min(1).max(200),
  text: z.string().trim().min(1).max(10_000),
  /** A task or measure id of the policy pack. */
  reference_id: z.string().min(1).max(100).optional(),
  deadline: isoDate,
});

export const respondNoticeBodySchema = z.object({
  text: z.string().trim().min(1).max(10_000),
  /** A reference to the evidence (a document number, an attachment id or a link). */
  evidence: z.string().trim().max(1_000).optional(),
});

export const closeNoticeBodySchema = z.object({ note: z.string().trim().max(2_000).optional() });

/** Return (answered → issued) or reopen (closed → issued): a reason, and optionally a new deadline. */
export const returnNoticeBodySchema = z.object({ reason: z.string().trim().min(1).max(2_000), deadline: isoDate.optional() });

/** Whom a notice may be issued to: the pack's units (not groups) and the cities and counties. */
export const noticeAssigneeOptionsSchema = z.object({
  units: z.array(assigneeSchema.extend({ full_name: z.string() })),
  areas: z.array(assigneeSchema.extend({ level: z.enum(['prefecture', 'county']), parent_code: z.string().nullable() })),
});

export const noticeScheduleSchema = z.object({
  reminder_working_days_before: z.number().int(),
  level1_working_days_after_deadline: z.number().int(),
  level2_working_days_after_level1: z.number().int(),
});

// --- reminders ---------------------------------------------------------------------------

export const reminderKindSchema = z.enum(['notice_reminder', 'notice_level1', 'notice_level2', 'due_soon', 'overdue']);

export const reminderSchema = z.object({
  /** Unique per occurrence, e.g. `notice:<id>:level1:2026-12-04` or `report:<measure>:<assignee>:<period>:due_soon`. */
  key: z.string(),
  source: z.enum(['notice', 'report']),
  kind: reminderKindSchema,
  kind_label: label,
  assignee: assigneeSchema,
  title: z.string(),
  body: z.string(),
  due_date: isoDate.nullable(),
  notice_id: z.string().nullable(),
  measure_id: z.string().nullable(),
  period: z.string().nullable(),
  created_on: isoDate,
  created_at: z.string(),
  /** Sent through every notification channel (null while pending). */
  delivered_at: z.string().nullable(),
  read_at: z.string().nullable(),
  read_by: z.string().nullable(),
});

export const reminderPageSchema = z.object({
  reminders: z.array(reminderSchema),
  unread: z.number().int(),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});

export const reminderQuerySchema = z.object({
  unread: booleanQuery.optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  page_size: z.coerce.number().int().min(1).max(500).optional(),
});
export type ReminderQuery = z.infer<typeof reminderQuerySchema>;

/** Mark reminders read: the given keys (within the caller's scope), or all of the caller's. */
export const markRemindersBodySchema = z.union([z.object({ keys: z.array(z.string().min(1).max(500)).min(1).max(500) }), z.object({ all: z.literal(true) })]);
export const markRemindersResultSchema = z.object({ marked: z.number().int(), unread: z.number().int() });

export type Assignee = z.infer<typeof assigneeInputSchema>;
export type NamedAssignee = z.infer<typeof assigneeSchema>;
export type Notice = z.infer<typeof noticeSchema>;
export type NoticeDetail = z.infer<typeof noticeDetailSchema>;
export type NoticePage = z.infer<typeof noticePageSchema>;
export type NoticeCounts = z.infer<typeof noticeCountsSchema>;
export type NoticeAssigneeOptions = z.infer<typeof noticeAssigneeOptionsSchema>;
export type Reminder = z.infer<typeof reminderSchema>;
export type ReminderPage = z.infer<typeof reminderPageSchema>;
export type ReminderKind = z.infer<typeof reminderKindSchema>;
