/**
 * Integer cents (fen) as yuan with two decimals, −1234 → "-12.34": exact for every safe integer.
 * The fast path of the places that print money by the million (a screening run's amounts and
 * net assets), without BigInt or decimal.js.
 */
export function yuanOfCents(cents: number): string {
  const magnitude = Math.abs(cents);
  const fen = magnitude % 100;
  return `${cents < 0 ? '-' : ''}${(magnitude - fen) / 100}.${fen < 10 ? '0' : ''}${fen}`;
}
