import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';
import { chooseEncoding } from './delivery.ts';

// A script as Vite writes it (name-[8 characters of hash].js), large enough to be worth compressing.
const script = `export const pages = ${JSON.stringify(Array.from({ length: 400 }, (_, index) => ({ page: index, title: `第${index}页` })))};\n`;
const indexHtml = '<!doctype html><title>科创</title><script type="module" src="/assets/index-AbC123_x.js"></script>';

describe('delivery: compression, cache headers and request logs', () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let webRoot: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'kechuang-delivery-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), indexHtml);
    writeFileSync(join(webRoot, 'index.html.br'), brotliCompressSync(indexHtml));
    writeFileSync(join(webRoot, 'index.html.gz'), gzipSync(indexHtml));
    // The build (web/vite.config.ts) writes the compressed variants beside each file.
    writeFileSync(join(webRoot, 'assets', 'index-AbC123_x.js'), script);
    writeFileSync(join(webRoot, 'assets', 'index-AbC123_x.js.br'), brotliCompressSync(script));
    writeFileSync(join(webRoot, 'assets', 'index-AbC123_x.js.gz'), gzipSync(script));
    database = await preparePlatform({ dataDir: 'memory://', packsDir: new URL('../policy/fixtures', import.meta.url).pathname });
    app = await buildApp({ database, webRoot, logLevel: 'info', logStream: { write: (line: string) => void logLines.push(line) } });
  });

  afterAll(async () => {
    await app.close();
    await database.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('serves hashed assets as immutable for a year and index.html (and the page fallback) uncached', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-AbC123_x.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/', '/packs/minimal-pack/targets']) {
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(page.body, url).toBe(indexHtml);
    }
  });

  it('sends the precompressed variant the browser accepts, and the plain file to one that accepts none', async () => {
    for (const [acceptEncoding, encoding, decode] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip, br;q=0', 'gzip', gunzipSync],
    ] as const) {
      const asset = await app.inject({ method: 'GET', url: '/assets/index-AbC123_x.js', headers: { 'accept-encoding': acceptEncoding } });
      expect(asset.headers['content-encoding'], acceptEncoding).toBe(encoding);
      expect(asset.headers['content-type'], acceptEncoding).toMatch(/javascript/);
      expect(asset.headers.vary, acceptEncoding).toMatch(/accept-encoding/i);
      expect(asset.rawPayload.length).toBeLessThan(script.length / 3);
      expect(decode(asset.rawPayload).toString(), acceptEncoding).toBe(script);
      const page = await app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': acceptEncoding } });
      expect(page.headers['content-encoding'], acceptEncoding).toBe(encoding);
      expect(decode(page.rawPayload).toString()).toBe(indexHtml);
    }
    const plain = await app.inject({ method: 'GET', url: '/assets/index-AbC123_x.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('compresses a large JSON answer when the client accepts it, and only then', async () => {
    const plain = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(10_000);
    for (const [acceptEncoding, encoding, decode] of [
      ['br, gzip', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      const response = await app.inject({ method: 'GET', url: '/api/docs/json', headers: { 'accept-encoding': acceptEncoding } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding'], acceptEncoding).toBe(encoding);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);
      expect(response.rawPayload.length).toBeLessThan(plain.body.length / 3);
      expect(decode(response.rawPayload).toString()).toBe(plain.body);
    }
    // A small answer is not worth the encoding.
    const small = await app.inject({ method: 'GET', url: '/api/live', headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.statusCode).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('logs one line per request at info: method, route, status and time, nothing of the request itself', async () => {
    logLines.length = 0;
    const response = await app.inject({
      method: 'GET',
      url: '/api/packs/minimal-pack?secret=query',
      headers: { 'user-agent': 'a-browser', cookie: 'kechuang_session=abc' },
    });
    expect(response.statusCode).toBe(200);
    expect(logLines).toHaveLength(1);
    const line = JSON.parse(logLines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, method: 'GET', route: '/api/packs/:id', status: 200 });
    expect(typeof line.ms).toBe('number');
    expect(Object.keys(line).sort()).toEqual(['hostname', 'level', 'method', 'ms', 'msg', 'pid', 'route', 'status', 'time']);
    expect(logLines[0]).not.toMatch(/minimal-pack|secret|a-browser|kechuang_session|reqId/);
  });

  it('chooses brotli, then gzip, and honours q=0', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*, br;q=0')).toBe('gzip');
    expect(chooseEncoding(undefined)).toBeUndefined();
  });
});

describe('request logs at debug', () => {
  it('carry the request and the answer in full', async () => {
    const database = await preparePlatform({ dataDir: 'memory://', packsDir: new URL('../policy/fixtures', import.meta.url).pathname });
    const lines: string[] = [];
    const app = await buildApp({ database, logLevel: 'debug', logStream: { write: (line: string) => void lines.push(line) } });
    try {
      lines.length = 0;
      expect((await app.inject({ method: 'GET', url: '/api/packs/minimal-pack' })).statusCode).toBe(200);
      const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(parsed.find((line) => line.msg === 'incoming request')).toMatchObject({ level: 20, req: { method: 'GET', url: '/api/packs/minimal-pack' } });
      expect(parsed.find((line) => line.msg === 'request completed')).toMatchObject({ level: 20, res: { statusCode: 200 } });
      expect(parsed.filter((line) => line.level === 30)).toHaveLength(1);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
