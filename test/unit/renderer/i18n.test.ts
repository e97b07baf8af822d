// @vitest-environment happy-dom
/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en.js';
import { ja } from '../../../renderer/src/i18n/ja.js';
import { createAppI18n, resolveLocale, systemLocale } from '../../../renderer/src/i18n/index.js';
import { formatDate, formatPersonName, personNameGroups } from '../../../renderer/src/format.js';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();
}

describe('i18n', () => {
  it('Japanese and English have exactly the same keys, none empty', () => {
    expect(keys(ja)).toEqual(keys(en));
    for (const k of keys(ja)) expect(k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], ja)).not.toBe('');
  });

  it('Japanese is translated (not a copy of English)', () => {
    const same = keys(en).filter((k) => k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], en) === k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], ja));
    // Only brand names, symbols and DICOM terms may stay the same.
    expect(same.length).toBeLessThan(12);
  });

  it('picks Japanese on a Japanese system, English otherwise; the setting wins', () => {
    expect(systemLocale(['ja-JP', 'en'])).toBe('ja');
    expect(systemLocale(['ja'])).toBe('ja');
    expect(systemLocale(['en-US', 'ja'])).toBe('en');
    expect(systemLocale([], 'ja-JP')).toBe('ja');
    expect(resolveLocale('en')).toBe('en');
    expect(resolveLocale('ja')).toBe('ja');
  });

  it('translates with plurals in both languages', () => {
    const i18n = createAppI18n('ja');
    expect(i18n.global.t('studies.count', { n: 3 }, 3)).toBe('3 件の検査');
    i18n.global.locale.value = 'en';
    expect(i18n.global.t('studies.count', { n: 1 }, 1)).toBe('1 study');
    expect(i18n.global.t('studies.count', { n: 0 }, 0)).toBe('No studies');
  });
});

describe('person names and dates', () => {
  it('splits PN component groups and shows kanji first in Japanese', () => {
    const pn = 'Yamada^Tarou=山田^太郎=やまだ^たろう';
    expect(personNameGroups(pn)).toEqual({ alphabetic: 'Yamada Tarou', ideographic: '山田 太郎', phonetic: 'やまだ たろう' });
    expect(formatPersonName(pn, 'ja')).toBe('山田 太郎 (Yamada Tarou)');
    expect(formatPersonName(pn, 'en')).toBe('Yamada Tarou (山田 太郎)');
    expect(formatPersonName('=山田^太郎', 'en')).toBe('山田 太郎');
    expect(formatPersonName('Doe^John', 'ja')).toBe('Doe John');
  });
  it('formats DA as ISO dates', () => {
    expect(formatDate('20240102')).toBe('2024-01-02');
    expect(formatDate('')).toBe('');
  });
});
