import { and, asc, eq } from 'drizzle-orm';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import { rolePermissions } from './accounts-schema.ts';
import type { Actor, RequestOrigin } from './actor.ts';
import { scopes, type ActionCatalog, type Scope } from './action-catalog.ts';
import { PermissionTable, type PermissionRow } from './permissions.ts';
import { administratorRoles, isRole, type Role } from './roles.ts';

/**
 * Seeds the default permissions of every action the table does not know yet: all of them on the
 * first start, and a new release's new actions later. An action the security administrator has
 * already configured (for any role) is left as it is.
 */
export async function seedPermissions(db: DatabaseOrTransaction, catalog: ActionCatalog): Promise<boolean> {
  const known = new Set((await db.selectDistinct({ action: rolePermissions.action }).from(rolePermissions)).map((row) => row.action));
  const missing = catalog.defaultRows().filter((row) => !known.has(row.action));
  if (missing.length === 0) return false;
  await db.insert(rolePermissions).values(missing).onConflictDoNothing();
  return true;
}

/**
 * The permission table as the database holds it now. Requests read it afresh, so that a change
 * made through any app server holds on all of them at once. Rows of an action no module declares
 * any more grant nothing: no code asks for them.
 */
export async function loadPermissionTable(db: DatabaseOrTransaction): Promise<PermissionTable> {
  const rows = await db.select().from(rolePermissions).orderBy(asc(rolePermissions.role), asc(rolePermissions.action));
  const valid = rows.filter((row): row is PermissionRow => (row.role === 'public' || isRole(row.role)) && (scopes as readonly string[]).includes(row.scope));
  return new PermissionTable(valid);
}

/**
 * The security administrator grants (scope) or revokes (null) one action for one role.
 * Administrator roles and reserved actions stay as they are: nobody can give the audit log to
 * another role, nor take account management from the system administrator.
 */
export async function setPermission(
  db: DatabaseOrTransaction,
  change: { role: Role | 'public'; action: string; scope: Scope | null },
  options: { actor: Actor; permissions: PermissionTable; origin: RequestOrigin; catalog: ActionCatalog },
): Promise<PermissionTable> {
  options.permissions.assertCan(options.actor, 'roles.manage');
  if (!options.catalog.has(change.action)) throw new AppError('bad_request', `没有“${change.action}”这项操作`, `no action "${change.action}"`);
  const declaration = options.catalog.declaration(change.action);
  if (change.role !== 'public' && administratorRoles.includes(change.role)) {
    throw new AppError('forbidden', '管理员角色的权限固定，不能修改', 'administrator roles have fixed permissions');
  }
  if (declaration.fixed) {
    throw new AppError('forbidden', `“${change.action}”是登录和改密所必需的，不能修改`, `"${change.action}" is needed to sign in and change passwords; it cannot be changed`);
  }
  if (declaration.reservedTo) {
    throw new AppError('forbidden', `“${declaration.label.zh}”只属于${declaration.reservedTo}，不能授予其他角色`, `"${change.action}" is reserved to ${declaration.reservedTo}`);
  }
  if (change.role === 'public' && change.scope !== null && declaration.neverPublic) {
    throw new AppError('forbidden', `“${declaration.label.zh}”涉及个人信息、未审核数据或管理功能，不能授予公众`, `"${change.action}" covers personal or unreviewed data or administration: it cannot be granted to the public`);
  }
  if (change.role === 'public' && change.scope !== null && change.scope !== 'all') {
    throw new AppError('bad_request', '公众只能被授予全部范围的公开权限', 'the public can only hold unscoped (all) permissions');
  }
  return inTransaction(db, async (tx) => {
    const where = and(eq(rolePermissions.role, change.role), eq(rolePermissions.action, change.action));
    const [before] = await tx.select().from(rolePermissions).where(where);
    if (change.scope === null) await tx.delete(rolePermissions).where(where);
    else await tx.insert(rolePermissions).values({ role: change.role, action: change.action, scope: change.scope }).onConflictDoUpdate({ target: [rolePermissions.role, rolePermissions.action], set: { scope: change.scope } });
    await recordAuditEvent(tx, { actor: options.actor, action: 'permission.set', entityType: 'permission', entityId: `${change.role}:${change.action}`, before: before ?? null, after: change.scope === null ? null : change, origin: options.origin });
    return loadPermissionTable(tx);
  });
}
