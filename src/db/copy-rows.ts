import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { driverClientOf, type DatabaseOrTransaction } from './open-database.ts';

/**
 * Rows appended to a table by `COPY … FROM STDIN`, given in COPY's text format: one line per row,
 * ending in a newline, fields joined by tabs, each written by `copyField` (`copyTextArray` for a
 * text[] column). For writes of very many rows: the database parses COPY's lines for less than
 * an `insert … select from unnest(…)` of the same rows (a screening run's million rows: a
 * quarter of the database's writing). Inside a transaction the rows are kept or lost with it.
 *
 * node-postgres streams the text on the connection (pg-copy-streams); PGlite reads it as the
 * blob of the query (`COPY … FROM '/dev/blob'`). `table` and `columns` are the caller's names,
 * never input: anything but a plain lower-case name is refused.
 */
export async function copyRows(db: DatabaseOrTransaction, table: string, columns: readonly string[], rows: string): Promise<void> {
  for (const name of [table, ...columns]) {
    if (!plainName.test(name)) throw new Error(`copyRows: "${name}" is not a plain table or column name`);
  }
  if (rows === '') return;
  const target = `${table} (${columns.join(', ')})`;
  const client = driverClientOf(db);
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    // Outside a transaction the pool lends a connection for the statement.
    const pooled = client instanceof pg.Pool ? await client.connect() : undefined;
    try {
      await pipeline(Readable.from([rows]), (pooled ?? (client as pg.Client)).query(copyFrom(`copy ${target} from stdin`)));
    } finally {
      pooled?.release();
    }
  } else {
    await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([rows]) });
  }
}

const plainName = /^[a-z_][a-z0-9_]*$/;

/** A field of a COPY text line: backslash, tab, newline and carriage return escaped; null as `\N`. */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return copySpecial.test(value) ? value.replace(copySpecials, escapeCopyCharacter) : value;
}

const copySpecial = /[\\\t\n\r]/;
const copySpecials = /[\\\t\n\r]/g;
const copyEscapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeCopyCharacter = (character: string) => copyEscapes[character]!;

/** A text[] field of a COPY text line: the array literal (each element quoted) as a field. */
export function copyTextArray(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  let literal = '{';
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    literal += `${index === 0 ? '' : ','}"${arraySpecial.test(value) ? value.replace(arraySpecials, '\\$&') : value}"`;
  }
  return copyField(`${literal}}`);
}

const arraySpecial = /["\\]/;
const arraySpecials = /["\\]/g;
