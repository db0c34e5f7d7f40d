/**
 * Many first writes of the same new key at once, through the routes: every answer is 200 (or a
 * clear 409), never 500, and the data ends consistent — one row per key, one creation in its
 * history. The race only exists on PostgreSQL (PGlite serialises everything); there the same
 * checks hold trivially.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type SignedIn } from '../../test/accounts.ts';
import { startApiPlatform, type ApiPlatform } from '../../test/api-platform.ts';
import { databaseTargets } from '../../test/databases.ts';
import { queryRows, type DatabaseHandle } from '../db/index.ts';

const concurrentRequests = 100;

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`concurrent first writes through imports on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: ApiPlatform | undefined;
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let coordinator: SignedIn;

    beforeAll(async () => {
      platform = await startApiPlatform(target);
      ({ app, database } = platform);
      coordinator = await signIn(app, 'coordinator');
    });

    afterAll(() => platform?.close());

    const upload = (url: string, csv: string) =>
      app.inject({ method: 'POST', url, headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'content-type': 'text/csv' }, payload: csv });

    it(`imports one new enterprise file ${concurrentRequests} times at once: all 200, one record, one creation in its history`, async () => {
      const csv = 'credit_code,name,org\n91640100MA76543219,银川某科技有限公司,640104\n91640200MA7654322H,石嘴山某科技有限公司,640202\n';
      const responses = await Promise.all(Array.from({ length: concurrentRequests }, () => upload('/api/registry/enterprises/import?file_name=same.csv', csv)));
      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.filter((status) => status !== 200), JSON.stringify(responses.find((response) => response.statusCode !== 200)?.json())).toEqual([]);
      const reports = responses.map((response) => response.json() as { created: number; updated: number; unchanged: number });
      // Each record was created by exactly one import; every other import found it unchanged.
      expect(reports.reduce((sum, report) => sum + report.created, 0)).toBe(2);
      expect(reports.reduce((sum, report) => sum + report.unchanged, 0)).toBe(2 * concurrentRequests - 2);
      const records = await queryRows<{ credit_code: string }>(database.db, sql`select credit_code from enterprises where credit_code in ('91640100MA76543219', '91640200MA7654322H') order by credit_code`);
      expect(records.map((row) => row.credit_code)).toEqual(['91640100MA76543219', '91640200MA7654322H']);
      const history = await queryRows<{ key: string; change: string }>(database.db, sql`select key, change from registry_history where key in ('91640100MA76543219', '91640200MA7654322H') order by key`);
      expect(history).toEqual([
        { key: '91640100MA76543219', change: 'create' },
        { key: '91640200MA7654322H', change: 'create' },
      ]);
      const audited = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from audit_log where action = 'registry.import' and entity_id = 'same.csv'`);
      expect(audited[0]?.count).toBe(concurrentRequests);
    });

    it(`saves the same new draft value ${concurrentRequests} times at once: 200 or 409, one row, its revisions numbered without gaps`, async () => {
      const reporter = await signIn(app, 'area-reporter');
      const key = { org: '640104', period: '2018' };
      const before = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from indicator_values where indicator = 'tech_smes' and org = ${key.org} and period = ${key.period}`);
      expect(before[0]?.count).toBe(0);
      const responses = await Promise.all(
        Array.from({ length: concurrentRequests }, (_, index) =>
          app.inject({ method: 'PUT', url: '/api/indicator-values', headers: { cookie: reporter.cookie, 'x-csrf-token': reporter.csrf }, payload: { ...key, values: [{ indicator: 'tech_smes', value: 100 + index }] } }),
        ),
      );
      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.filter((status) => status !== 200 && status !== 409), JSON.stringify(responses.find((response) => response.statusCode >= 500)?.json())).toEqual([]);
      const saved = statuses.filter((status) => status === 200).length;
      expect(saved).toBeGreaterThan(0);
      const rows = await queryRows<{ revision: number }>(database.db, sql`select revision from indicator_values where indicator = 'tech_smes' and org = ${key.org} and period = ${key.period}`);
      expect(rows).toEqual([{ revision: saved }]);
      const revisions = await queryRows<{ revision: number; change: string }>(database.db, sql`select revision, change from indicator_value_revisions where indicator = 'tech_smes' and org = ${key.org} and period = ${key.period} order by revision`);
      expect(revisions).toEqual(Array.from({ length: saved }, (_, index) => ({ revision: index + 1, change: index === 0 ? 'create' : 'revise' })));
    });

    it(`imports the same new indicator values ${concurrentRequests} times at once: 200 or 409, one row and one creation per key`, async () => {
      const keys = [
        ['rd_intensity', '640104', '2019'],
        ['rd_intensity', '640105', '2019'],
      ] as const;
      const before = await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from indicator_values where indicator = 'rd_intensity' and org in ('640104', '640105') and period = '2019'`);
      expect(before[0]?.count).toBe(0);
      const csv = `indicator,org,period,value,unit,source\n${keys.map(([indicator, org, period]) => `${indicator},${org},${period},1.5,%,测试来源`).join('\n')}\n`;
      const responses = await Promise.all(Array.from({ length: concurrentRequests }, () => upload('/api/indicator-values/import?file_name=same-values.csv', csv)));
      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.filter((status) => status !== 200 && status !== 409), JSON.stringify(responses.find((response) => response.statusCode >= 500)?.json())).toEqual([]);
      const succeeded = responses.filter((response) => response.statusCode === 200).map((response) => response.json() as { inserted: number; revised: number });
      expect(succeeded.length).toBeGreaterThan(0);
      expect(succeeded.reduce((sum, report) => sum + report.inserted, 0)).toBe(keys.length);
      expect(succeeded.reduce((sum, report) => sum + report.revised, 0)).toBe(0);
      const rows = await queryRows<{ org: string; revision: number; value: string }>(database.db, sql`select org, revision, value::text as value from indicator_values where indicator = 'rd_intensity' and org in ('640104', '640105') and period = '2019' order by org`);
      expect(rows).toEqual([
        { org: '640104', revision: 1, value: '1.5' },
        { org: '640105', revision: 1, value: '1.5' },
      ]);
      const revisions = await queryRows<{ org: string; change: string }>(database.db, sql`select org, change from indicator_value_revisions where indicator = 'rd_intensity' and org in ('640104', '640105') and period = '2019' order by org`);
      expect(revisions).toEqual([
        { org: '640104', change: 'create' },
        { org: '640105', change: 'create' },
      ]);
    });
  });
}
