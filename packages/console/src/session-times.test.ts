import { describe, expect, it } from 'vitest';
import { fromLocalInput, sessionField, toLocalInput } from './session-times.js';

describe('session times', () => {
  it('turns instants into local datetime-local values and back', () => {
    const iso = '2026-12-01T12:30:00.000Z';
    const local = toLocalInput(iso);
    expect(local).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    expect(fromLocalInput(local)).toBe(iso);
    expect(toLocalInput('nonsense')).toBe('');
  });

  it('passes empty or unreadable values on, for the relay to name', () => {
    expect(fromLocalInput('')).toBe('');
    expect(fromLocalInput('tomorrow')).toBe('tomorrow');
  });

  it('finds the form field a relay error names', () => {
    expect(sessionField('session.start')).toBe('start');
    expect(sessionField('patch.end')).toBe('end');
    expect(sessionField('title')).toBe('title');
    expect(sessionField('minutes')).toBeUndefined();
    expect(sessionField(undefined)).toBeUndefined();
  });
});
