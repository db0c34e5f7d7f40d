import { findAreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { findPacks } from '../policy/index.ts';
import { checkCreditCode, AppError } from '../shared/index.ts';
import { roleScopeKind, type Role } from './roles.ts';

export interface AccountScopeInput {
  unitId?: string | null | undefined;
  orgCode?: string | null | undefined;
  creditCode?: string | null | undefined;
}

export interface AccountScope {
  unitId: string | null;
  orgCode: string | null;
  creditCode: string | null;
}

/**
 * The scope an account of `role` must carry, checked against the data: a unit named in a loaded
 * pack (not a group), an area of the tree, or a valid credit code. Fields a role does not use
 * are cleared, so that an account never carries a stale scope.
 */
export async function resolveAccountScope(db: DatabaseOrTransaction, role: Role, input: AccountScopeInput): Promise<AccountScope> {
  const kind = roleScopeKind[role];
  const scope: AccountScope = { unitId: null, orgCode: null, creditCode: null };
  if (kind === 'unit') {
    const unitId = input.unitId?.trim();
    if (!unitId) throw new AppError('bad_request', 'unit_id：该角色须指定责任单位', 'unit_id: this role needs a unit');
    const packs = await findPacks(db);
    const unit = packs.flatMap((pack) => pack.units).find((candidate) => candidate.id === unitId);
    if (!unit || unit.kind === 'group') throw new AppError('bad_request', `unit_id：找不到责任单位“${unitId}”`, `unit_id: no unit "${unitId}"`);
    scope.unitId = unitId;
  }
  if (kind === 'area') {
    const orgCode = input.orgCode?.trim();
    if (!orgCode) throw new AppError('bad_request', 'org_code：该角色须指定行政区划', 'org_code: this role needs an area');
    const tree = await findAreaTree(db);
    const area = tree.find(orgCode);
    if (!area || area.level === 'country') throw new AppError('bad_request', `org_code：找不到行政区划“${orgCode}”`, `org_code: no area "${orgCode}"`);
    scope.orgCode = orgCode;
  }
  if (kind === 'enterprise') {
    const checked = checkCreditCode(input.creditCode ?? '');
    if (!checked.ok) throw new AppError('bad_request', `credit_code：${checked.message}`, `credit_code: ${checked.message_en}`);
    scope.creditCode = checked.code;
  }
  return scope;
}
