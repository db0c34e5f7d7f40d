import { accountActions, ActionCatalog, PermissionTable } from '../accounts/index.ts';
import { assessmentActions } from '../assessment/index.ts';
import { auditActions } from '../audit/index.ts';
import { awardActionDeclarations } from '../awards/index.ts';
import { fiscalActions } from '../fiscal/index.ts';
import { incentiveActions } from '../incentives/index.ts';
import { indicatorActions } from '../indicators/index.ts';
import { policyActions } from '../policy/index.ts';
import { registryActions } from '../registry/index.ts';
import { screeningActions } from '../screening/index.ts';
import { supervisionActions } from '../supervision/index.ts';
import { noticeActions } from '../notices/index.ts';

/**
 * Every module's actions, composed once. A new module declares its actions in its own folder and
 * is added here; nothing else (permission table, permission page, web types) is edited by hand.
 */
export const actionCatalog = new ActionCatalog([accountActions, policyActions, auditActions, indicatorActions, registryActions, incentiveActions, awardActionDeclarations, fiscalActions, screeningActions, supervisionActions, noticeActions, assessmentActions]);

/** The default grants as a table: for tests and benchmarks that run without a database table. */
export const defaultPermissionTable = new PermissionTable(actionCatalog.defaultRows());
