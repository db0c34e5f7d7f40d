/**
 * Every route that answers with a file and takes parameters, probed with a CRLF and a Set-Cookie
 * line in each parameter (the corpus's "CRLF in a period"): the answer is a clear 400 naming the
 * parameter, or — for free text that never reaches a header (a search) — the file, with nothing
 * injected into its headers. Never a 500. (A period once went raw into Content-Disposition.)
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type SignedIn } from '../../test/accounts.ts';
import { startApiPlatform, type ApiPlatform } from '../../test/api-platform.ts';
import { databaseTargets } from '../../test/databases.ts';

const injected = '\r\nSet-Cookie: kc_session=stolen';

interface FileRoute {
  method: 'GET' | 'POST';
  path: string;
  /** Valid values of its parameters; each is probed with the injection appended. */
  query: Record<string, string>;
  /** Parameters of free text that reach no header: the file may be answered, its headers clean. */
  freeText?: string[];
  as: string;
  body?: string;
}

const routes: FileRoute[] = [
  { method: 'GET', path: '/api/packs/ningxia-2022-st-action/evaluation.xlsx', query: { org: '640000', as_of: '2023' }, as: 'coordinator' },
  { method: 'GET', path: '/api/packs/ningxia-2022-st-action/evaluation/report.docx', query: { org: '640000', as_of: '2023' }, as: 'coordinator' },
  { method: 'GET', path: '/api/packs/ningxia-2022-st-action/indicators/gdp/areas.xlsx', query: { parent: '640000', period: '2020' }, as: 'coordinator' },
  { method: 'GET', path: '/api/registry/enterprises/export.xlsx', query: { q: '宁夏', org: '640104', unmask: 'false' }, freeText: ['q'], as: 'coordinator' },
  { method: 'GET', path: '/api/registry/platforms/export.xlsx', query: { q: '枸杞', org: '640104', type: '工程技术研究中心' }, freeText: ['q'], as: 'coordinator' },
  { method: 'GET', path: '/api/registry/tech-contracts/export.xlsx', query: { q: '枸杞', org: '640104', year: '2023' }, freeText: ['q'], as: 'coordinator' },
  { method: 'GET', path: '/api/registry/tech-contracts/turnover.xlsx', query: { year: '2023', org: '640000' }, as: 'coordinator' },
  { method: 'GET', path: '/api/registry/pipeline/candidates.xlsx', query: { from: '2019', to: '2024' }, as: 'coordinator' },
  { method: 'GET', path: '/api/calc/enterprises/91640100MA7DEM001Q/report.docx', query: { year: '2024' }, as: 'coordinator' },
  { method: 'GET', path: '/api/registry/indicators.xlsx', query: { year: '2023', org: '640000' }, as: 'coordinator' },
  { method: 'GET', path: '/api/audit/export.csv', query: { actor: 'coordinator', entity_type: 'account', action: 'session.login' }, freeText: ['actor', 'entity_type', 'action'], as: 'audit-admin' },
  { method: 'POST', path: '/api/indicator-values/import/problems.csv', query: { file_name: 'values.csv' }, as: 'coordinator', body: 'indicator,org,period,value\nnope,640000,2024,1\n' },
  { method: 'POST', path: '/api/registry/enterprises/import/problems.csv', query: { file_name: 'firms.csv' }, as: 'coordinator', body: 'credit_code,name,org\nX,企业,640104\n' },
  { method: 'POST', path: '/api/indicator-values/import', query: { file_name: 'values.csv' }, as: 'coordinator', body: 'indicator,org,period,value\nnope,640000,2024,1\n' },
  { method: 'POST', path: '/api/registry/enterprises/import', query: { file_name: 'firms.csv' }, as: 'coordinator', body: 'credit_code,name,org\nX,企业,640104\n' },
];

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`file routes refuse a CRLF in a parameter on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: ApiPlatform | undefined;
    let app: FastifyInstance;
    const sessions = new Map<string, SignedIn>();

    beforeAll(async () => {
      platform = await startApiPlatform(target);
      ({ app } = platform);
      for (const name of new Set(routes.map((route) => route.as))) sessions.set(name, await signIn(app, name));
    });

    afterAll(() => platform?.close());

    for (const route of routes) {
      it(`${route.method} ${route.path}: each parameter with a CRLF is a clear 400 (or a clean file for free text), never a 500`, async () => {
        const session = sessions.get(route.as)!;
        const send = (query: Record<string, string>) =>
          app.inject({
            method: route.method,
            url: `${route.path}?${new URLSearchParams(query).toString()}`,
            headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(route.body === undefined ? {} : { 'content-type': 'text/csv' }) },
            ...(route.body === undefined ? {} : { payload: route.body }),
          });
        // The valid request answers (a file, or the import's report of the bad rows): the probes below are refused for the parameter alone.
        expect((await send(route.query)).statusCode).toBeLessThan(500);
        for (const name of Object.keys(route.query)) {
          const response = await send({ ...route.query, [name]: `${route.query[name]}${injected}` });
          const where = `${route.path} ${name}: ${response.statusCode} ${response.body.slice(0, 200)}`;
          expect(response.headers['set-cookie'], where).toBeUndefined();
          for (const value of Object.values(response.headers)) expect(String(value), where).not.toMatch(/[\r\n]/);
          if (route.freeText?.includes(name) && response.statusCode === 200) continue;
          expect(response.statusCode, where).toBe(400);
          const body = response.json() as { error: { code: string; message: string } };
          expect(body.error.code, where).toBe('bad_request');
          expect(body.error.message, where).toContain(name);
        }
      });
    }
  });
}
