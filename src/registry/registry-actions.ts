import type { ActionDeclaration, ActionNames } from '../accounts/index.ts';

/** The registry module's actions: enterprises, certifications, platforms and contracts, within the caller's scope. */
export const registryActions = {
  'registry.read': {
    label: { zh: '查阅登记库', en: 'Read the registries' },
    grants: { coordinator: 'all', area_leader: 'own_area', area_reporter: 'own_area', enterprise_user: 'own_enterprise' },
    neverPublic: true,
  },
  'registry.edit': { label: { zh: '修改登记信息', en: 'Edit registry records' }, grants: { coordinator: 'all', enterprise_user: 'own_enterprise' }, neverPublic: true },
  'registry.edit_master': { label: { zh: '修改企业登记主数据（名称、区划、规上标识）', en: 'Edit enterprise master data (name, area, above-scale flag)' }, grants: { coordinator: 'all' }, neverPublic: true },
  'registry.import': { label: { zh: '导入登记库', en: 'Import registries' }, grants: { coordinator: 'all' }, neverPublic: true },
  'registry.contacts': { label: { zh: '查看联系人（个人信息）', en: 'See contacts (personal information)' }, grants: { coordinator: 'all', enterprise_user: 'own_enterprise' }, neverPublic: true },
} satisfies Record<string, ActionDeclaration>;

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof registryActions> {}
}
