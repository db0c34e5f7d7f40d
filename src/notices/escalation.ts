import { addWorkingDays, subtractWorkingDays } from '../shared/index.ts';

/**
 * The escalation schedule of a notice (催办), in working days (Monday to Friday, Beijing dates;
 * holidays not modelled). Only a notice awaiting an answer (`issued`) escalates:
 *
 * | stage | from | what happens |
 * | --- | --- | --- |
 * | reminder (提醒) | 1 working day before the deadline | the assignee is reminded |
 * | level 1 (一级催办) | the first working day after the deadline | 催办: the assignee is pressed to answer |
 * | level 2 (二级催办·通报) | 3 working days after level 1 | reported to the leader (通报) |
 *
 * A deadline on Monday is reminded on the Friday before; a deadline on Friday reaches level 1 on
 * the Monday after and level 2 on the Thursday. A notice is overdue from the calendar day after
 * its deadline (a Saturday counts: overdue, level 0 until Monday).
 */
export const escalationSchedule = { reminderWorkingDaysBefore: 1, level1WorkingDaysAfterDeadline: 1, level2WorkingDaysAfterLevel1: 3 } as const;

export type EscalationLevel = 0 | 1 | 2;
export type EscalationStage = 'reminder' | 'level1' | 'level2';

export const escalationLevelLabels: Readonly<Record<EscalationLevel, { zh: string; en: string }>> = {
  0: { zh: '未催办', en: 'not escalated' },
  1: { zh: '一级催办', en: 'level 1 (pressed to answer)' },
  2: { zh: '二级催办（通报）', en: 'level 2 (reported to the leader)' },
};

export const escalationStageLabels: Readonly<Record<EscalationStage, { zh: string; en: string }>> = {
  reminder: { zh: '到期提醒', en: 'deadline reminder' },
  level1: { zh: '一级催办', en: 'level 1 escalation' },
  level2: { zh: '二级催办（通报）', en: 'level 2 escalation (reported to the leader)' },
};

export interface Escalation {
  level: EscalationLevel;
  /** Past the deadline and not answered. */
  overdue: boolean;
  /** The stage reached today (what a reminder is sent for), or null. */
  stage: EscalationStage | null;
  reminder_on: string;
  level1_on: string;
  level2_on: string;
}

/** The dates of the schedule for a deadline. */
export function escalationDates(deadline: string): { reminder_on: string; level1_on: string; level2_on: string } {
  const level1 = addWorkingDays(deadline, escalationSchedule.level1WorkingDaysAfterDeadline);
  return {
    reminder_on: subtractWorkingDays(deadline, escalationSchedule.reminderWorkingDaysBefore),
    level1_on: level1,
    level2_on: addWorkingDays(level1, escalationSchedule.level2WorkingDaysAfterLevel1),
  };
}

/** Where a notice stands on the schedule on `today` (a Beijing date). Answered and closed notices never escalate. */
export function escalationOf(notice: { state: string; deadline: string }, today: string): Escalation {
  const dates = escalationDates(notice.deadline);
  if (notice.state !== 'issued') return { level: 0, overdue: false, stage: null, ...dates };
  const overdue = today > notice.deadline;
  if (today >= dates.level2_on) return { level: 2, overdue, stage: 'level2', ...dates };
  if (today >= dates.level1_on) return { level: 1, overdue, stage: 'level1', ...dates };
  const stage = today >= dates.reminder_on && today <= notice.deadline ? 'reminder' : null;
  return { level: 0, overdue, stage, ...dates };
}
