import type { Language } from '../features/language/language.ts';
import { ApiError } from './client.ts';

/** A failure as a person reads it: the server's own message, in the chosen language when it sent one. */
export function errorMessage(error: unknown, language: Language): string {
  if (error instanceof ApiError) return language === 'en' && error.messageEn ? error.messageEn : error.message;
  return error instanceof Error ? error.message : String(error);
}
