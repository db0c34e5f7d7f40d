import type { ActionDeclaration, ActionNames } from '../accounts/index.ts';

/**
 * The notices module's actions (督办单, 催办, reminders). The coordinator issues, closes, returns
 * and reopens notices and reads all of them and every reminder; units and areas answer their own
 * notices and read their own notices and reminders (an area leader its area's subtree).
 */
export const noticeActions = {
  'notices.issue': { label: { zh: '下发与办结督办单', en: 'Issue and close supervision notices (督办单)' }, grants: { coordinator: 'all' }, neverPublic: true },
  'notices.respond': {
    label: { zh: '回复督办单', en: 'Answer supervision notices' },
    grants: { unit_leader: 'own_unit', unit_reporter: 'own_unit', area_leader: 'own_area', area_reporter: 'own_area' },
    neverPublic: true,
  },
  'notices.read': {
    label: { zh: '查阅督办单与提醒', en: 'Read supervision notices and reminders' },
    grants: { coordinator: 'all', unit_leader: 'own_unit', unit_reporter: 'own_unit', area_leader: 'own_area', area_reporter: 'own_area' },
    neverPublic: true,
  },
} satisfies Record<string, ActionDeclaration>;

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof noticeActions> {}
}
