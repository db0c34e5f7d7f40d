/**
 * Concurrent first writes answer 201 or a clear 409 naming the field, never 500: the check
 * before an insert sees nothing while another request inserts the same key (PostgreSQL; PGlite
 * serialises everything, so there the check itself answers).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/accounts.ts';
import { startApiPlatform, type ApiPlatform } from '../../test/api-platform.ts';
import { databaseTargets } from '../../test/databases.ts';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`concurrent first writes on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: ApiPlatform | undefined;
    let app: FastifyInstance;

    beforeAll(async () => {
      platform = await startApiPlatform(target, { fixturePacks: true });
      ({ app } = platform);
    });

    afterAll(() => platform?.close());

    it('creates one account of twenty created at once under one name, and answers the others 409 naming the user name', async () => {
      const admin = await signIn(app, 'system-admin');
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          app.inject({ method: 'POST', url: '/api/accounts', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: { username: 'same-name', role: 'coordinator' } }),
        ),
      );
      const statuses = responses.map((response) => response.statusCode).sort();
      expect(statuses).toEqual([201, ...Array.from({ length: 19 }, () => 409)]);
      for (const response of responses.filter((candidate) => candidate.statusCode === 409)) {
        const error = (response.json() as { error: { code: string; message: string } }).error;
        expect(error.code).toBe('conflict');
        expect(error.message).toMatch(/用户名/);
      }
    });
  });
}
