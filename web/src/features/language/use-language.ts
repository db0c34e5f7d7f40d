import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, storeLanguage, type Language } from './language.ts';

/** The current interface language and a setter that also remembers the choice. */
export function useLanguage(): { language: Language; setLanguage: (language: Language) => void } {
  const { i18n } = useTranslation();
  const language: Language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'zh';
  const setLanguage = useCallback(
    (next: Language) => {
      storeLanguage(next);
      void i18n.changeLanguage(next);
    },
    [i18n],
  );
  return { language, setLanguage };
}

interface Named {
  name: string;
  name_en?: string;
}

interface Titled {
  title: string;
  title_en?: string;
}

/**
 * Pickers for the English rendering of API data. The data is Chinese; an English rendering is
 * optional, so English mode falls back to the Chinese text rather than showing nothing.
 */
export function useLocalized() {
  const { language } = useLanguage();
  const english = language === 'en';
  return {
    language,
    title: (item: Titled) => (english && item.title_en ? item.title_en : item.title),
    name: (item: Named) => (english && item.name_en ? item.name_en : item.name),
    /** A unit as a responsibility list prints it: its short name (or English name). */
    unitShort: (unit: { short_name: string; name_en?: string }) =>
      english && unit.name_en ? unit.name_en : unit.short_name,
  };
}
