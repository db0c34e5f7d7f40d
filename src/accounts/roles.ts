/**
 * Roles (GB/T 22239-2019 level 3: 三权分立 — the system, security and audit administrators are
 * three separate accounts, and no account holds two roles).
 */
export const roles = [
  'system_admin', // 系统管理员: accounts
  'security_admin', // 安全管理员: roles and permissions
  'audit_admin', // 审计管理员: reads the audit log, nothing else
  'coordinator', // 科技厅 coordinator: all modules, all areas
  'unit_leader', // 责任单位负责人: one government unit
  'unit_reporter', // 责任单位填报员: one government unit
  'area_leader', // 市县负责人: one area and its subtree
  'area_reporter', // 市县填报员: one area and its subtree
  'enterprise_user', // 企业用户: one enterprise (credit code)
] as const;

export type Role = (typeof roles)[number];

export const administratorRoles: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

/** What scope a role's account must carry. */
export const roleScopeKind: Record<Role, 'none' | 'unit' | 'area' | 'enterprise'> = {
  system_admin: 'none',
  security_admin: 'none',
  audit_admin: 'none',
  coordinator: 'none',
  unit_leader: 'unit',
  unit_reporter: 'unit',
  area_leader: 'area',
  area_reporter: 'area',
  enterprise_user: 'enterprise',
};

export const roleLabels: Record<Role, { zh: string; en: string }> = {
  system_admin: { zh: '系统管理员', en: 'System administrator' },
  security_admin: { zh: '安全管理员', en: 'Security administrator' },
  audit_admin: { zh: '审计管理员', en: 'Audit administrator' },
  coordinator: { zh: '统筹协调（科技厅）', en: 'Coordinator (Department of S&T)' },
  unit_leader: { zh: '责任单位负责人', en: 'Unit leader' },
  unit_reporter: { zh: '责任单位填报员', en: 'Unit reporter' },
  area_leader: { zh: '市县负责人', en: 'Area leader' },
  area_reporter: { zh: '市县填报员', en: 'Area reporter' },
  enterprise_user: { zh: '企业用户', en: 'Enterprise user' },
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
