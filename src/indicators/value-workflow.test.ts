import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts } from '../../test/accounts.ts';
import type { Actor } from '../accounts/actor.ts';
import { loadPermissionTable } from '../accounts/permission-repository.ts';
import type { PermissionTable } from '../accounts/permissions.ts';
import { actorOf } from '../accounts/sessions.ts';
import { findUserByUsername } from '../accounts/user-repository.ts';
import { findAreaTree } from '../areas/area-repository.ts';
import type { AreaTree } from '../areas/area-tree.ts';
import { findAuditRowsAfter } from '../audit/audit-repository.ts';
import type { DatabaseHandle } from '../db/open-database.ts';
import { indicatorsOf, preparePlatform } from '../platform/prepare-platform.ts';
import { findPacks } from '../policy/pack-repository.ts';
import type { Indicator } from '../policy/pack-schema.ts';
import type { AppError } from '../shared/app-error.ts';
import { findApprovedValues, findValueHistory } from './value-repository.ts';
import { saveDraftValues, transitionValues } from './value-workflow.ts';

describe('indicator value workflow', () => {
  let platform: DatabaseHandle;
  let permissions: PermissionTable;
  let tree: AreaTree;
  let indicators: Indicator[];
  let reporter: Actor;
  let coordinator: Actor;

  beforeAll(async () => {
    platform = await preparePlatform({ dataDir: 'memory://' });
    await createTestAccounts(platform.db);
    permissions = await loadPermissionTable(platform.db);
    tree = await findAreaTree(platform.db);
    indicators = indicatorsOf(await findPacks(platform.db));
    reporter = actorOf((await findUserByUsername(platform.db, 'area-reporter'))!);
    coordinator = actorOf((await findUserByUsername(platform.db, 'coordinator'))!);
  });

  afterAll(async () => {
    await platform.close();
  });

  const options = (actor: Actor) => ({ actor, permissions, tree, origin: { requestId: 'test', clientIp: '127.0.0.1' } });
  const failure = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as AppError);

  it('lets an area reporter save drafts for its own area (and subtree) only', async () => {
    // The area reporter's area is 银川市 (640100); 兴庆区 (640104) lies in it, 石嘴山市 does not.
    await saveDraftValues(platform.db, '640104', '2024', [{ indicator: 'gdp', value: 900, unit: '亿元', source: '区统计局' }], indicators, options(reporter));
    const refused = await failure(saveDraftValues(platform.db, '640200', '2024', [{ indicator: 'gdp', value: 1 }], indicators, options(reporter)));
    expect(refused).toMatchObject({ code: 'forbidden' });
  });

  it('keeps drafts and submitted values out of evaluations until approved', async () => {
    await transitionValues(platform.db, 'submit', '640104', '2024', undefined, options(reporter));
    expect(await findApprovedValues(platform.db, { orgs: ['640104'], indicators: ['gdp'] })).toEqual([]);
    expect(await failure(transitionValues(platform.db, 'approve', '640104', '2024', undefined, options(reporter)))).toMatchObject({ code: 'forbidden' });
    await transitionValues(platform.db, 'approve', '640104', '2024', undefined, options(coordinator));
    expect(await findApprovedValues(platform.db, { orgs: ['640104'], indicators: ['gdp'] })).toEqual([expect.objectContaining({ value: 900, period: '2024' })]);
  });

  it('locks an approved value: editing it or approving it again is refused with 409', async () => {
    const edit = await failure(saveDraftValues(platform.db, '640104', '2024', [{ indicator: 'gdp', value: 901 }], indicators, options(reporter)));
    expect(edit).toMatchObject({ code: 'conflict' });
    expect(edit?.httpStatus).toBe(409);
    expect(await failure(transitionValues(platform.db, 'approve', '640104', '2024', ['gdp'], options(coordinator)))).toMatchObject({ code: 'conflict' });
    expect(await failure(transitionValues(platform.db, 'unlock', '640104', '2024', ['gdp'], options(reporter)))).toMatchObject({ code: 'forbidden' });
  });

  it('lets only the coordinator unlock; a returned value goes back to draft and can be corrected', async () => {
    await transitionValues(platform.db, 'unlock', '640104', '2024', ['gdp'], options(coordinator));
    await transitionValues(platform.db, 'return', '640104', '2024', ['gdp'], { ...options(coordinator), reason: '与统计公报不一致' });
    await saveDraftValues(platform.db, '640104', '2024', [{ indicator: 'gdp', value: 905.3, unit: '亿元', source: '区统计局（修订）' }], indicators, options(reporter));
    const history = await findValueHistory(platform.db, { indicator: 'gdp', org: '640104', period: '2024' }, 'all');
    expect(history.map((row) => [row.change, row.status, Number(row.value)])).toEqual([
      ['create', 'draft', 900],
      ['submit', 'submitted', 900],
      ['approve', 'approved', 900],
      ['unlock', 'submitted', 900],
      ['return', 'draft', 900],
      ['revise', 'draft', 905.3],
    ]);
  });

  it('audits every transition with its reason', async () => {
    const rows = await findAuditRowsAfter(platform.db, null, 10_000);
    const returned = rows.find((row) => row.action === 'indicator_value.return');
    expect(returned?.after).toMatchObject({ status: 'draft', reason: '与统计公报不一致' });
  });

  it('refuses an entry with a bad value, naming the field', async () => {
    const bad = await failure(saveDraftValues(platform.db, '640104', '2024', [{ indicator: 'national_hte', value: -1 }], indicators, options(reporter)));
    expect(bad).toMatchObject({ code: 'bad_request', message: expect.stringContaining('value') });
  });
});
