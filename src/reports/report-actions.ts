import type { ActionDeclaration, ActionNames } from '../accounts/index.ts';

/**
 * The reports module's actions. Asking for a report in the background needs, besides
 * `reports.request`, the action of the report itself (checked when asked and again when it runs);
 * each account reads and downloads its own reports (`self`), the coordinator everyone's.
 */
export const reportActions = {
  'reports.request': { label: { zh: '后台生成导出文件', en: 'Generate exports in the background' }, grants: { every_role: 'all' }, neverPublic: true },
  'reports.read': { label: { zh: '查看、下载后台导出文件', en: 'Read and download background exports' }, grants: { every_role: 'self', coordinator: 'all' }, neverPublic: true },
} satisfies Record<string, ActionDeclaration>;

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof reportActions> {}
}
