/** The interface languages. Chinese is the default: the policy and its users are Chinese. */
export type Language = 'zh' | 'en';

export const languages: readonly Language[] = ['zh', 'en'];

const storageKey = 'kechuang.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'zh' || value === 'en';
}

/** The language chosen earlier in this browser, or Chinese. */
export function readStoredLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(storageKey);
    return isLanguage(stored) ? stored : 'zh';
  } catch {
    // Storage can be disabled (private mode, strict policies); the default still works.
    return 'zh';
  }
}

export function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // Not remembering the choice is acceptable; failing the switch is not.
  }
}

/** BCP 47 tag for `<html lang>` and Intl formatting. */
export function languageTag(language: Language): string {
  return language === 'zh' ? 'zh-CN' : 'en';
}
