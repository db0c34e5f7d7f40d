import { scopes, type Action, type ActionCatalog, type Scope } from './action-catalog.ts';
import type { Actor } from './actor.ts';
import type { PermissionRow, PermissionTable } from './permissions.ts';
import { administratorRoles, roleLabels, roles } from './roles.ts';

const publicLabel = { zh: '公众（未登录）', en: 'Public (signed out)' };

/**
 * The rows of declared actions only. A row left in the table by an action no module declares any
 * more grants nothing (no code asks for it) and is not part of the contract.
 */
function declaredRows(rows: readonly PermissionRow[], catalog: ActionCatalog): PermissionRow[] {
  return rows.filter((row) => catalog.has(row.action)).map((row) => ({ role: row.role, action: row.action, scope: row.scope }));
}

/**
 * The permission page's table: every role, every declared action with its label and the rules
 * that bound changes (reserved to one administrator, fixed, never public), and the grants.
 */
/** (The answer's schema, which names every module's actions, is in src/platform/platform-contract.ts.) */
export function presentPermissionTable(permissions: PermissionTable, catalog: ActionCatalog) {
  return {
    roles: [{ role: 'public' as const, label: publicLabel, fixed: false }, ...roles.map((role) => ({ role, label: roleLabels[role], fixed: administratorRoles.includes(role) }))],
    actions: catalog.actions.map((action) => {
      const declaration = catalog.declaration(action);
      return {
        action,
        label: declaration.label,
        reserved_to: declaration.reservedTo ?? null,
        fixed: declaration.fixed ?? false,
        never_public: declaration.neverPublic ?? false,
      };
    }),
    scopes: [...scopes],
    rows: declaredRows(permissions.rows, catalog),
  };
}

export function presentPermissionRows(permissions: PermissionTable, catalog: ActionCatalog): { rows: PermissionRow[] } {
  return { rows: declaredRows(permissions.rows, catalog) };
}

/** What the actor may do, declared actions only: sent with the session so the UI shows only what is allowed. */
export function presentAbilities(permissions: PermissionTable, actor: Actor | null, catalog: ActionCatalog): Partial<Record<Action, Scope>> {
  return Object.fromEntries(Object.entries(permissions.abilitiesOf(actor)).filter(([action]) => catalog.has(action)));
}
