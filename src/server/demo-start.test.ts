/**
 * A fresh start in demo mode as the demo accounts meet it: the enterprise account, after its
 * first-login password change, opens its own enterprise (我的企业) — a synthetic firm of the
 * generated register with certificates valid today and three years of financials — rather than a
 * 404; and no generated date lies after today.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { defaultSecuritySettings, demoCreditCode, type DemoAccount } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { queryRows } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { currentYear, today } from '../shared/index.ts';
import { sql } from 'drizzle-orm';
import { buildApp } from './app.ts';

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`demo start on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle & { demoAccounts: DemoAccount[] };
    let drop: () => Promise<void>;
    let folder: string;
    const started = new Date();

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      folder = mkdtempSync(join(tmpdir(), 'kechuang-demo-start-'));
      database = await preparePlatform({ ...created.options, demoAccountsFile: join(folder, 'demo-accounts.txt'), demoRegistryEnterprises: 200 });
      app = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 1000 } });
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    it('opens the demo enterprise account on its own enterprise, with certificates valid today and three years of financials', async () => {
      const account = database.demoAccounts.find((entry) => entry.role === 'enterprise_user');
      if (!account) throw new Error('no demo enterprise account');
      const session = await signIn(app, account.username, account.password);
      expect(session.status).toBe(200);
      const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf };
      const changed = await app.inject({ method: 'POST', url: '/api/account/password', headers, payload: { current_password: account.password, new_password: 'Demo-enterprise-2' } });
      expect(changed.statusCode).toBe(204);

      const response = await app.inject({ method: 'GET', url: `/api/registry/enterprises/${demoCreditCode}`, headers });
      expect(response.statusCode).toBe(200);
      const detail = response.json() as { enterprise: { name: string; synthetic: boolean; years: Record<string, { revenue?: string }> }; certifications: { type: string; valid_today: boolean }[] };
      expect(detail.enterprise.name.startsWith('合成·')).toBe(true);
      expect(detail.enterprise.synthetic).toBe(true);
      const year = currentYear(started);
      expect(Object.keys(detail.enterprise.years).sort()).toEqual([String(year - 3), String(year - 2), String(year - 1)]);
      expect(Object.values(detail.enterprise.years).every((entry) => entry.revenue !== undefined)).toBe(true);
      expect(detail.certifications.filter((certification) => certification.valid_today).map((certification) => certification.type)).toContain('national_hte');
      expect(detail.certifications.filter((certification) => certification.type === 'tech_sme').length).toBeGreaterThanOrEqual(2);

      // The same firm in the list it may see: itself and nothing else.
      const list = (await app.inject({ method: 'GET', url: '/api/registry/enterprises', headers })).json() as { total: number; enterprises: { credit_code: string }[] };
      expect(list.enterprises.map((entry) => entry.credit_code)).toEqual([demoCreditCode]);
      expect(list.total).toBe(1);
    });

    it('generates no date after today (Beijing)', async () => {
      const day = today(new Date());
      const [latest] = await queryRows<{ evaluation: string | null; certification: string | null; contract: string | null; approved: string | null; founded: string | null }>(
        database.db,
        sql`select (select max(e->>'date') from platforms p cross join jsonb_array_elements(p.evaluations) e) as evaluation,
                   (select max(valid_from)::text from certifications) as certification,
                   (select max(registered_on)::text from tech_contracts) as contract,
                   (select max(approved_on)::text from platforms) as approved,
                   (select max(founded)::text from enterprises) as founded`,
      );
      for (const [field, date] of Object.entries(latest ?? {})) {
        expect(date, field).not.toBeNull();
        expect(date! <= day, `${field} ${date} after ${day}`).toBe(true);
      }
    });
  });
}
