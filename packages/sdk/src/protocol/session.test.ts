import { describe, expect, it } from 'vitest';
import {
  currentSession,
  nextSession,
  previousSession,
  sessionInWindow,
  sessionPhase,
  sortSessions,
  type Session,
} from './session.js';

const s1: Session = { id: 's1', title: 'Morning', start: '2026-11-30T10:00:00Z', end: '2026-11-30T11:00:00Z' };
const s2: Session = { id: 's2', title: 'Noon', start: '2026-11-30T11:05:00Z', end: '2026-11-30T12:00:00Z' };
const s3: Session = { id: 's3', title: 'Evening', start: '2026-11-30T18:00:00Z', end: '2026-11-30T19:00:00Z' };
const all = [s1, s2, s3];

describe('session helpers', () => {
  it.each([
    ['2026-11-30T09:59:59.999Z', 'before'],
    ['2026-11-30T10:00:00Z', 'live'],
    ['2026-11-30T10:59:59.999Z', 'live'],
    ['2026-11-30T11:00:00Z', 'ended'],
  ] as const)('at %s session 1 is %s', (now, phase) => {
    expect(sessionPhase(s1, now)).toBe(phase);
    expect(sessionPhase(s1, new Date(now))).toBe(phase);
    expect(sessionPhase(s1, Date.parse(now))).toBe(phase);
  });

  it.each([
    ['2026-11-30T09:00:00Z', undefined, 's1', undefined],
    ['2026-11-30T10:30:00Z', 's1', 's2', undefined],
    ['2026-11-30T11:02:00Z', undefined, 's2', 's1'],
    ['2026-11-30T11:30:00Z', 's2', 's3', 's1'],
    ['2026-11-30T20:00:00Z', undefined, undefined, 's3'],
  ])('at %s: current %s, next %s, previous %s', (now, current, next, previous) => {
    expect(currentSession(all, now)?.id).toBe(current);
    expect(nextSession([s3, s2, s1], now)?.id).toBe(next);
    expect(previousSession([s3, s1, s2], now)?.id).toBe(previous);
  });

  it.each([
    ['2026-11-30T09:49:59Z', undefined], // more than 10 minutes ahead
    ['2026-11-30T09:50:00Z', 's1'], // lead opens
    ['2026-11-30T10:58:00Z', 's1'], // s1 live wins over s2's lead
    ['2026-11-30T11:02:00Z', 's2'], // s1's tail and s2's lead overlap: s1 is over, so the coming one
    ['2026-11-30T11:06:00Z', 's2'], // s2 live wins over s1's tail
    ['2026-11-30T12:09:59Z', 's2'],
    ['2026-11-30T12:10:00Z', undefined], // tail closed
    ['2026-11-30T17:50:00Z', 's3'],
  ])('window at %s belongs to %s', (now, id) => {
    expect(sessionInWindow(all, now)?.id).toBe(id);
  });

  it('a custom window widens the reach', () => {
    expect(sessionInWindow(all, '2026-11-30T09:00:00Z', { leadSeconds: 3600, tailSeconds: 0 })?.id).toBe('s1');
    expect(sessionInWindow(all, '2026-11-30T19:00:00Z', { leadSeconds: 0, tailSeconds: 0 })).toBeUndefined();
  });

  it('sorts by start without touching its input', () => {
    const input = [s3, s1, s2];
    expect(sortSessions(input).map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(input[0]).toBe(s3);
  });
});
