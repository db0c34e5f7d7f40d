import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { openDatabase, queryRows } from './open-database.ts';

const journal = JSON.parse(readFileSync(new URL('./migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
const committedMigrations = journal.entries.length;

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`openDatabase on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    it('applies the committed migrations once, even when servers start at the same time', async () => {
      const created = await target.create();
      try {
        // PGlite in memory is private to its handle, so only a server is shared by the two.
        const handles = await Promise.all([openDatabase(created.options), openDatabase(created.options)]);
        try {
          const db = handles[0]!.db;
          const tables = await queryRows<{ table_name: string }>(db, sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
          expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(['areas', 'policy_pack_versions', 'policy_packs', 'zones']));
          const applied = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
          expect(applied[0]?.count).toBe(committedMigrations);
        } finally {
          await Promise.all(handles.map((handle) => handle.close()));
        }
      } finally {
        await created.drop();
      }
    });
  });
}
