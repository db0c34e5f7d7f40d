import type { FastifyInstance } from 'fastify';
import { noOrigin, systemActor } from '../src/accounts/actor.ts';
import { createUser } from '../src/accounts/create-user.ts';
import { demoCreditCode } from '../src/accounts/create-demo-accounts.ts';
import { loadPermissionTable } from '../src/accounts/permission-repository.ts';
import { roles, type Role } from '../src/accounts/roles.ts';
import type { DatabaseOrTransaction } from '../src/db/open-database.ts';

export const testPassword = 'Kechuang-test-2024!';

/** The scope each role's test account acts in: its own unit, area and enterprise. */
export const testScopes: Record<Role, { unit_id?: string; org_code?: string; credit_code?: string }> = {
  system_admin: {},
  security_admin: {},
  audit_admin: {},
  coordinator: {},
  unit_leader: { unit_id: 'finance-department' },
  unit_reporter: { unit_id: 'finance-department' },
  area_leader: { org_code: '640100' },
  area_reporter: { org_code: '640100' },
  enterprise_user: { credit_code: demoCreditCode },
};

/** One account per role, username = role name, already past its first-login password change. */
export async function createTestAccounts(db: DatabaseOrTransaction): Promise<Record<Role, string>> {
  const permissions = await loadPermissionTable(db);
  const ids = {} as Record<Role, string>;
  for (const role of roles) {
    const { user } = await createUser(db, { username: role.replace(/_/g, '-'), role, password: testPassword, ...testScopes[role] }, { actor: systemActor, permissions, origin: noOrigin, allowAdministratorRoles: true, mustChangePassword: false });
    ids[role] = user.id;
  }
  return ids;
}

export interface SignedIn {
  cookie: string;
  csrf: string;
  status: number;
}

/** Signs in through the API, returning the cookie header and CSRF token to send with requests. */
export async function signIn(app: FastifyInstance, username: string, password = testPassword): Promise<SignedIn> {
  const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
  const cookies = response.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  const body = response.json() as { csrf_token?: string };
  return { cookie: cookies, csrf: body.csrf_token ?? '', status: response.statusCode };
}
