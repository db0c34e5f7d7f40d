import type { ActionDeclaration, ActionNames } from '../accounts/index.ts';

/**
 * The indicators module's actions. Reading covers approved (published) values only; drafts and
 * submissions are seen by those who may enter or approve values for their area.
 */
export const indicatorActions = {
  'indicators.read': { label: { zh: '查阅指标和评估', en: 'Read indicators and evaluations' }, grants: { public: 'all', every_role: 'all' } },
  'indicators.enter': { label: { zh: '填报指标数据', en: 'Enter indicator values' }, grants: { coordinator: 'all', area_leader: 'own_area', area_reporter: 'own_area' }, neverPublic: true },
  // Review by level (value-workflow.ts): a city's leader reviews its counties' values, the coordinator the rest.
  'indicators.approve': { label: { zh: '审核指标数据', en: 'Approve indicator values' }, grants: { coordinator: 'all', area_leader: 'own_area' }, neverPublic: true },
  'indicators.set_targets': { label: { zh: '设定地区分解目标', en: 'Set areas’ own targets' }, grants: { coordinator: 'all' }, neverPublic: true },
  'indicators.import': { label: { zh: '导入指标数据', en: 'Import indicator values' }, grants: { coordinator: 'all' }, neverPublic: true },
} satisfies Record<string, ActionDeclaration>;

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof indicatorActions> {}
}
