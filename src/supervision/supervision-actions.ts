import type { ActionDeclaration, ActionNames } from '../accounts/index.ts';

/**
 * Supervision's actions (督查督办). The coordinator (科技厅, with the supervision offices) reads
 * everything, reviews reports and manages assignments, work points, milestones, cycles and
 * close-off; a unit's accounts read and report for their own unit, an area's accounts for their
 * area and its subtree. Reports are unreviewed data: never public.
 */
export const supervisionActions = {
  'supervision.read': {
    label: { zh: '查阅督查督办', en: 'Read task supervision' },
    grants: { coordinator: 'all', unit_leader: 'own_unit', unit_reporter: 'own_unit', area_leader: 'own_area', area_reporter: 'own_area' },
    neverPublic: true,
  },
  'supervision.report': {
    label: { zh: '填报督查进展', en: 'Report progress on supervised tasks' },
    grants: { unit_leader: 'own_unit', unit_reporter: 'own_unit', area_leader: 'own_area', area_reporter: 'own_area' },
    neverPublic: true,
  },
  'supervision.review': { label: { zh: '审核督查报告（通过、退回）', en: 'Review supervision reports (approve, return)' }, grants: { coordinator: 'all' }, neverPublic: true },
  'supervision.manage': {
    label: { zh: '管理督查任务（分解、工作要点、节点、周期、销号）', en: 'Manage supervised tasks (split, work points, milestones, cycles, close-off)' },
    grants: { coordinator: 'all' },
    neverPublic: true,
  },
} satisfies Record<string, ActionDeclaration>;

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof supervisionActions> {}
}
