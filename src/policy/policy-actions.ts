import type { ActionDeclaration, ActionNames } from '../accounts/index.ts';

/** The policy module's actions: the published policy and area tree, and each unit's own workspace. */
export const policyActions = {
  'policy.read': { label: { zh: '查阅政策', en: 'Read the policy' }, grants: { public: 'all', every_role: 'all' } },
  'areas.read': { label: { zh: '查阅行政区划', en: 'Read areas' }, grants: { public: 'all', every_role: 'all' } },
  'workspace.read': {
    label: { zh: '工作台', en: 'Workspace' },
    grants: { coordinator: 'all', unit_leader: 'own_unit', unit_reporter: 'own_unit', area_leader: 'own_area', area_reporter: 'own_area', enterprise_user: 'own_enterprise' },
    neverPublic: true,
  },
} satisfies Record<string, ActionDeclaration>;

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof policyActions> {}
}
