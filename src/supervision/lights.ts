import { daysBetween } from './cycles.ts';
import type { Light, ReportState, ReportStatus } from './supervision-vocabulary.ts';

/**
 * The lights (a pure function: Beijing dates in, a light out). Documented in docs/supervision.md
 * and tested at every boundary in lights.test.ts. In order of precedence:
 *
 * - **grey**: the measure is closed off (销号), or the cycle has not opened yet (today < opens_on).
 * - **red**: the cycle is past due (today > due_on) and its report is not submitted or approved
 *   (none, a draft, or returned and not resubmitted); or the measure's deadline has passed
 *   (today > deadline) and the latest status is not `done`.
 * - **yellow**: the latest status is `behind`; or the latest percent is behind the
 *   time-proportional schedule (序时进度) by more than the tolerance (10 points): exactly at the
 *   tolerance is not yellow; or a milestone whose due date has passed was not reached.
 * - **blue**: due within 7 calendar days (0 ≤ due_on − today ≤ 7) and not yet submitted.
 * - **green**: otherwise.
 */
export const scheduleTolerance = 10;
export const dueSoonDays = 7;

export interface LightInput {
  today: string;
  closed: boolean;
  cycle: { opens_on: string; due_on: string };
  /** This cycle's report of this assignee, if any. */
  state: ReportState | null;
  /** The latest submitted or approved status and percent (lead reports; null for a contribution). */
  status: ReportStatus | null;
  percent: number | null;
  /** 序时进度, whole percent. */
  expectedPercent: number;
  deadline: string | null;
  /** A milestone is past its due date and the lead's reported percent did not reach its target. */
  milestoneMissed: boolean;
}

const delivered = (state: ReportState | null) => state === 'submitted' || state === 'approved';

export function lightOf(input: LightInput): Light {
  if (input.closed || input.today < input.cycle.opens_on) return 'grey';
  const pastDue = input.today > input.cycle.due_on && !delivered(input.state);
  const pastDeadline = input.deadline !== null && input.today > input.deadline && input.status !== 'done';
  if (pastDue || pastDeadline) return 'red';
  const behindSchedule = input.percent !== null && input.expectedPercent - input.percent > scheduleTolerance;
  if (input.status === 'behind' || behindSchedule || input.milestoneMissed) return 'yellow';
  const daysLeft = daysBetween(input.today, input.cycle.due_on);
  if (daysLeft >= 0 && daysLeft <= dueSoonDays && !delivered(input.state)) return 'blue';
  return 'green';
}

/**
 * 序时进度: the share of the measure's span elapsed on `at`, whole percent rounded down. The span
 * runs from 1 January of `spanStartYear` to the measure's deadline when it has one (and it is not
 * before the start), else to 31 December of the year of `at`; both ends counted.
 */
export function expectedPercent(at: string, options: { deadline: string | null; spanStartYear: number }): number {
  const year = Number(at.slice(0, 4));
  const useDeadline = options.deadline !== null && options.deadline >= `${options.spanStartYear}-01-01`;
  const start = useDeadline ? `${options.spanStartYear}-01-01` : `${year}-01-01`;
  const end = useDeadline ? options.deadline! : `${year}-12-31`;
  const span = daysBetween(start, end) + 1;
  const elapsed = daysBetween(start, at) + 1;
  if (elapsed <= 0) return 0;
  if (elapsed >= span) return 100;
  return Math.floor((elapsed * 100) / span);
}
