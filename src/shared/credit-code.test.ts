import { describe, expect, it } from 'vitest';
import { checkCreditCode, creditCodeCheckCharacter } from './credit-code.ts';

describe('checkCreditCode (GB 32100-2015)', () => {
  it('accepts a real-format valid code', () => {
    // A code of the usual shape (登记管理部门 9, 类别 1, 区划 350100, 主体标识 …) with its check character.
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true, code: '91350100M000100Y43' });
  });

  it('computes a check character of 0 when the weighted sum is a multiple of 31', () => {
    // Find a 17-character body whose check character is '0' and check the round trip.
    let body = '';
    for (let serial = 0; serial < 1000 && body === ''; serial += 1) {
      const candidate = `91640100MA${String(serial).padStart(6, '0')}X`.slice(0, 17);
      if (creditCodeCheckCharacter(candidate) === '0') body = candidate;
    }
    expect(body).not.toBe('');
    expect(checkCreditCode(`${body}0`).ok).toBe(true);
  });

  it('names a wrong length, a forbidden character and a wrong check character', () => {
    expect(checkCreditCode('91350100M000100Y4')).toMatchObject({ ok: false, reason: 'length' });
    expect(checkCreditCode('91350100M000100I43')).toMatchObject({ ok: false, reason: 'characters', message: expect.stringContaining('第 16 位') });
    expect(checkCreditCode('91350100M000100Y44')).toMatchObject({ ok: false, reason: 'check_character', message: expect.stringContaining('应为“3”') });
  });
});
