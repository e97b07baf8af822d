/**
 * The language of the shell's own texts (menu, notifications, dialogs): the settings'
 * language, or with 'auto' the OS language; Japanese for any 'ja' locale, else English.
 */
import type { Language } from '../core/app/contract-types.js';

export type UiLocale = 'ja' | 'en';

export function uiLocale(setting: Language | undefined, systemLocales: readonly string[]): UiLocale {
  if (setting === 'ja' || setting === 'en') return setting;
  const first = systemLocales.find((l) => typeof l === 'string' && l.length > 0) ?? 'en';
  return first.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
