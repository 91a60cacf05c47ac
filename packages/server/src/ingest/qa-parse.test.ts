import { describe, expect, it } from 'vitest';
import { looksLikeQuestion, parseMarker } from './qa-parse.js';

describe('parseMarker', () => {
  it.each([
    ['Q1: What do you do on a night shift?', 'Q', 1],
    ['Q1 What do you do?', 'Q', 1],
    ['Q1. What do you do?', 'Q', 1],
    ['Q1 - What do you do?', 'Q', 1],
    ['Q1) What do you do?', 'Q', 1],
    ['Q1-What do you do?', 'Q', 1],
    ['q1: lower case', 'Q', 1],
    ['Q12: two digits', 'Q', 12],
    ['Q99 is the last', 'Q', 99],
    ['Q3', 'Q', 3],
    ['  Q2: leading spaces', 'Q', 2],
    ['A1: We patrol', 'A', 1],
    ['a2 lower case answer', 'A', 2],
    ['A5) answer', 'A', 5],
    ['@GMPolice A1: a reply starts with the mention', 'A', 1],
    ['@GMPolice @askGMP_team a3. two mentions', 'A', 3],
  ])('%j counts as %s%i', (text, kind, number) => {
    expect(parseMarker(text)).toEqual({ kind, number });
  });

  it.each([
    ['Q100: above 99'],
    ['Q0: zero'],
    ['Q01: leading zero'],
    ['Q1a: letters after the number'],
    ['Q1, comma'],
    ['Qn: no number'],
    ['FAQ1: inside a word'],
    ['My Q1: not at the start'],
    ['#Q1 hashtag'],
    ['B1: another letter'],
    ['Q 1: space before the number'],
    [''],
  ])('%j does not count', (text) => {
    expect(parseMarker(text)).toBeUndefined();
  });
});

describe('looksLikeQuestion', () => {
  it.each([
    ['How do I report a crime?', true],
    ['Full-width？', true],
    ['Thanks for the chat!', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(looksLikeQuestion(text)).toBe(expected);
  });
});
