import type { ActionDeclaration, ActionNames } from '../accounts/index.ts';

/**
 * The screening module's actions (免申即享): the coordinator starts, cancels and resumes runs over
 * the whole register; area leaders read the results of their own area.
 */
export const screeningActions = {
  'screening.run': { label: { zh: '发起免申即享筛查（启动、取消、继续）', en: 'Run benefit screening (start, cancel, resume)' }, grants: { coordinator: 'all' }, neverPublic: true },
  'screening.read': { label: { zh: '查看免申即享筛查结果', en: 'Read benefit screening results' }, grants: { coordinator: 'all', area_leader: 'own_area' }, neverPublic: true },
} satisfies Record<string, ActionDeclaration>;

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof screeningActions> {}
}
