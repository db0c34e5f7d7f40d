import type { Action } from '../accounts/index.ts';
import type { ValueStatus, WorkflowAction } from './indicator-contract.ts';

/**
 * The data-entry workflow (DHIS2-like), as a state machine: an area's reporter saves drafts and
 * submits them; the coordinator approves (which publishes and locks the value) or returns them;
 * only the coordinator unlocks an approved value. Every transition is checked — an illegal one
 * is refused with 409 saying the value's state — and audited (transition-values.ts). A closed
 * period (close-period.ts) takes none of them.
 */
export interface Transition {
  from: ValueStatus;
  to: ValueStatus;
  permission: Action;
}

export const valueTransitions: Record<WorkflowAction, Transition> = {
  submit: { from: 'draft', to: 'submitted', permission: 'indicators.enter' },
  approve: { from: 'submitted', to: 'approved', permission: 'indicators.approve' },
  return: { from: 'submitted', to: 'draft', permission: 'indicators.approve' },
  unlock: { from: 'approved', to: 'submitted', permission: 'indicators.approve' },
};
