/**
 * A clause as Chinese text prints it, for every export, report and answer: the pack's own label in
 * full-width brackets — (七) → （七）, a bare 七 → （七） — or, for a pack whose clauses are
 * articles or named documents, its label as written (第十一条, 7号公告第一条). Without a clause
 * of that number: （七） from the number. The web has its own copy for the browser
 * (web/src/features/document/clause-label.ts).
 */
const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 15 → 十五, 22 → 二十二 (1–99; other numbers stay digits). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return digits[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (digits[tens] ?? '')}十${ones === 0 ? '' : (digits[ones] ?? '')}`;
}

/** (三) → （三）: Chinese text takes full-width brackets. */
export function fullWidthBrackets(label: string): string {
  return label.replace(/\(/g, '（').replace(/\)/g, '）');
}

const bareNumeral = /^[零一二三四五六七八九十]+$/;

/** The printed label of clause `number` among a pack's clauses. */
export function printedClauseLabel(clauses: readonly { number: number; label: string }[], number: number): string {
  const clause = clauses.find((candidate) => candidate.number === number);
  if (!clause) return `（${chineseNumeral(number)}）`;
  const label = fullWidthBrackets(clause.label);
  return bareNumeral.test(label) ? `（${label}）` : label;
}
