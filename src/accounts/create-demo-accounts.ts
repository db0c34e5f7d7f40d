import type { DatabaseOrTransaction } from '../db/index.ts';
import { creditCodeCheckCharacter } from '../shared/index.ts';
import { systemActor, noOrigin } from './actor.ts';
import { createUser } from './create-user.ts';
import { generateTemporaryPassword } from './password-hashing.ts';
import type { PermissionTable } from './permissions.ts';
import { roleLabels, roles, type Role } from './roles.ts';
import { countUsers } from './user-repository.ts';

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  scope: string;
}

/**
 * A synthetic enterprise for the demo enterprise account (valid check character, plainly fake).
 * The generated demo register (src/registry/generate-demo-registry.ts) holds it under this name,
 * with certificates and financials, so that 我的企业 opens on something on the first start.
 */
const demoCreditCodeBody = '91640100MA7DEM001';
export const demoCreditCode = `${demoCreditCodeBody}${creditCodeCheckCharacter(demoCreditCodeBody)}`;
export const demoEnterpriseName = '合成·宁夏凤城演示科技有限公司';

const demoScopes: Record<Role, { unit_id?: string; org_code?: string; credit_code?: string; scope: string }> = {
  system_admin: { scope: '—' },
  security_admin: { scope: '—' },
  audit_admin: { scope: '—' },
  coordinator: { scope: '全区 (all areas)' },
  unit_leader: { unit_id: 'finance-department', scope: '财政厅 (finance-department)' },
  unit_reporter: { unit_id: 'finance-department', scope: '财政厅 (finance-department)' },
  // Review by level on a fresh start: the county reporter (兴庆区) submits, 银川市's leader reviews it first.
  area_leader: { org_code: '640100', scope: '银川市 (640100)' },
  area_reporter: { org_code: '640104', scope: '银川市兴庆区 (640104)' },
  enterprise_user: { credit_code: demoCreditCode, scope: `${demoEnterpriseName} (${demoCreditCode}, synthetic)` },
};

/**
 * Demo mode: on a platform with no account at all, one account per role with a random password,
 * returned once so that the caller prints it and writes it to data/demo-accounts.txt. Never in
 * production. Each account must change its password at first login, like any other.
 */
export async function createDemoAccounts(db: DatabaseOrTransaction, permissions: PermissionTable): Promise<DemoAccount[]> {
  if ((await countUsers(db)) > 0) return [];
  const created: DemoAccount[] = [];
  for (const role of roles) {
    const { scope, ...scopeInput } = demoScopes[role];
    const password = generateTemporaryPassword();
    const username = `demo-${role.replace(/_/g, '-')}`;
    await createUser(db, { username, display_name: `演示·${roleLabels[role].zh}`, role, password, ...scopeInput }, { actor: systemActor, permissions, origin: noOrigin, allowAdministratorRoles: true });
    created.push({ username, password, role, scope });
  }
  return created;
}

export function formatDemoAccounts(accounts: readonly DemoAccount[]): string {
  const lines = [
    '# Kechuang demo accounts — 演示账号 (created on first start; change the password at first login)',
    '# username\tpassword\trole\tscope',
    ...accounts.map((account) => `${account.username}\t${account.password}\t${account.role} ${roleLabels[account.role].zh}\t${account.scope}`),
  ];
  return `${lines.join('\n')}\n`;
}
