import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it('starts with a byte-order mark so that Excel reads UTF-8', () => {
    expect(toCsv([['地区', '数值']]).startsWith('\uFEFF地区,数值\r\n')).toBe(true);
  });

  it('quotes fields with commas, quotes or line breaks and leaves empty cells empty', () => {
    expect(toCsv([['a,b', 'say "hi"', 'two\nlines', null, 1.5]])).toBe('\uFEFF"a,b","say ""hi""","two\nlines",,1.5\r\n');
  });
});
