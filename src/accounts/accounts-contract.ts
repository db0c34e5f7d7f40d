/**
 * The HTTP contract of the accounts module: sessions, accounts and the permission table. The
 * routes declare these schemas as their responses (so they are the whitelist of what leaves the
 * server, and OpenAPI shows them); the web imports the inferred types with `import type`.
 *
 * Imports: zod and the module's constant lists (roles, scopes). What names actions (the session's
 * abilities, the permission table) is in src/platform/platform-contract.ts: only the platform
 * composes every module's actions.
 */
import { z } from 'zod';
import { scopes } from './action-catalog.ts';
import { roles } from './roles.ts';

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

/** A client address that failed to sign in to the account too often, and until when it is locked out. */
export const addressLockSchema = z.object({ address: z.string(), locked_until: z.iso.datetime() });
export type AddressLock = z.infer<typeof addressLockSchema>;

/** An account in the administrators' list, with the addresses it is locked for now ("enable" unlocks them). */
export const accountListEntrySchema = accountSchema.extend({ locked_addresses: z.array(addressLockSchema) });
export type AccountListEntry = z.infer<typeof accountListEntrySchema>;

export const accountListSchema = z.object({ accounts: z.array(accountListEntrySchema) });
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

