import type { ActionDeclaration, ActionNames } from '../accounts/index.ts';

/** The audit module's actions: only the audit administrator holds them (三权分立). */
export const auditActions = {
  'audit.read': { label: { zh: '查阅审计日志', en: 'Read the audit log' }, grants: { audit_admin: 'all' }, reservedTo: 'audit_admin', neverPublic: true },
  'audit.export': { label: { zh: '导出审计日志', en: 'Export the audit log' }, grants: { audit_admin: 'all' }, reservedTo: 'audit_admin', neverPublic: true },
  'audit.verify': { label: { zh: '校验审计哈希链', en: 'Verify the audit chain' }, grants: { audit_admin: 'all' }, reservedTo: 'audit_admin', neverPublic: true },
} satisfies Record<string, ActionDeclaration>;

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof auditActions> {}
}
