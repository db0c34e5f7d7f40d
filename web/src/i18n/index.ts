import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zh from './zh.json';
import { readStoredLanguage } from '../features/language/language.ts';

// Fails to compile when en.json lacks a key that zh.json has.
const english: typeof zh = en;

void i18n.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: english } },
  lng: readStoredLanguage(),
  fallbackLng: 'zh',
  supportedLngs: ['zh', 'en'],
  // React escapes text itself.
  interpolation: { escapeValue: false },
  // Resources are bundled, so initialise synchronously and render the first frame translated.
  initAsync: false,
});

export default i18n;
