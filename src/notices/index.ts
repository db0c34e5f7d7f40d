// The public surface of the notices module: other modules import only from here (module-map.js).
export { noticeActions } from './notice-actions.ts';
export { escalationDates, escalationLevelLabels, escalationOf, escalationSchedule, escalationStageLabels, type Escalation, type EscalationLevel, type EscalationStage } from './escalation.ts';
export { canMoveNotice, nextNoticeState, noticeActionLabels, noticeStateLabels, noticeStates, noticeTransitions, type NoticeAction, type NoticeState } from './notice-states.ts';
export { closeNotice, issueNotice, respondToNotice, sendNoticeBack, type NoticeCommandOptions } from './notice-commands.ts';
export { findNoticeCounts, findNotices, getNotice, type AssigneeNoticeCounts, type NoticeReader } from './find-notices.ts';
export { noticeAssigneeOptions, type NoticeDirectory } from './notice-names.ts';
export {
  createLoggingChannel,
  deliverPendingReminders,
  findReminders,
  loggingChannel,
  markRemindersRead,
  noReminderSource,
  noticeReminders,
  reminderDeliveryAttempts,
  reminderKindLabels,
  runReminderTick,
  type DueReminder,
  type NotificationChannel,
  type NotificationMessage,
  type ReminderReader,
  type ReminderSource,
  type ReminderTickOptions,
  type ReminderTickResult,
} from './reminders.ts';
export { defaultReminderMinutes, noticeJobHandlers, noticeRemindersJob, reminderMinutesOf, reminderSlotOf, sendReminderTick, startReminderTimer, type ReminderJobOptions } from './reminder-jobs.ts';
export {
  assigneeSchema,
  closeNoticeBodySchema,
  issueNoticeBodySchema,
  markRemindersBodySchema,
  markRemindersResultSchema,
  noticeAssigneeOptionsSchema,
  noticeDetailSchema,
  noticePageSchema,
  noticeQuerySchema,
  noticeScheduleSchema,
  reminderPageSchema,
  reminderQuerySchema,
  respondNoticeBodySchema,
  returnNoticeBodySchema,
  type Assignee,
  type NamedAssignee,
  type Notice,
  type NoticeDetail,
  type NoticePage,
  type Reminder,
  type ReminderPage,
} from './notices-contract.ts';
