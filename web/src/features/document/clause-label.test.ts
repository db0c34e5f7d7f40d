import { describe, expect, it } from 'vitest';
import { chineseNumeral, clauseFromHash } from './clause-label.ts';

describe('chineseNumeral', () => {
  it('writes clause numbers as the policy prints them', () => {
    expect([1, 7, 10, 12, 20, 22].map(chineseNumeral)).toEqual(['一', '七', '十', '十二', '二十', '二十二']);
  });
});

describe('clauseFromHash', () => {
  it('reads the clause number of a #clause-N hash and nothing else', () => {
    expect(clauseFromHash('#clause-7')).toBe(7);
    expect(clauseFromHash('#targets')).toBeUndefined();
  });
});
