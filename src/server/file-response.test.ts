/**
 * Query parameters are checked before they reach a header: a period with a line break in it is
 * refused (400) instead of being written into Content-Disposition (header injection; a raw 500
 * before), and a file name outside ASCII is sent in both forms browsers read.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';
import { sendFile } from './file-response.ts';

describe('files sent as downloads', () => {
  let database: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    database = await preparePlatform({ dataDir: 'memory://' });
    app = await buildApp({ database, logLevel: 'silent' });
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('refuses a period with a line break before it reaches the file name', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/packs/ningxia-2022-st-action/indicators/gdp/areas.xlsx?parent=640000&period=2020%0d%0aSet-Cookie:%20x=1' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect((response.json() as { error: { code: string } }).error.code).toBe('bad_request');
  });

  it('sends a Chinese file name as ASCII and as RFC 5987, with nothing that could break the header', async () => {
    const server = Fastify();
    server.get('/file', (_request, reply) => sendFile(reply, { fileName: '评估"表\r\n.xlsx', mediaType: 'text/plain', content: Buffer.from('x') }));
    const response = await server.inject({ method: 'GET', url: '/file' });
    expect(response.headers['content-disposition']).toBe(`attachment; filename="______.xlsx"; filename*=UTF-8''${encodeURIComponent('评估"表\r\n.xlsx')}`);
    await server.close();
  });
});
