import type { ActionDeclaration, ActionNames } from './action-catalog.ts';

/** The accounts module's actions: signing in, one's own account, account and permission administration. */
export const accountActions = {
  'health.read': { label: { zh: '健康检查', en: 'Health check' }, grants: { public: 'all', every_role: 'all' }, fixed: true },
  'session.create': { label: { zh: '登录', en: 'Sign in' }, grants: { public: 'all', every_role: 'all' }, fixed: true },
  'session.read': { label: { zh: '查看本人会话', en: 'Own session' }, grants: { every_role: 'self' }, fixed: true, neverPublic: true },
  'account.change_password': { label: { zh: '修改本人密码', en: 'Change own password' }, grants: { every_role: 'self' }, fixed: true, neverPublic: true },
  'accounts.read': { label: { zh: '查看账号', en: 'View accounts' }, grants: { system_admin: 'all', security_admin: 'all' }, neverPublic: true },
  'accounts.manage': { label: { zh: '管理账号', en: 'Manage accounts' }, grants: { system_admin: 'all' }, reservedTo: 'system_admin', neverPublic: true },
  'roles.manage': { label: { zh: '分配角色和权限', en: 'Assign roles and permissions' }, grants: { security_admin: 'all' }, reservedTo: 'security_admin', neverPublic: true },
  'permissions.read': { label: { zh: '查看权限表', en: 'View permissions' }, grants: { security_admin: 'all' }, neverPublic: true },
} satisfies Record<string, ActionDeclaration>;

declare module './action-catalog.ts' {
  interface ActionRegistry extends ActionNames<typeof accountActions> {}
}
