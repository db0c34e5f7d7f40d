import type { ActionDeclaration, ActionNames } from '../accounts/index.ts';

/**
 * The incentives module's actions. A calculation reads only the profile the caller sends (a
 * what-if, never stored), but enterprise figures are private: signed-in callers only.
 */
export const incentiveActions = {
  'incentives.calculate': { label: { zh: '政策计算器', en: 'Incentive calculator' }, grants: { every_role: 'all' }, neverPublic: true },
} satisfies Record<string, ActionDeclaration>;

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof incentiveActions> {}
}
