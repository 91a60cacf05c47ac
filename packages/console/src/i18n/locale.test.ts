import { describe, expect, it } from 'vitest';
import { resolveLocale } from './locale.js';

describe('resolveLocale', () => {
  it('takes the address, then the saved choice, then the page’s default, then the browser', () => {
    const all = { query: 'ar', saved: 'he', attribute: 'ja', browser: ['es-MX', 'en'] };
    expect(resolveLocale(all)).toEqual({ lang: 'ar', intl: 'ar' });
    expect(resolveLocale({ ...all, query: null })).toEqual({ lang: 'he', intl: 'he' });
    expect(resolveLocale({ ...all, query: null, saved: null })).toEqual({ lang: 'ja', intl: 'ja' });
    expect(resolveLocale({ ...all, query: null, saved: null, attribute: '' })).toEqual({ lang: 'es', intl: 'es-MX' });
  });

  it('passes over languages it does not speak and tags that are not tags', () => {
    expect(resolveLocale({ query: 'ko', saved: 'not a tag!', browser: ['zh-CN', 'cy-GB', 'fr'] })).toEqual({
      lang: 'cy',
      intl: 'cy-GB',
    });
    expect(resolveLocale({ browser: ['iw-IL'] })).toEqual({ lang: 'he', intl: 'he-IL' });
    expect(resolveLocale({ browser: ['PT-br'] })).toEqual({ lang: 'pt', intl: 'pt-BR' });
  });

  it('falls back to English', () => {
    expect(resolveLocale({})).toEqual({ lang: 'en', intl: 'en' });
    expect(resolveLocale({ browser: ['ko-KR', 'zh'] })).toEqual({ lang: 'en', intl: 'en' });
    expect(resolveLocale({ browser: ['en-GB', 'de'] })).toEqual({ lang: 'en', intl: 'en-GB' });
  });
});
