/** A text for `like`, its wildcards (% and _) and the escape character (\) taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
