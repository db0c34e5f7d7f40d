import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';

describe('serving the web app beside the API', () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'kechuang-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>科创</title>');
    writeFileSync(join(webRoot, 'assets', 'app.js'), 'export {};');
    database = await preparePlatform({ dataDir: 'memory://', packsDir: new URL('../policy/fixtures', import.meta.url).pathname });
    app = await buildApp({ database, webRoot, logLevel: 'silent' });
  });

  afterAll(async () => {
    await app.close();
    await database.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('serves index.html at the root and for every client-side route', async () => {
    for (const url of ['/', '/packs/minimal-pack/tasks?unit=finance-department', '/packs/minimal-pack/units/gov-640100']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<title>科创</title>');
    }
  });

  it('serves built files and answers a missing file with 404, not the page', async () => {
    expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(200);
    const missing = await app.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('never answers an unknown API path with the page', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/packs/minimal-pack/nothing' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/json');
  });
});
