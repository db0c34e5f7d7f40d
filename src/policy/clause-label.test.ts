import { describe, expect, it } from 'vitest';
import { chineseNumeral, printedClauseLabel } from './clause-label.ts';

describe('printed clause labels', () => {
  it('writes numerals as Chinese prints them', () => {
    expect([1, 7, 10, 11, 15, 20, 22].map(chineseNumeral)).toEqual(['一', '七', '十', '十一', '十五', '二十', '二十二']);
  });

  it('prints a section pack’s clause in full-width brackets and an article as written', () => {
    expect(printedClauseLabel([{ number: 7, label: '(七)' }], 7)).toBe('（七）');
    expect(printedClauseLabel([{ number: 1, label: '一' }], 1)).toBe('（一）');
    expect(printedClauseLabel([{ number: 11, label: '第十一条' }], 11)).toBe('第十一条');
    expect(printedClauseLabel([{ number: 201, label: '7号公告第一条' }], 201)).toBe('7号公告第一条');
    expect(printedClauseLabel([], 22)).toBe('（二十二）');
  });
});
