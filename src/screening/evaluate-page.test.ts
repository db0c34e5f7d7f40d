/**
 * The rows a shard writes are laid out as PostgreSQL array literals where the page is evaluated
 * (possibly a worker thread): every text comes back from the database exactly as it went in.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { databaseTargets, suiteDatabase } from '../../test/databases.ts';
import { queryRows } from '../db/index.ts';
import { ArrayLiteral } from './evaluate-page.ts';

const awkward: (string | null)[] = ['宁夏"引号"科技有限公司', 'back\\slash', 'a,b', '{braces}', '', null, 'NULL', ' spaced ', 'tab\there', 'line\nbreak', '{"error":"除数为零"}'];

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`array literals (${target.name})`, () => {
    const suite = suiteDatabase(target);

    it('reads every text back exactly, a null as null and the text NULL as text', async () => {
      const literal = new ArrayLiteral();
      for (const value of awkward) literal.add(value);
      const rows = await queryRows<{ value: string | null }>(suite.database.db, sql`select value from unnest(${literal.text()}::text[]) with ordinality as t(value, n) order by n`);
      expect(rows.map((row) => row.value)).toEqual(awkward);
    });
  });
}
