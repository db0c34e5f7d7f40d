import 'i18next';
import type zh from './zh.json';

// Chinese is the reference language: every t() key is checked against zh.json at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zh };
  }
}
