/**
 * Units a value may be entered in, for the canonical unit of an indicator: the server converts
 * within a family (万元 → 亿元) and refuses anything else, so only the family is suggested.
 */
const families: readonly (readonly string[])[] = [
  ['元', '千元', '万元', '百万元', '亿元'],
  ['人', '万人'],
  ['家', '个', '件', '项', '所', '座'],
  ['%'],
];

export function unitSuggestions(canonical: string): string[] {
  return [...(families.find((family) => family.includes(canonical)) ?? [canonical])];
}
