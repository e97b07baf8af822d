/**
 * vue-i18n setup: Japanese by default on a Japanese system (navigator.language 'ja*'),
 * English otherwise; the user's choice in Settings ('ja' | 'en' | 'auto') wins.
 */
import { createI18n } from 'vue-i18n';
import { en, type MessageSchema } from './en.js';
import { ja } from './ja.js';

export type Locale = 'ja' | 'en';
export type LanguageChoice = Locale | 'auto';

export function systemLocale(languages: readonly string[] | undefined = globalThis.navigator?.languages, language: string | undefined = globalThis.navigator?.language): Locale {
  const first = languages?.[0] ?? language ?? 'en';
  return first.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function resolveLocale(choice: LanguageChoice | undefined): Locale {
  return choice === 'ja' || choice === 'en' ? choice : systemLocale();
}

export function createAppI18n(locale: Locale = systemLocale()) {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, ja },
    missingWarn: false,
    fallbackWarn: false,
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;
