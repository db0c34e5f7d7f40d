import { describe, expect, it } from 'vitest';
import { nameGrams, queryGrams } from './name-grams.ts';

describe('name grams', () => {
  it('indexes a Chinese name by its characters and pairs', () => {
    expect(nameGrams('宁夏科技')).toEqual(['宁', '夏', '科', '技', '宁夏', '夏科', '科技']);
  });

  it('makes every substring query a subset of the name’s grams', () => {
    const grams = new Set(nameGrams('宁夏某某新材料科技有限公司'));
    for (const query of ['新材料', '科技有限', '宁', '公司']) expect(queryGrams(query).every((gram) => grams.has(gram))).toBe(true);
    expect(queryGrams('材料公司').every((gram) => grams.has(gram))).toBe(false);
  });

  it('treats full-width letters as half-width and ignores case', () => {
    expect(queryGrams('ＡＢ')).toEqual(['ab']);
    expect(nameGrams('AB')).toContain('ab');
  });
});
