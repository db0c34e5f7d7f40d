/**
 * A clause as the policy prints it, （七）, on the server (Excel, Word): the pack's own label in
 * full-width brackets, or the number in Chinese numerals where the pack has none — as the web does
 * (web/src/features/document/clause-label.ts).
 */
const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 22 → 二十二 (1–99; other numbers stay digits). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensPart = tens === 0 ? '' : tens === 1 ? '十' : `${digits[tens]}十`;
  const onesPart = ones === 0 ? '' : (digits[ones] ?? '');
  return tensPart + onesPart;
}

/** (七) → （七）: Chinese text takes full-width brackets. */
export function fullWidthBrackets(label: string): string {
  return label.replace(/\(/g, '（').replace(/\)/g, '）');
}

/** The printed label of clause `number`: the pack's, or （七） from the number. */
export function clauseLabelOf(clauses: readonly { number: number; label: string }[], number: number): string {
  const clause = clauses.find((candidate) => candidate.number === number);
  if (clause) return fullWidthBrackets(/^\(.*\)$/.test(clause.label) || /^（.*）$/.test(clause.label) ? clause.label : `(${clause.label})`);
  return `（${chineseNumeral(number)}）`;
}
