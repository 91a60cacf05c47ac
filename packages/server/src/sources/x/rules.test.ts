import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { desiredRules, diffRules, ruleTag, ruleValue, wallOfRuleTag, type XRule } from './rules.js';

describe('stream rules', () => {
  it('builds a rule per wall with its options', () => {
    expect(ruleValue({ tag: 'askgmp' })).toBe('#askgmp');
    expect(ruleValue({ tag: 'askgmp', excludeReposts: true, languages: ['en'] })).toBe('#askgmp -is:retweet lang:en');
    expect(ruleValue({ tag: 'café', languages: ['fr', 'en', 'fr'] })).toBe('#café (lang:fr OR lang:en)');
  });

  it('reports walls whose rule is longer than X allows instead of sending them', () => {
    const langs = Array.from({ length: 20 }, (_, i) => `l${String.fromCharCode(97 + i)}`);
    const { rules, problems } = desiredRules([{ tag: 'a' }, { tag: 'b', languages: langs }], 64);
    expect(rules).toEqual([{ value: '#a', tag: 'chat-wall:a' }]);
    expect(problems[0]).toMatch(/wall "b".*limit is 64/);
  });

  it('owns only rules with its tag prefix', () => {
    expect(wallOfRuleTag(ruleTag('askgmp'))).toBe('askgmp');
    expect(wallOfRuleTag('cats with images')).toBeUndefined();
    expect(wallOfRuleTag(null)).toBeUndefined();
    expect(wallOfRuleTag('chat-wall:')).toBeUndefined();
  });

  it('diffs: keeps equal rules, replaces changed ones, removes stale ones, never touches foreign ones', () => {
    const existing: XRule[] = [
      { id: '1', value: 'cat has:images', tag: 'cats' },
      { id: '2', value: '#askgmp', tag: 'chat-wall:askgmp' },
      { id: '3', value: '#old', tag: 'chat-wall:old' },
      { id: '4', value: '#buyer', tag: 'chat-wall:buyer' },
      { id: '5', value: 'no tag' },
    ];
    const desired = [
      { value: '#askgmp', tag: 'chat-wall:askgmp' },
      { value: '#buyer -is:retweet', tag: 'chat-wall:buyer' },
      { value: '#new', tag: 'chat-wall:new' },
    ];
    expect(diffRules(existing, desired)).toEqual({
      delete: ['3', '4'],
      add: [
        { value: '#buyer -is:retweet', tag: 'chat-wall:buyer' },
        { value: '#new', tag: 'chat-wall:new' },
      ],
    });
  });

  it('applying the diff always yields exactly the desired owned rules (property)', () => {
    const tag = fc.constantFrom('a', 'b', 'c', 'd');
    const rule = fc.record({
      tag: fc.oneof(tag.map(ruleTag), fc.constant('foreign')),
      value: fc.constantFrom('#a', '#b', '#c x'),
    });
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 8 }),
        fc.uniqueArray(rule, { selector: (r) => r.tag, maxLength: 4 }),
        (have, want) => {
          const desired = want.filter((r) => r.tag !== 'foreign');
          const existing = have.map((r, i) => ({ ...r, id: String(i) }));
          const diff = diffRules(existing, desired);
          const after = [...existing.filter((r) => !diff.delete.includes(r.id)), ...diff.add];
          const owned = after.filter((r) => wallOfRuleTag(r.tag) !== undefined).map((r) => `${r.tag}=${r.value}`);
          expect(owned.sort()).toEqual(desired.map((r) => `${r.tag}=${r.value}`).sort());
          expect(after.filter((r) => r.tag === 'foreign')).toHaveLength(
            existing.filter((r) => r.tag === 'foreign').length,
          );
        },
      ),
    );
  });
});
