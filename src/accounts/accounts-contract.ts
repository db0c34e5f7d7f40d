/**
 * The HTTP contract of the accounts module: sessions, accounts and the permission table. The
 * routes declare these schemas as their responses (so they are the whitelist of what leaves the
 * server, and OpenAPI shows them); the web imports the inferred types with `import type`.
 *
 * Imports: zod, the module's constant lists (roles, scopes) and the composed action catalog. The
 * catalog and everything it imports are declarations and plain classes (no database, no Node
 * modules), so the web can type-check this file; it needs the catalog for the action names, so
 * that `Action` on the web is exactly the actions the modules declare.
 */
import { z } from 'zod';
import { actionCatalog } from '../platform/action-catalog.ts';
import { scopes } from './action-catalog.ts';
import { roles } from './roles.ts';

const [firstAction, ...otherActions] = actionCatalog.actions;
if (firstAction === undefined) throw new Error('no action is declared');

/** Every action a module declares (src/<module>/<module>-actions.ts). */
export const actionSchema = z.enum([firstAction, ...otherActions]);
export type Action = z.infer<typeof actionSchema>;

/** all: anything; own_unit / own_area / own_enterprise: the account's own scope; self: its own account. */
export const scopeSchema = z.enum(scopes);
export type Scope = z.infer<typeof scopeSchema>;

/** The roles of an account (GB/T 22239-2019 level 3: the three administrators apart). */
export const accountRoleSchema = z.enum(roles);
export type AccountRole = z.infer<typeof accountRoleSchema>;

/** The roles of the permission table: the account roles and the public (signed out). */
export const permissionRoleSchema = z.enum(['public', ...roles]);
export type PermissionRole = z.infer<typeof permissionRoleSchema>;

export const localizedLabelSchema = z.object({ zh: z.string(), en: z.string() });
export type LocalizedLabel = z.infer<typeof localizedLabelSchema>;

/** What the server lets the caller do, action by action; the UI shows an item only when its action is present. */
export const abilitiesSchema = z.partialRecord(actionSchema, scopeSchema);
export type Abilities = z.infer<typeof abilitiesSchema>;

/** An account as administrators and its owner see it: never the password hash or session data. */
export const accountSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  display_name: z.string(),
  role: accountRoleSchema,
  role_label: localizedLabelSchema,
  unit_id: z.string().nullable(),
  /** The unit's name in the loaded packs, when it is there. */
  unit_name: z.string().nullable(),
  org_code: z.string().nullable(),
  org_name: z.string().nullable(),
  credit_code: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  must_change_password: z.boolean(),
  locked_until: z.iso.datetime().nullable(),
  last_login_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
});
export type Account = z.infer<typeof accountSchema>;

/** The signed-in account, what it may do, and the CSRF token its state-changing requests carry. */
export const sessionSchema = z.object({
  user: accountSchema,
  abilities: abilitiesSchema,
  csrf_token: z.string(),
  must_change_password: z.boolean(),
  idle_timeout_seconds: z.number().int().positive(),
  absolute_expires_at: z.iso.datetime(),
});
export type Session = z.infer<typeof sessionSchema>;

export const accountListSchema = z.object({ accounts: z.array(accountSchema) });
export type AccountList = z.infer<typeof accountListSchema>;

export const accountAnswerSchema = z.object({ account: accountSchema });
export type AccountAnswer = z.infer<typeof accountAnswerSchema>;

/** A new account or a reset password: the temporary password is shown once, never stored in clear. */
export const accountWithPasswordSchema = z.object({ account: accountSchema, temporary_password: z.string() });
export type AccountWithPassword = z.infer<typeof accountWithPasswordSchema>;

/** One rule a password fails: the `details` of a `weak_password` error. */
export const passwordRuleProblemSchema = z.object({
  rule: z.enum(['min_length', 'character_classes', 'contains_username', 'same_as_current']),
  message: z.string(),
  message_en: z.string(),
});
export type PasswordRuleProblem = z.infer<typeof passwordRuleProblemSchema>;

export const permissionRowSchema = z.object({ role: permissionRoleSchema, action: actionSchema, scope: scopeSchema });
export type PermissionRow = z.infer<typeof permissionRowSchema>;

/** One declared action with the rules that bound what the security administrator may change. */
export const permissionActionSchema = z.object({
  action: actionSchema,
  label: localizedLabelSchema,
  /** Only this administrator holds it (三权分立): nobody can grant it to another role or take it away. */
  reserved_to: accountRoleSchema.nullable(),
  /** Needed to sign in or change a forced password: nobody can change it. */
  fixed: z.boolean(),
  /** Personal or unreviewed data, or administration: never granted to the public. */
  never_public: z.boolean(),
});
export type PermissionAction = z.infer<typeof permissionActionSchema>;

/** The permission table: role × action → scope, with the declared actions' labels and rules. */
export const permissionTableSchema = z.object({
  roles: z.array(
    z.object({
      role: permissionRoleSchema,
      label: localizedLabelSchema,
      /** An administrator role (三权分立): its permissions are nobody's to change. */
      fixed: z.boolean(),
    }),
  ),
  actions: z.array(permissionActionSchema),
  scopes: z.array(scopeSchema),
  rows: z.array(permissionRowSchema),
});
export type PermissionTableAnswer = z.infer<typeof permissionTableSchema>;

export const permissionRowsSchema = z.object({ rows: z.array(permissionRowSchema) });
export type PermissionRows = z.infer<typeof permissionRowsSchema>;

// ---- Request bodies the web builds ----

export const signInBodySchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
export type SignInBody = z.input<typeof signInBodySchema>;

export const changePasswordBodySchema = z.object({ current_password: z.string().min(1).max(200), new_password: z.string().min(1).max(200) });
export type ChangePasswordBody = z.input<typeof changePasswordBodySchema>;

/** A new (non-administrator) account: its role and the scope that role acts in. */
export const createAccountBodySchema = z.object({
  username: z
    .string()
    .trim()
    .min(3, 'username: 至少 3 个字符 / at least 3 characters')
    .max(64)
    .regex(/^[a-zA-Z0-9._-]+$/, 'username: 只能使用字母、数字和 . _ - / letters, digits, . _ - only'),
  display_name: z.string().trim().min(1).max(100).optional(),
  role: accountRoleSchema,
  unit_id: z.string().trim().min(1).nullish(),
  org_code: z.string().trim().min(1).nullish(),
  credit_code: z.string().trim().min(1).nullish(),
});
export type CreateAccountBody = z.input<typeof createAccountBodySchema>;

/** Another role and the scope it acts in (which field a role needs: `roleScopeKind`). */
export const assignRoleBodySchema = z.object({
  role: accountRoleSchema,
  unit_id: z.string().nullish(),
  org_code: z.string().nullish(),
  credit_code: z.string().nullish(),
});
export type AssignRoleBody = z.input<typeof assignRoleBodySchema>;

/** Grant (a scope) or revoke (null) one action for one role. */
export const setPermissionBodySchema = z.object({ role: permissionRoleSchema, action: actionSchema, scope: scopeSchema.nullable() });
export type SetPermissionBody = z.input<typeof setPermissionBodySchema>;
