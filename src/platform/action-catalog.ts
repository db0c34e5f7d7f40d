import { accountActions } from '../accounts/account-actions.ts';
import { ActionCatalog } from '../accounts/action-catalog.ts';
import { PermissionTable } from '../accounts/permissions.ts';
import { auditActions } from '../audit/audit-actions.ts';
import { indicatorActions } from '../indicators/indicator-actions.ts';
import { policyActions } from '../policy/policy-actions.ts';
import { registryActions } from '../registry/registry-actions.ts';

/**
 * Every module's actions, composed once. A new module declares its actions in its own folder and
 * is added here; nothing else (permission table, permission page, web types) is edited by hand.
 */
export const actionCatalog = new ActionCatalog([accountActions, policyActions, auditActions, indicatorActions, registryActions]);

/** The default grants as a table: for tests and benchmarks that run without a database table. */
export const defaultPermissionTable = new PermissionTable(actionCatalog.defaultRows());
