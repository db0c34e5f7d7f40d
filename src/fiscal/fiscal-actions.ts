import type { ActionDeclaration, ActionNames } from '../accounts/index.ts';

/**
 * The fiscal view's actions. Costs, what-ifs and scenarios are the whole register's figures and
 * names firms: the coordinator's (科技厅; the platform has no finance role of its own, so the
 * finance department's people read them through a coordinator account or a grant the security
 * administrator adds). Never public.
 */
export const fiscalActions = {
  'fiscal.read': { label: { zh: '财政测算：查看成本与预测、运行模拟测算', en: 'Fiscal view: costs, forecast and what-if' }, grants: { coordinator: 'all' }, neverPublic: true },
  'fiscal.scenarios': { label: { zh: '财政测算：保存、删除测算方案', en: 'Fiscal view: save and delete scenarios' }, grants: { coordinator: 'all' }, neverPublic: true },
} satisfies Record<string, ActionDeclaration>;

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof fiscalActions> {}
}
