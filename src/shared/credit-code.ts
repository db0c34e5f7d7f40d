/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character set (no I, O, Z, S, V);
 * the last is a check character computed from the first 17 with fixed weights, modulo 31.
 */
const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeCheck =
  | { ok: true; code: string }
  | { ok: false; reason: 'length' | 'characters' | 'check_character'; message: string; message_en: string };

/** The check character for the first 17 characters (which must be from the charset). */
export function creditCodeCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((total, character, index) => total + charset.indexOf(character) * (weights[index] ?? 0), 0);
  // The final "mod 31" maps a remainder of 0 to check character '0' (about 1 code in 31).
  return charset[(31 - (sum % 31)) % 31] ?? '?';
}

export function checkCreditCode(input: string): CreditCodeCheck {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) {
    return { ok: false, reason: 'length', message: `统一社会信用代码应为 18 位，实际 ${code.length} 位`, message_en: `a unified social credit code has 18 characters, this has ${code.length}` };
  }
  const bad = [...code].findIndex((character) => !charset.includes(character));
  if (bad >= 0) {
    return { ok: false, reason: 'characters', message: `统一社会信用代码第 ${bad + 1} 位“${code[bad]}”不是合法字符（不使用 I、O、Z、S、V）`, message_en: `character ${bad + 1} ("${code[bad]}") is not allowed (I, O, Z, S, V are never used)` };
  }
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) {
    return { ok: false, reason: 'check_character', message: `统一社会信用代码校验位错误：应为“${expected}”，实际“${code[17]}”`, message_en: `wrong check character: expected "${expected}", found "${code[17]}"` };
  }
  return { ok: true, code };
}
