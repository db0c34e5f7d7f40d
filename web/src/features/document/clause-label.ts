const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 22 → 二十二: how the policy numbers its clauses (1–99). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensPart = tens === 0 ? '' : tens === 1 ? '十' : `${digits[tens]}十`;
  const onesPart = ones === 0 ? '' : (digits[ones] ?? '');
  return tensPart + onesPart;
}

/** (七) → （七）: Chinese text takes full-width brackets, whatever brackets a pack stores (the house rule). */
export function printedLabel(label: string): string {
  return label.replace(/\(/g, '（').replace(/\)/g, '）');
}

/**
 * The printed label of a clause, e.g. （七）. Used only where an answer carries the clause number
 * without its label; the pack's own labels win whenever they are at hand.
 */
export function fallbackClauseLabel(number: number): string {
  return `（${chineseNumeral(number)}）`;
}

/** DOM id of a clause block on the document page; other pages link to `#clause-<number>`. */
export function clauseAnchor(number: number): string {
  return `clause-${number}`;
}

/** The clause number named by a location hash such as `#clause-7`, if any. */
export function clauseFromHash(hash: string): number | undefined {
  const match = /^#clause-(\d+)$/.exec(hash);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
