/**
 * One contract: every API route declares the schema of its successful answer, so that the answer
 * is serialised through it (the whitelist of what leaves the server), OpenAPI at /api/docs
 * describes it, and the web's types come from the same zod schemas.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';

interface OpenApiOperation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

describe('the API contract', () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await preparePlatform({ dataDir: 'memory://' });
    app = await buildApp({ database, logLevel: 'silent' });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('declares the successful response of every API route in OpenAPI', () => {
    const document = app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> };
    const missing: string[] = [];
    for (const route of app.registeredRoutes) {
      if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) continue;
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      const success = Object.entries(operation?.responses ?? {}).find(([status]) => /^2\d\d$/.test(status));
      const declared = success !== undefined && Object.values(success[1].content ?? {}).some((media) => media.schema !== undefined);
      if (!declared && success?.[0] !== '204') missing.push(`${route.method} ${route.url}`);
    }
    expect(missing).toEqual([]);
  });
});
