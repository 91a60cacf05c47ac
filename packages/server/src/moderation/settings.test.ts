import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { DEFAULT_FILTERS } from '../settings-schema.js';
import { RequestError } from '../request-error.js';
import { applySettingsPatch, initialSettings } from './settings.js';

describe('settings', () => {
  const base = initialSettings('auto', undefined);

  it('starts from the defaults and the mode', () => {
    expect(base).toEqual({ mode: 'auto', filters: DEFAULT_FILTERS });
  });

  it('merges a patch block by block and replaces arrays whole', () => {
    const next = applySettingsPatch(base, {
      mode: 'pre',
      filters: { rateCap: { max: 3 }, blocklist: { words: ['spam'] } },
    });
    expect(next.mode).toBe('pre');
    expect(next.filters.rateCap).toEqual({ ...DEFAULT_FILTERS.rateCap, max: 3 });
    expect(next.filters.blocklist.words).toEqual(['spam']);
    expect(base.filters.rateCap.max).toBe(DEFAULT_FILTERS.rateCap.max); // input untouched
  });

  it.each([
    [{ mode: 'sometimes' }, 'mode'],
    [{ filters: { rateCap: { max: 0 } } }, 'filters.rateCap.max'],
    [{ filters: { patterns: { regex: ['ok', '(unclosed'] } } }, 'filters.patterns.regex.1'],
    [{ filters: { authors: { block: ['not a key'] } } }, 'filters.authors.block.0'],
    [{ filters: { links: 'maybe' } }, 'filters.links'],
    [{ filters: { profanity: { languages: ['xx'] } } }, 'filters.profanity.languages'],
    [{ colour: 'red' }, 'colour'],
    [[], 'settings'],
  ])('refuses %j naming %s', (patch, field) => {
    let caught: unknown;
    try {
      applySettingsPatch(base, patch);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RequestError);
    expect((caught as RequestError).error.field).toBe(field);
    expect((caught as RequestError).message).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: `));
  });

  it('a wall config may set filters; a bad one names the key and the server does not start', () => {
    const config = parseConfig({
      walls: [{ tag: 'askGMP', sources: ['x'], moderation: 'auto', filters: { links: 'hold' } }],
    });
    expect(initialSettings('auto', config.walls[0]!.filters).filters.links).toBe('hold');
    expect(() =>
      parseConfig({ walls: [{ tag: 'askGMP', sources: ['x'], filters: { rateCap: { max: -1 } } }] }),
    ).toThrow(/walls\[0\]\.filters\.rateCap\.max/);
  });
});
