import type { ActionCatalog } from './action-catalog.ts';
import type { PermissionTable } from './permissions.ts';
import { presentAbilities } from './present-permissions.ts';
import { presentUser, type ScopeNames } from './present-user.ts';
import { actorOf } from './sessions.ts';
import type { UserRow } from './user-repository.ts';

export interface SessionFacts {
  user: UserRow;
  csrfToken: string;
  absoluteExpiresAt: Date;
  idleTimeoutMinutes: number;
}

/** The signed-in account, what it may do and its CSRF token: the answer of signing in and of reading the session. */
export function presentSession(facts: SessionFacts, permissions: PermissionTable, catalog: ActionCatalog, names: ScopeNames) {
  return {
    user: presentUser(facts.user, names),
    abilities: presentAbilities(permissions, actorOf(facts.user), catalog),
    csrf_token: facts.csrfToken,
    must_change_password: facts.user.mustChangePassword,
    idle_timeout_seconds: facts.idleTimeoutMinutes * 60,
    absolute_expires_at: facts.absoluteExpiresAt.toISOString(),
  };
}
