/**
 * Indicator values are read strictly and within bounds, through the routes: 1e308, Infinity,
 * NaN, hex and counts of 家 or 个 that are not whole numbers are refused, naming the row and the
 * field, and nothing of the file is written; a form's JSON number beyond the bounds is refused too.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/accounts.ts';
import { startApiPlatform, type ApiPlatform } from '../../test/api-platform.ts';
import { databaseTargets } from '../../test/databases.ts';
import { queryRows, type DatabaseHandle } from '../db/index.ts';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`indicator value bounds on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: ApiPlatform | undefined;
    let app: FastifyInstance;
    let database: DatabaseHandle;

    beforeAll(async () => {
      platform = await startApiPlatform(target);
      ({ app, database } = platform);
    });

    afterAll(() => platform?.close());

    const storedFor = async (org: string) => (await queryRows<{ count: number }>(database.db, sql`select count(*)::int as count from indicator_values where org = ${org}`))[0]?.count;

    it('refuses 1e308, Infinity, NaN, hex and a fractional count in a file, naming each row and field, and writes nothing', async () => {
      const coordinator = await signIn(app, 'coordinator');
      const before = await storedFor('640181');
      const values = [
        ['gdp', '1e308'],
        ['gdp', 'Infinity'],
        ['gdp', '-Infinity'],
        ['gdp', 'NaN'],
        ['gdp', '0x10'],
        ['tech_smes', '12.5'],
        ['national_hitech_zones', '0.5'],
      ];
      const csv = `indicator,org,period,value,unit,source\n${values.map(([indicator, value], index) => `${indicator},640181,${2010 + index},${value},,test`).join('\n')}\ntech_smes,640181,2020,12,家,test\n`;
      const response = await app.inject({ method: 'POST', url: '/api/indicator-values/import?file_name=bounds.csv', headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'content-type': 'text/csv' }, payload: csv });
      expect(response.statusCode).toBe(422);
      const report = response.json() as { inserted: number; problems: { line: number; field: string; message: string }[] };
      expect(report.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual(values.map((_, index) => `${index + 2} value`));
      expect(report.problems[5]?.message).toBe('bounds.csv:7 value：家数应为整数（12.5）');
      expect(report.problems[6]?.message).toBe('bounds.csv:8 value：个数应为整数（0.5）');
      expect(report.inserted).toBe(0);
      expect(await storedFor('640181')).toBe(before);
    });

    it('refuses a JSON number beyond the bounds, or a fractional count, on the entry form', async () => {
      const reporter = await signIn(app, 'area-reporter');
      const save = (indicator: string, value: number) =>
        app.inject({ method: 'PUT', url: '/api/indicator-values', headers: { cookie: reporter.cookie, 'x-csrf-token': reporter.csrf }, payload: { org: '640104', period: '2023', values: [{ indicator, value }] } });
      const huge = await save('gdp', 1e308);
      expect(huge.statusCode).toBe(400);
      expect((huge.json() as { error: { message: string } }).error.message).toContain('数值过大');
      const fractional = await save('tech_smes', 12.5);
      expect(fractional.statusCode).toBe(400);
      expect((fractional.json() as { error: { message: string } }).error.message).toContain('家数应为整数（12.5）');
      expect((await save('tech_smes', 12)).statusCode).toBe(200);
    });
  });
}
