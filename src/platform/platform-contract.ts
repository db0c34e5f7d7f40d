/**
 * The HTTP contract of what names every module's actions: the session (with the caller's
 * abilities) and the permission table. Only the platform composes the modules' actions
 * (./action-catalog.ts), so these answers live here; the rest of the accounts answers are in
 * src/accounts/accounts-contract.ts. The web imports the inferred types with `import type`.
 */
import { z } from 'zod';
import { accountRoleSchema, accountSchema, localizedLabelSchema, permissionRoleSchema, scopeSchema } from '../accounts/index.ts';
import { actionCatalog } from './action-catalog.ts';

const [firstAction, ...otherActions] = actionCatalog.actions;
if (firstAction === undefined) throw new Error('no action is declared');

/** Every action a module declares (src/<module>/<module>-actions.ts). */
export const actionSchema = z.enum([firstAction, ...otherActions]);
export type Action = z.infer<typeof actionSchema>;

/** What the server lets the caller do, action by action; the UI shows an item only when its action is present. */
export const abilitiesSchema = z.partialRecord(actionSchema, scopeSchema);
export type Abilities = z.infer<typeof abilitiesSchema>;

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

/** Grant (a scope) or revoke (null) one action for one role. */
export const setPermissionBodySchema = z.object({ role: permissionRoleSchema, action: actionSchema, scope: scopeSchema.nullable() });
export type SetPermissionBody = z.input<typeof setPermissionBodySchema>;
