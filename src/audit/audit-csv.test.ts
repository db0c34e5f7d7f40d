import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, writeCsv } from './audit-csv.ts';

describe('writeCsv', () => {
  it('quotes fields with commas, quotes and line breaks, so a CSV reader gets them back', () => {
    const records = [
      ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '中文，全角逗号', ''],
      [1, null, '{"a":1,"b":"x"}', ' spaced ', 'ok', 'ok', 'ok'],
    ];
    const text = writeCsv(records);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text, { relax_column_count: false })).toEqual([
      ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '中文，全角逗号', ''],
      ['1', '', '{"a":1,"b":"x"}', ' spaced ', 'ok', 'ok', 'ok'],
    ]);
  });

  it('doubles quotes inside a quoted field', () => {
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
  });

  it('keeps a spreadsheet from running a cell as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(['+1', '-1', '@SUM(A1)', '\t=1'].map(csvField)).toEqual(["'+1", "'-1", "'@SUM(A1)", "'\t=1"]);
    expect(csvField(-1)).toBe('-1');
  });
});
