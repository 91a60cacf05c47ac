// Every locale's catalog against the English one: the same keys, no extra ones, the same
// placeholders in every message, and exactly the plural forms its language has.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogProblems } from '../../../../test/support/catalogs.js';
import { en, type Catalog, type ConsoleKey } from './en.js';
import { LOCALES } from './locale.js';
import { english, loadTranslator } from './translator.js';

const others = LOCALES.filter((l) => l !== 'en');
const load = async (lang: string): Promise<Catalog> =>
  ((await import(`./locales/${lang}.ts`)) as { default: Catalog }).default;

describe('console catalogs', () => {
  it('has one file per locale the console speaks', () => {
    const files = readdirSync(new URL('./locales/', import.meta.url)).map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual([...others].sort());
  });

  for (const lang of LOCALES) {
    it(`${lang}: every key of the English catalog, no other, with the same placeholders`, async () => {
      expect(catalogProblems(en, lang === 'en' ? en : await load(lang), lang)).toEqual([]);
    });
  }

  it('says the same thing differently in each language (no English left behind)', async () => {
    // Keys whose English is also the word in some languages (brand-like or technical).
    const same = new Set<ConsoleKey>([
      'shortcutViews',
      'questionLabel',
      'sessionLabel',
      'readsOf',
      'keyEsc',
      'exportCsv',
      'exportJson',
      'extendBy',
      'autoEvery',
      'appTitle',
      'about',
      'aboutEmbed',
      'moderating',
      'sessionError',
      'keyShift',
      'keySpace',
      'keyDel',
    ]);
    for (const lang of others) {
      const catalog = await load(lang);
      const untranslated = (Object.keys(en) as ConsoleKey[]).filter(
        (key) => !same.has(key) && typeof en[key] === 'string' && catalog[key] === en[key],
      );
      // Some words are the same in a language (Questions, Sessions, Sources in French); few may be.
      expect(untranslated.length / Object.keys(en).length, `${lang}: ${untranslated.join(', ')}`).toBeLessThan(0.05);
    }
  });
});

describe('console translator', () => {
  it('fills placeholders and picks the plural form of the language', async () => {
    expect(english.t('approvedPosts', { count: 1 })).toBe('Approved 1 post.');
    expect(english.t('bannedTakenDown', { author: '@mira', count: 3 })).toBe('Banned @mira. 3 posts taken down.');
    const ar = await loadTranslator({ lang: 'ar', intl: 'ar' });
    const forms = [0, 1, 2, 3, 11, 100].map((count) => ar.t('postCount', { count }));
    expect(new Set(forms).size).toBe(6);
    const cy = await loadTranslator({ lang: 'cy', intl: 'cy' });
    expect(cy.t('tabQueue')).not.toBe(english.t('tabQueue'));
  });

  it('returns pieces for a template, with the values that are not text in the language’s place', async () => {
    const marker = { element: true };
    expect(english.parts('submissionsState', { state: marker })).toEqual(['Audience questions: ', marker]);
    const ja = await loadTranslator({ lang: 'ja', intl: 'ja' });
    const pieces = ja.parts('decidedBy', { status: marker, by: 'alice', time: marker });
    expect(pieces.filter((p) => p === marker)).toHaveLength(2);
    expect(pieces.join('')).toContain('alice');
  });

  it('is right to left for Arabic and Hebrew only', async () => {
    const dirs = await Promise.all(
      LOCALES.map(async (lang) => [lang, (await loadTranslator({ lang, intl: lang })).dir]),
    );
    expect(Object.fromEntries(dirs.filter(([, dir]) => dir === 'rtl'))).toEqual({ ar: 'rtl', he: 'rtl' });
  });

  it('formats dates, numbers and money for the locale', async () => {
    const de = await loadTranslator({ lang: 'de', intl: 'de-DE' });
    expect(de.number(12345)).toBe('12.345');
    expect(de.usd(1.5)).toMatch(/1,50\s\$/);
    expect(de.time('2026-12-01T09:05:00Z')).toMatch(/^\d\d:05$/);
    expect(english.time('not a date')).toBe('');
    const ja = await loadTranslator({ lang: 'ja', intl: 'ja' });
    expect(ja.dateTime('2026-12-01T09:05:00Z')).toMatch(/2026\/12\/0?1/);
  });
});
