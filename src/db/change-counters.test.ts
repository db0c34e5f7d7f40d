import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { databaseTargets, suiteDatabase } from '../../test/databases.ts';
import { VersionedMemo, readChangeVersions, type ChangeVersions } from './change-counters.ts';
import { inTransaction } from './open-database.ts';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`change counters on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    const suite = suiteDatabase(target);

    it('moves a counter when its table changes and the change commits, and only its own', async () => {
      const before = await suite.database.changes.current();
      await suite.database.db.execute(sql`insert into role_permissions (role, action, scope) values ('coordinator', 'test.counted', 'all')`);
      const after = await suite.database.changes.current();
      expect(BigInt(after.permissions)).toBe(BigInt(before.permissions) + 1n);
      expect({ ...after, permissions: before.permissions }).toEqual(before);
    });

    it('does not move it for a change that is rolled back', async () => {
      const before = await readChangeVersions(suite.database.db);
      await expect(
        inTransaction(suite.database.db, async (tx) => {
          await tx.execute(sql`delete from role_permissions where action = 'test.counted'`);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await suite.database.changes.current()).toEqual(before);
    });

    it('counts changes to the registry, indicator values, areas and packs', async () => {
      const before = await suite.database.changes.current();
      await suite.database.db.execute(sql`update areas set name = name where code = '640100'`);
      await suite.database.db.execute(sql`delete from enterprises where credit_code = 'none'`);
      await suite.database.db.execute(sql`delete from indicator_values where org = 'none'`);
      await suite.database.db.execute(sql`delete from policy_packs where id = 'none'`);
      await suite.database.db.execute(sql`delete from sessions where token_hash = 'none'`);
      const after = await suite.database.changes.current();
      for (const name of ['areas', 'registry', 'indicator_values', 'packs', 'accounts'] as const) expect(BigInt(after[name])).toBeGreaterThan(BigInt(before[name]));
    });
  });
}

describe('VersionedMemo', () => {
  const versions = (permissions: string): ChangeVersions => ({ permissions, accounts: '0', areas: '0', packs: '0', indicator_values: '0', registry: '0' });

  it('computes once for callers that arrive together, and again when a counter it depends on moves', async () => {
    const memo = new VersionedMemo<number>(['permissions']);
    let computations = 0;
    const compute = async () => {
      computations += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return computations;
    };
    expect(await Promise.all([memo.get(versions('1'), 'k', compute), memo.get(versions('1'), 'k', compute)])).toEqual([1, 1]);
    expect(await memo.get(versions('1'), 'k', compute)).toBe(1);
    expect(await memo.get(versions('2'), 'k', compute)).toBe(2);
    // A counter it does not depend on changes nothing.
    expect(await memo.get({ ...versions('2'), registry: '9' }, 'k', compute)).toBe(2);
  });

  it('forgets a failed computation, and keeps at most its limit of entries', async () => {
    const memo = new VersionedMemo<string>(['permissions'], 2);
    await expect(memo.get(versions('1'), 'k', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await memo.get(versions('1'), 'k', async () => 'recovered')).toBe('recovered');
    await memo.get(versions('1'), 'a', async () => 'a');
    await memo.get(versions('1'), 'b', async () => 'b');
    expect(memo.size).toBe(2);
  });
});
