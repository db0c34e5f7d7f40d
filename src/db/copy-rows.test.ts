/**
 * Rows written by COPY (`copyRows`, the screening's writes) come back exactly as they went in, on
 * both databases: every awkward text, a null as null and the text NULL as text, arrays of such
 * texts, JSON with escapes; in a transaction that fails they are gone with it; a bad line fails
 * the statement; names that are not plain are refused before anything is sent.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, suiteDatabase } from '../../test/databases.ts';
import { copyField, copyRows, copyTextArray } from './copy-rows.ts';
import { inTransaction, queryRows } from './open-database.ts';

const awkward: (string | null)[] = ['宁夏"引号"科技有限公司', 'back\\slash', 'a,b', '{braces}', '', null, 'NULL', '\\N', ' spaced ', 'tab\there', 'line\nbreak', 'carriage\rreturn', '{"error":"除数为零"}'];
const arrays: string[][] = [[], ['years.2023.rd_expense'], ['a"b', 'c\\d', 'e,f', 'tab\tg', ''], ['NULL']];
const documents = [{}, { tax_saving: '6048977.16' }, { error: '除数为零: "rd_expense" \\ 0\n' }];

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`COPY rows (${target.name})`, () => {
    const suite = suiteDatabase(target);
    beforeAll(async () => {
      await suite.database.db.execute(sql`create table copy_rows_check (n integer not null, label text, tags text[] not null, doc jsonb not null, amount numeric, flag boolean not null)`);
    });
    const lineOf = (n: number, label: string | null, tags: string[], doc: object, amount: string | null, flag: boolean) =>
      `${n}\t${copyField(label)}\t${copyTextArray(tags)}\t${copyField(JSON.stringify(doc))}\t${copyField(amount)}\t${flag ? 't' : 'f'}\n`;
    const columns = ['n', 'label', 'tags', 'doc', 'amount', 'flag'];
    const stored = async () =>
      queryRows<{ n: number; label: string | null; tags: string[]; doc: object; amount: string | null; flag: boolean }>(
        suite.database.db,
        sql`select n, label, tags, doc, amount::text as amount, flag from copy_rows_check order by n`,
      );

    it('reads every text, array and document back exactly', async () => {
      await suite.database.db.execute(sql`truncate copy_rows_check`);
      const lines = awkward.map((label, index) => lineOf(index, label, arrays[index % arrays.length]!, documents[index % documents.length]!, index % 3 === 0 ? null : `${index}.50`, index % 2 === 0)).join('');
      await inTransaction(suite.database.db, (tx) => copyRows(tx, 'copy_rows_check', columns, lines));
      const rows = await stored();
      expect(rows.map((row) => row.label)).toEqual(awkward);
      expect(rows.map((row) => row.tags)).toEqual(awkward.map((_, index) => arrays[index % arrays.length]));
      expect(rows.map((row) => row.doc)).toEqual(awkward.map((_, index) => documents[index % documents.length]));
      expect(rows.map((row) => row.amount)).toEqual(awkward.map((_, index) => (index % 3 === 0 ? null : `${index}.50`)));
      expect(rows.map((row) => row.flag)).toEqual(awkward.map((_, index) => index % 2 === 0));
    });

    it('writes outside a transaction too, and nothing for no lines', async () => {
      await suite.database.db.execute(sql`truncate copy_rows_check`);
      await copyRows(suite.database.db, 'copy_rows_check', columns, '');
      await copyRows(suite.database.db, 'copy_rows_check', columns, lineOf(1, 'one', [], {}, null, true));
      expect((await stored()).map((row) => row.label)).toEqual(['one']);
    });

    it('keeps nothing of a transaction that fails after its COPY, and fails on a bad line', async () => {
      await suite.database.db.execute(sql`truncate copy_rows_check`);
      await expect(
        inTransaction(suite.database.db, async (tx) => {
          await copyRows(tx, 'copy_rows_check', columns, lineOf(1, 'kept?', [], {}, null, true));
          throw new Error('later step failed');
        }),
      ).rejects.toThrow('later step failed');
      await expect(inTransaction(suite.database.db, (tx) => copyRows(tx, 'copy_rows_check', columns, `${lineOf(2, 'good', [], {}, null, true)}3\tbad\t{}\t{}\tnot a number\tt\n`))).rejects.toThrow(/numeric/);
      expect(await stored()).toEqual([]);
      // The connection is usable after the failed COPY.
      await copyRows(suite.database.db, 'copy_rows_check', columns, lineOf(4, 'after', [], {}, null, false));
      expect((await stored()).map((row) => row.label)).toEqual(['after']);
    });

    it('refuses a table or column that is not a plain name', async () => {
      await expect(copyRows(suite.database.db, 'copy_rows_check; drop table x', columns, '')).rejects.toThrow('is not a plain table or column name');
      await expect(copyRows(suite.database.db, 'copy_rows_check', ['n', 'label)'], '')).rejects.toThrow('is not a plain table or column name');
    });
  });
}
