import type { ActionDeclaration, ActionNames } from '../accounts/index.ts';

/**
 * The award ledger's actions. The coordinator (科技厅) manages the ledger (confirm, publish the 公示,
 * approve, withdraw) and records payments (there is no finance role: the coordinator records what
 * the finance department paid). Area leaders read their areas' awards, an enterprise user its own
 * enterprise's. The 公示 is public by its nature (awards.notices, granted to the public): its
 * endpoints show enterprise names, area names, incentive titles and amounts only.
 */
export const awardActionDeclarations = {
  'awards.notices': { label: { zh: '查阅奖励公示', en: 'Read award notices (公示)' }, grants: { public: 'all', every_role: 'all' } },
  'awards.read': {
    label: { zh: '查阅奖励台账', en: 'Read the award ledger' },
    grants: { coordinator: 'all', area_leader: 'own_area', enterprise_user: 'own_enterprise' },
    neverPublic: true,
  },
  'awards.manage': { label: { zh: '管理奖励台账（确认、公示、批准、撤销）', en: 'Manage the award ledger (confirm, announce, approve, withdraw)' }, grants: { coordinator: 'all' }, neverPublic: true },
  'awards.pay': { label: { zh: '登记奖励拨付', en: 'Record award payments' }, grants: { coordinator: 'all' }, neverPublic: true },
} satisfies Record<string, ActionDeclaration>;

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof awardActionDeclarations> {}
}
