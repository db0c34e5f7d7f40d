import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import type { z } from 'zod';
import { areaDetailSchema, areaListSchema } from '../areas/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import {
  clauseListSchema,
  clauseWithCitationsSchema,
  incentiveListSchema,
  indicatorListSchema,
  packListSchema,
  packSchema,
  targetListSchema,
  taskListSchema,
  unitDetailSchema,
  unitListSchema,
} from '../policy/index.ts';
import { buildApp } from './app.ts';

const fixturePacks = new URL('../policy/fixtures', import.meta.url).pathname;

// The same suite on every database: PGlite always, PostgreSQL when the CI provides one.
for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`HTTP API on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform({ ...created.options, packsDir: fixturePacks });
      app = await buildApp({ database, logLevel: 'silent' });
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
    });

    const get = async (url: string) => {
      const response = await app.inject({ method: 'GET', url });
      return { status: response.statusCode, body: response.json() as Record<string, unknown> };
    };

    it('answers health with the database in use', async () => {
      expect(await get('/api/health')).toEqual({ status: 200, body: { status: 'ok', database: target.name, packs: 1 } });
    });

    it('lists the loaded packs with counts', async () => {
      const { body } = await get('/api/packs');
      expect(body.packs).toEqual([expect.objectContaining({ id: 'minimal-pack', issued: '2024-01-15', counts: expect.objectContaining({ clauses: 2, tasks: 1, measures: 2 }) })]);
    });

    it('exports the whole pack as the contract shapes it', async () => {
      const { status, body } = await get('/api/packs/minimal-pack');
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: 'minimal-pack', title: expect.any(String), issued: '2024-01-15', expires: '2026-12-31' });
      expect(body.clauses).toContainEqual(expect.objectContaining({ number: 2, section: 2, title: '支持企业研发' }));
      expect(body.tasks).toEqual([expect.objectContaining({ clause: 2, lead_units: ['science-technology-department'], co_units: ['finance-department', 'all-area-governments'] })]);
    });

    it('serves one clause with what cites it', async () => {
      const { body } = await get('/api/packs/minimal-pack/clauses/1');
      expect(body.clause).toMatchObject({ number: 1, label: '(一)' });
      expect((body.targets as unknown[]).length).toBe(2);
    });

    it('filters tasks by a unit, counting group membership', async () => {
      const direct = await get('/api/packs/minimal-pack/tasks?unit=finance-department');
      expect(direct.body.tasks).toEqual([expect.objectContaining({ id: 'task-02', role: 'co' })]);
      const viaGroup = await get('/api/packs/minimal-pack/units/gov-640104');
      expect(viaGroup.body.responsibilities).toContainEqual(expect.objectContaining({ measure_id: 'm-02-02', role: 'lead', via_group: 'all-area-governments' }));
    });

    it('serves targets with their indicator names and units', async () => {
      const { body } = await get('/api/packs/minimal-pack/targets');
      expect(body.targets).toContainEqual(expect.objectContaining({ id: 'target-rd-intensity-2026', indicator_name: '研发投入强度', indicator_unit: '%', org: '640000' }));
    });

    it('serves the area tree with the national benchmark area', async () => {
      const { body } = await get('/api/areas');
      const areas = body.areas as { code: string; level: string }[];
      expect(areas).toHaveLength(1 + 1 + 5 + 22);
      expect(areas.find((area) => area.code === '100000')?.level).toBe('country');
      const yinchuan = await get('/api/areas/640100');
      expect((yinchuan.body.children as unknown[]).length).toBe(6);
    });

    it('answers unknown packs, clauses, units and routes with 404 and a clear message', async () => {
      for (const url of ['/api/packs/nope', '/api/packs/minimal-pack/clauses/99', '/api/packs/minimal-pack/units/nobody', '/api/nothing-here']) {
        const { status, body } = await get(url);
        expect(status, url).toBe(404);
        expect(body.error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/^找不到/), message_en: expect.any(String) });
      }
    });

    it('answers bad parameters with 400 naming the field', async () => {
      const { status, body } = await get('/api/areas/64');
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('code') });
    });

    it('answers every public policy and area route exactly as its contract says', async () => {
      const routes: [string, z.ZodType][] = [
        ['/api/packs', packListSchema],
        ['/api/packs/minimal-pack', packSchema],
        ['/api/packs/minimal-pack/clauses', clauseListSchema],
        ['/api/packs/minimal-pack/clauses/2', clauseWithCitationsSchema],
        ['/api/packs/minimal-pack/targets', targetListSchema],
        ['/api/packs/minimal-pack/indicators', indicatorListSchema],
        ['/api/packs/minimal-pack/tasks', taskListSchema],
        ['/api/packs/minimal-pack/tasks?unit=gov-640104', taskListSchema],
        ['/api/packs/minimal-pack/units', unitListSchema],
        ['/api/packs/minimal-pack/units/gov-640104', unitDetailSchema],
        ['/api/packs/minimal-pack/incentives', incentiveListSchema],
        ['/api/areas', areaListSchema],
        ['/api/areas/640104', areaDetailSchema],
      ];
      for (const [url, schema] of routes) {
        const { status, body } = await get(url);
        expect(status, url).toBe(200);
        // Strict: the answer carries the contract's fields and nothing else.
        const parsed = schema.safeParse(body, { reportInput: true });
        expect(parsed.error?.issues ?? [], url).toEqual([]);
        expect(JSON.parse(JSON.stringify(parsed.data)), url).toEqual(body);
      }
    });

    it('gives every task its clause label, in the whole pack and beside a clause', async () => {
      const { body } = await get('/api/packs/minimal-pack');
      expect(body.tasks).toEqual([expect.objectContaining({ clause_label: '(二)' })]);
      const { body: clause } = await get('/api/packs/minimal-pack/clauses/2');
      expect(clause.tasks).toEqual([expect.objectContaining({ id: 'task-02', clause_label: '(二)' })]);
    });

    it('publishes the OpenAPI description', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
      expect(response.statusCode).toBe(200);
      expect(Object.keys((response.json() as { paths: object }).paths)).toContain('/api/packs/{id}/tasks');
    });
  });
}
