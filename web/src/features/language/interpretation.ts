import type { Language } from './language.ts';

/** A pack's reading of an ambiguous text in the page's language: the Chinese where the pack gives one, else the English as written. */
export function interpretationIn(language: Language, item: { interpretation?: string | null | undefined; interpretation_zh?: string | null | undefined }): string | undefined {
  const text = language === 'zh' ? (item.interpretation_zh ?? item.interpretation) : item.interpretation;
  return text ?? undefined;
}
