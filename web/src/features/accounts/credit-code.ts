/** The 31 characters of a 统一社会信用代码 (GB 32100-2015): digits and capitals without I, O, S, V, Z. */
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'length' | 'characters' | 'check_digit';

/** What is wrong with a 统一社会信用代码, or undefined when it is well formed (GB 32100-2015, check digit included). */
export function creditCodeProblem(code: string): CreditCodeProblem | undefined {
  if (code.length !== 18) return 'length';
  const values = [...code].map((character) => alphabet.indexOf(character));
  if (values.some((value) => value < 0)) return 'characters';
  const sum = weights.reduce((total, weight, index) => total + weight * (values[index] ?? 0), 0);
  const check = (31 - (sum % 31)) % 31;
  return values[17] === check ? undefined : 'check_digit';
}
