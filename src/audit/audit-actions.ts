import { declareActions, type ActionNames } from '../accounts/action-catalog.ts';

/** The audit module's actions: only the audit administrator holds them (三权分立). */
export const auditActions = declareActions({
  'audit.read': { label: { zh: '查阅审计日志', en: 'Read the audit log' }, grants: { audit_admin: 'all' }, reservedTo: 'audit_admin', neverPublic: true },
  'audit.export': { label: { zh: '导出审计日志', en: 'Export the audit log' }, grants: { audit_admin: 'all' }, reservedTo: 'audit_admin', neverPublic: true },
  'audit.verify': { label: { zh: '校验审计哈希链', en: 'Verify the audit chain' }, grants: { audit_admin: 'all' }, reservedTo: 'audit_admin', neverPublic: true },
});

declare module '../accounts/action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof auditActions> {}
}
