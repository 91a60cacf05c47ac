// Every locale's catalog against the English one: the same keys, no extra ones, the same
// placeholders in every message, and exactly the plural forms its language has.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en as enCore, type Catalog } from '../src/i18n/en.js';
import { enAnnouncer } from '../src/i18n/en-announcer.js';
import { enAsk } from '../src/i18n/en-ask.js';
import { enJoin } from '../src/i18n/en-join.js';
import { enOlder } from '../src/i18n/en-older.js';
import { enQa } from '../src/i18n/en-qa.js';
import { enSession } from '../src/i18n/en-session.js';
import { catalogProblems } from '../../../test/support/catalogs.js';
import { formatMessage } from '../src/i18n/message.js';
import { chooseLocale, LOCALES, translatorFor } from '../src/i18n/translator.js';

// The reference: the entry's English strings and those of the parts that load on demand.
const en: Catalog = { ...enCore, ...enAsk, ...enOlder, ...enAnnouncer, ...enQa, ...enSession, ...enJoin };
const others = LOCALES.filter((l) => l !== 'en');
const load = async (lang: string): Promise<Catalog> =>
  ((await import(`../src/i18n/locales/${lang}.ts`)) as { default: Catalog }).default;

describe('message catalogs', () => {
  it('has one file per locale, and a loader for each', () => {
    const files = readdirSync(new URL('../src/i18n/locales/', import.meta.url)).map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual([...others].sort());
  });

  for (const lang of LOCALES) {
    it(`${lang}: every key of the English catalog, no other, with the same placeholders`, async () => {
      expect(catalogProblems(en, lang === 'en' ? en : await load(lang), lang)).toEqual([]);
    });
  }
});

describe('formatMessage', () => {
  it('fills placeholders, numbers in the locale’s digits, and picks the plural form', () => {
    expect(formatMessage(en.newPosts, 'en', { count: 1 })).toBe('1 new post');
    expect(formatMessage(en.newPosts, 'en', { count: 1200 })).toBe('1,200 new posts');
    expect(formatMessage(en.unknownWall, 'en', { wall: '#askGMP' })).toBe('There is no wall #askGMP on this server.');
    // A value that is missing shows as its placeholder rather than vanishing.
    expect(formatMessage(en.unknownWall, 'en')).toBe('There is no wall {wall} on this server.');
  });

  it('uses the Arabic forms, and the digits of the locale (Arabic-Indic in ar-EG)', async () => {
    const ar = await load('ar');
    expect(formatMessage(ar.newPosts, 'ar', { count: 2 })).toBe('منشوران جديدان');
    expect(formatMessage(ar.newPosts, 'ar', { count: 3 })).toBe('3 منشورات جديدة');
    expect(formatMessage(ar.newPosts, 'ar-EG', { count: 11 })).toBe('١١ منشورًا جديدًا');
  });
});

describe('chooseLocale', () => {
  it('takes the language of a tag it speaks, keeps the region for Intl, else English', () => {
    expect(chooseLocale('pt-BR')).toEqual({ lang: 'pt', intl: 'pt-BR' });
    expect(chooseLocale('CY')).toEqual({ lang: 'cy', intl: 'cy' });
    expect(chooseLocale('iw')).toEqual({ lang: 'he', intl: 'he' });
    expect(chooseLocale('ko-KR')).toEqual({ lang: 'en', intl: 'en' });
    expect(chooseLocale('')).toEqual({ lang: 'en', intl: 'en' });
    expect(chooseLocale('not a tag!')).toEqual({ lang: 'en', intl: 'en' });
  });

  it('loads a locale on demand and says its direction', async () => {
    const he = await translatorFor(chooseLocale('he-IL'));
    expect(he.dir).toBe('rtl');
    expect(he.t('showOlder')).toBe('הצגת פוסטים קודמים');
    const de = await translatorFor(chooseLocale('de-AT'));
    expect([de.dir, de.locale, de.t('newPosts', { count: 3 })]).toEqual(['ltr', 'de-AT', '3 neue Beiträge']);
  });
});
