/**
 * Substring search on Chinese names without a tokenizer: a name is indexed by its characters and
 * its character pairs (a GIN index on the array), and a query of two or more characters must
 * contain all of its pairs — then `like '%…%'` confirms the exact substring. pg_trgm would not
 * do: it only makes trigrams of characters the database locale deems alphanumeric, which CJK often
 * is not, and PGlite would need an extension for it.
 */
export function nameGrams(name: string): string[] {
  const characters = [...normaliseName(name)].filter((character) => character.trim() !== '');
  const grams = new Set<string>(characters);
  for (let index = 0; index + 1 < characters.length; index += 1) grams.add(`${characters[index]}${characters[index + 1]}`);
  return [...grams];
}

/** The grams a query needs: its pairs (or its single character). */
export function queryGrams(query: string): string[] {
  const characters = [...normaliseName(query)].filter((character) => character.trim() !== '');
  if (characters.length <= 1) return characters;
  const grams = new Set<string>();
  for (let index = 0; index + 1 < characters.length; index += 1) grams.add(`${characters[index]}${characters[index + 1]}`);
  return [...grams];
}

/** Full-width letters and digits to half-width, lower case: 宁夏ＡＢＣ科技 finds 宁夏abc科技. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').toLowerCase().trim();
}
