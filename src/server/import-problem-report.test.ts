/**
 * Problem reports are capped: a refused import answers with the first 1,000 problems, their total
 * and a flag, and the full list comes as a CSV from the same body (`…/import/problems.csv`,
 * checked as a dry run). Before, every problem was in the JSON answer: a 34 MB file gave 220 MB.
 */
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type SignedIn } from '../../test/accounts.ts';
import { startApiPlatform, type ApiPlatform } from '../../test/api-platform.ts';
import { databaseTargets } from '../../test/databases.ts';
import { errorBodySchema } from '../shared/error-contract.ts';
import { body } from './error-handler.ts';

const badRows = 5_000;

/** 5,000 value rows, each with one problem: an indicator code no pack knows. */
const valueFile = ['indicator,org,period,value', ...Array.from({ length: badRows }, (_, index) => `no_such_indicator_${index},640000,2024,1`)].join('\n');
/** 5,000 enterprises, each with one problem: a credit code one character short. */
const enterpriseFile = ['credit_code,name,org', ...Array.from({ length: badRows }, (_, index) => `91640100MA7${String(index).padStart(6, '0')},企业${index},640104`)].join('\n');

interface Report {
  problems: { line: number; field: string; message: string }[];
  problems_total: number;
  problems_truncated: boolean;
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`capped problem reports on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: ApiPlatform | undefined;
    let app: FastifyInstance;
    let coordinator: SignedIn;
    const post = (url: string, payload: string) => app.inject({ method: 'POST', url, headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'content-type': 'text/csv' }, payload });

    beforeAll(async () => {
      platform = await startApiPlatform(target, { fixturePacks: true });
      ({ app } = platform);
      coordinator = await signIn(app, 'coordinator');
    });

    afterAll(() => platform?.close());

    const cases = [
      { name: 'indicator values', importUrl: '/api/indicator-values/import?file_name=values.csv', problemsUrl: '/api/indicator-values/import/problems.csv?file_name=values.csv', file: valueFile, field: 'indicator' },
      { name: 'enterprises', importUrl: '/api/registry/enterprises/import?file_name=firms.csv', problemsUrl: '/api/registry/enterprises/import/problems.csv?file_name=firms.csv', file: enterpriseFile, field: 'credit_code' },
    ];

    for (const { name, importUrl, problemsUrl, file, field } of cases) {
      it(`answers a file of ${name} with ${badRows} bad rows with the first 1,000 problems and the total, and gives all ${badRows} as a file`, async () => {
        const refused = await post(importUrl, file);
        expect(refused.statusCode).toBe(422);
        const report = refused.json() as Report;
        expect(report.problems).toHaveLength(1_000);
        expect(report.problems_total).toBe(badRows);
        expect(report.problems_truncated).toBe(true);
        expect(report.problems[0]).toMatchObject({ line: 2, field });
        expect(report.problems.at(-1)?.line).toBe(1_001);

        const full = await post(problemsUrl, file);
        expect(full.statusCode).toBe(200);
        expect(full.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(full.headers['content-disposition']).toContain('-problems.csv');
        expect(full.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
        const rows = parse(full.rawPayload, { bom: true }) as string[][];
        expect(rows[0]).toEqual(['行', '列', '问题', 'problem']);
        expect(rows).toHaveLength(badRows + 1);
        expect(rows.at(-1)?.slice(0, 2)).toEqual([String(badRows + 1), field]);
      });
    }

    it('answers a file with few problems in full, not truncated, and its problems file has them all', async () => {
      const refused = await post('/api/indicator-values/import?file_name=two.csv', 'indicator,org,period,value\nnope,640000,2024,1\nnope2,640000,2024,1\n');
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ problems_total: 2, problems_truncated: false });
      expect((refused.json() as Report).problems).toHaveLength(2);
      const good = await post('/api/indicator-values/import/problems.csv?file_name=none.csv', 'indicator,org,period,value\n');
      // No data rows is itself a problem of the file: one line, naming the file.
      expect(parse(good.rawPayload, { bom: true })).toEqual([['行', '列', '问题', 'problem'], ['0', 'file', 'none.csv：没有数据行', 'none.csv: no data rows']]);
    });

    it('neutralises a cell that would run as a formula when the problems file is opened in Excel', async () => {
      const full = await post('/api/indicator-values/import/problems.csv?file_name=formula.csv', 'indicator,org,period,value\n=1+2,640000,2024,1\n@SUM(1),640000,2024,1\n');
      const rows = parse(full.rawPayload, { bom: true }) as string[][];
      expect(rows.slice(1).map((row) => row[2])).toEqual(['formula.csv:2 indicator：未知指标代码“=1+2”', 'formula.csv:3 indicator：未知指标代码“@SUM(1)”']);
      // A message that begins with the file's name cannot begin with "=", but a file named so can.
      const named = await post('/api/indicator-values/import/problems.csv?file_name=%3Dcmd.csv', 'indicator,org,period,value\nnope,640000,2024,1\n');
      expect((parse(named.rawPayload, { bom: true }) as string[][])[1]?.[2]).toMatch(/^'=cmd\.csv:2 /);
    });

    it('writes nothing when the problems file is asked for a good file', async () => {
      const full = await post('/api/registry/enterprises/import/problems.csv?file_name=good.csv', 'credit_code,name,org\n91640100MA76KPXX3L,合法企业,640104\n');
      expect(full.statusCode).toBe(200);
      expect(parse(full.rawPayload, { bom: true })).toEqual([['行', '列', '问题', 'problem']]);
      const listed = await app.inject({ method: 'GET', url: '/api/registry/enterprises?q=合法企业', headers: { cookie: coordinator.cookie } });
      expect((listed.json() as { total: number }).total).toBe(0);
    });
  });
}

describe('the error body caps a list of details as imports cap their problems', () => {
  it('keeps the first 1,000 entries, with their total and a flag, and leaves a short list as it is', () => {
    const rows = Array.from({ length: 5_000 }, (_, index) => ({ line: index + 2 }));
    const capped = body('bad_request', '导入失败', 'import failed', 'request-1', rows);
    expect(capped.error.details).toHaveLength(1_000);
    expect(capped.error).toMatchObject({ details_total: 5_000, details_truncated: true });
    expect(errorBodySchema.parse(capped)).toEqual(capped);
    const short = body('bad_request', '导入失败', 'import failed', 'request-2', rows.slice(0, 3));
    expect(short.error).toEqual({ code: 'bad_request', message: '导入失败', message_en: 'import failed', request_id: 'request-2', details: rows.slice(0, 3) });
  });
});
