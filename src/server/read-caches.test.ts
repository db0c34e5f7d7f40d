import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAreaTree } from '../areas/index.ts';
import { loadPermissionTable } from '../accounts/index.ts';
import { queryRows } from '../db/index.ts';
import { loadDemoRegistry } from '../registry/index.ts';
import { startApiPlatform, type ApiPlatform } from '../../test/api-platform.ts';
import { signIn, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { buildApp } from './app.ts';

// What a server keeps between requests (src/server/server-context.ts) must never outlive the data
// it was computed from: each case reads once (filling the cache), changes the data, and reads again.
for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`answers kept between requests on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: ApiPlatform;
    let coordinator: SignedIn;

    beforeAll(async () => {
      platform = await startApiPlatform(target);
      coordinator = await signIn(platform.app, 'coordinator');
      const permissions = await loadPermissionTable(platform.database.db);
      await loadDemoRegistry(platform.database.db, { enterprises: 30, platforms: 3, contracts: 10 }, { tree: await findAreaTree(platform.database.db), permissions });
    });

    afterAll(async () => {
      await platform?.close();
    });

    it('evaluates again once a value is imported: the next request shows it', async () => {
      const url = '/api/packs/ningxia-2022-st-action/evaluation?org=640400&as_of=2022';
      const valueOf = async () => ((await platform.app.inject({ method: 'GET', url })).json() as { targets: { indicator: string; value: number | null }[] }).targets.find((entry) => entry.indicator === 'national_hte')?.value;
      const before = await valueOf();
      expect(before).not.toBe(43);
      // A plausible figure: a city's count stays within the region's published total (a data-quality rule of the pack).
      const imported = await platform.app.inject({
        method: 'POST',
        url: '/api/indicator-values/import?file_name=hte.csv',
        headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'content-type': 'text/csv' },
        payload: 'indicator,org,period,value,unit,source\nnational_hte,640400,2022,43,家,固原市科技局\n',
      });
      expect(imported.statusCode).toBe(200);
      expect(await valueOf()).toBe(43);
    });

    it('searches again once an enterprise changes, even when the change did not come through this server', async () => {
      const search = async () => (await platform.app.inject({ method: 'GET', url: `/api/registry/enterprises?q=${encodeURIComponent('合成')}&limit=200`, headers: { cookie: coordinator.cookie } })).json() as { enterprises: { credit_code: string; name: string }[] };
      const [first] = (await search()).enterprises;
      expect(first).toBeDefined();
      await platform.database.db.execute(sql`update enterprises set name = ${'合成·改名后的企业'} where credit_code = ${first!.credit_code}`);
      expect((await search()).enterprises.find((entry) => entry.credit_code === first!.credit_code)?.name).toBe('合成·改名后的企业');
    });

    it('shows an enterprise page changed since it was last read, and audits every view of its contacts', async () => {
      const [first] = ((await platform.app.inject({ method: 'GET', url: `/api/registry/enterprises?q=${encodeURIComponent('合成')}&limit=1`, headers: { cookie: coordinator.cookie } })).json() as { enterprises: { credit_code: string }[] }).enterprises;
      const page = async () => (await platform.app.inject({ method: 'GET', url: `/api/registry/enterprises/${first!.credit_code}`, headers: { cookie: coordinator.cookie } })).json() as { enterprise: { industry: string | null; contacts_masked: boolean } };
      const views = async () => (await queryRows<{ count: number }>(platform.database.db, sql`select count(*)::int as count from audit_log where action = 'enterprise.view_contacts' and entity_id = ${first!.credit_code}`))[0]?.count ?? 0;
      const before = await views();
      expect((await page()).enterprise.contacts_masked).toBe(false);
      await platform.database.db.execute(sql`update enterprises set industry = 'M7320', contact_name = coalesce(contact_name, '张伟') where credit_code = ${first!.credit_code}`);
      expect((await page()).enterprise.industry).toBe('M7320');
      expect(await views()).toBe(before + 2);
    });

    it('ends a session signed out through another server at that server’s next request', async () => {
      const other = await buildApp({ database: platform.database, logLevel: 'silent' });
      try {
        const session = await signIn(platform.app, 'unit-reporter');
        expect((await other.inject({ method: 'GET', url: '/api/session', headers: { cookie: session.cookie } })).statusCode).toBe(200);
        const signedOut = await platform.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
        expect(signedOut.statusCode).toBe(204);
        expect((await other.inject({ method: 'GET', url: '/api/session', headers: { cookie: session.cookie } })).statusCode).toBe(401);
      } finally {
        await other.close();
      }
    });

    it('refuses at the next request an action revoked directly in the database', async () => {
      const auditor = await signIn(platform.app, 'audit-admin');
      expect((await platform.app.inject({ method: 'GET', url: '/api/packs', headers: { cookie: auditor.cookie } })).statusCode).toBe(200);
      await platform.database.db.execute(sql`delete from role_permissions where role = 'audit_admin' and action = 'policy.read'`);
      expect((await platform.app.inject({ method: 'GET', url: '/api/packs', headers: { cookie: auditor.cookie } })).statusCode).toBe(403);
    });

    it('answers the probes without reading a session or the permission table', async () => {
      await platform.database.db.execute(sql`alter table role_permissions rename to role_permissions_hidden`);
      try {
        expect((await platform.app.inject({ method: 'GET', url: '/api/live' })).json()).toEqual({ status: 'alive' });
        expect((await platform.app.inject({ method: 'GET', url: '/api/health', headers: { cookie: coordinator.cookie } })).statusCode).toBe(200);
      } finally {
        await platform.database.db.execute(sql`alter table role_permissions_hidden rename to role_permissions`);
      }
    });
  });
}

describe('probe routes', () => {
  it('refuses to register a probe whose action a permission table could change', async () => {
    const { preparePlatform } = await import('../platform/index.ts');
    const database = await preparePlatform({ dataDir: 'memory://', packsDir: new URL('../policy/fixtures', import.meta.url).pathname });
    const app = await buildApp({ database, logLevel: 'silent' });
    try {
      expect(() => app.get('/api/not-a-probe', { config: { action: 'policy.read', probe: true } }, () => ({}))).toThrow(/not fixed and granted to everyone/);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
