import { describe, expect, it } from 'vitest';
import { displayTag, isValidTag, normaliseTag } from './tag.js';

describe('tags', () => {
  it.each([
    ['askGMP', 'askgmp', 'askGMP'],
    ['#AskGMP', 'askgmp', 'AskGMP'],
    ['  #AskGMP ', 'askgmp', 'AskGMP'],
    ['Ünïcode_1', 'ünïcode_1', 'Ünïcode_1'],
  ])('%j is matched as %j and shown as %j', (raw, canonical, shown) => {
    expect(normaliseTag(raw)).toBe(canonical);
    expect(displayTag(raw)).toBe(shown);
    expect(isValidTag(raw)).toBe(true);
  });

  it.each(['', '#', 'two words', 'a-b'])('%j names no wall', (raw) => {
    expect(isValidTag(raw)).toBe(false);
  });
});
