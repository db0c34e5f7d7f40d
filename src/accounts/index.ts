// The public surface of the accounts module: other modules import only from here (module-map.js).
export { accountActions } from './account-actions.ts';
export {
  accountAnswerSchema,
  accountListEntrySchema,
  accountListSchema,
  addressLockSchema,
  accountRoleSchema,
  accountSchema,
  accountWithPasswordSchema,
  assignRoleBodySchema,
  changePasswordBodySchema,
  createAccountBodySchema,
  localizedLabelSchema,
  permissionRoleSchema,
  scopeSchema,
  signInBodySchema,
} from './accounts-contract.ts';
export { ActionCatalog, type Action, type ActionDeclaration, type ActionNames } from './action-catalog.ts';
export { noOrigin, systemActor, type Actor, type RequestOrigin } from './actor.ts';
export { auditRefusal, type Refusal } from './audit-refusal.ts';
export { changePassword } from './change-password.ts';
export { createDemoAccounts, demoCreditCode, demoEnterpriseName, formatDemoAccounts, type DemoAccount } from './create-demo-accounts.ts';
export { createUser } from './create-user.ts';
export { login } from './login.ts';
export { findSourceLocks } from './login-failure-repository.ts';
export { assignRole, disableUser, enableUser, resetPassword } from './manage-account.ts';
export { loadPermissionTable, seedPermissions, setPermission } from './permission-repository.ts';
export { PermissionTable, type DataScope, type ResourceScope } from './permissions.ts';
export { presentPermissionRows, presentPermissionTable } from './present-permissions.ts';
export { presentSession } from './present-session.ts';
export { presentUser, presentUserWithPassword, type ScopeNames } from './present-user.ts';
export { roleLabels, roles, type Role } from './roles.ts';
export { defaultSecuritySettings, type SecuritySettings } from './security-settings.ts';
export { actorOf, csrfMatches, logout, logoutEverywhere, resolveSession, type SessionLookup, type ActiveSession } from './sessions.ts';
export { findSessionWithUser } from './session-repository.ts';
export { findDisplayNames, findUserByUsername, getUserById, listUsers, updateUser } from './user-repository.ts';
