import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSecuritySettings } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';

describe('HTTP hardening', () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await preparePlatform({ dataDir: 'memory://', packsDir: new URL('../policy/fixtures', import.meta.url).pathname });
    app = await buildApp({ database, logLevel: 'silent' });
    app.get('/api/test-crash', { config: { action: 'health.read' } }, async () => {
      throw new Error('secret internal detail at /srv/db');
    });
  });

  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('sends a CSP that allows no inline script, and the usual security headers', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never sends a stack trace: an unexpected failure is a generic message with the request id', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test-crash' });
    expect(response.statusCode).toBe(500);
    const body = response.json() as { error: { code: string; message: string; request_id: string } };
    expect(body.error.code).toBe('internal');
    expect(JSON.stringify(body)).not.toContain('secret internal detail');
    expect(body.error.message).toContain(body.error.request_id);
  });

  it('refuses a body over the size limit', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }) });
    expect(response.statusCode).toBe(413);
    expect((response.json() as { error: { code: string } }).error.code).toBe('bad_request');
  });

  it('rate-limits sign-in attempts', async () => {
    // An app of its own, so that no other test's request counts against the limit.
    const limitedApp = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 3 } });
    const attempt = () => limitedApp.inject({ method: 'POST', url: '/api/session', payload: { username: 'someone', password: 'Wrong-pass-1' } });
    for (let index = 0; index < 3; index += 1) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    await limitedApp.close();
    expect(limited.statusCode).toBe(429);
    expect((limited.json() as { error: { code: string; message: string } }).error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('请求过于频繁') });
  });
});
