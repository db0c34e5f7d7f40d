import type { ActionDeclaration, ActionNames } from '../accounts/index.ts';

/**
 * The assessment's actions (考核). Scores and ranks are the coordinator's (科技厅 with the
 * supervision offices); an area's leader reads its own area's scores (and those of the areas
 * under it). The scheme is the coordinator's to manage. Never public: a rank names who lags.
 */
export const assessmentActions = {
  'assessment.read': { label: { zh: '查看考核得分与排名、下载督查通报', en: 'Read assessment scores, ranks and the supervision bulletin' }, grants: { coordinator: 'all', area_leader: 'own_area' }, neverPublic: true },
  'assessment.manage': { label: { zh: '管理考核评分办法', en: 'Manage the assessment scoring scheme' }, grants: { coordinator: 'all' }, neverPublic: true },
} satisfies Record<string, ActionDeclaration>;

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof assessmentActions> {}
}
