import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatRelativeTime, RelativeTimeController } from './relative-time.js';

const NOW = Date.UTC(2026, 10, 1, 12, 0, 0);
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('formatRelativeTime', () => {
  it.each([
    [0, 'now'],
    [59, 'now'],
    [-30, 'now'],
    [60, '1m ago'],
    [5 * 60 + 59, '5m ago'],
    [2 * 3600, '2h ago'],
    [26 * 3600, 'yesterday'],
    [3 * 86400, '3d ago'],
    [-2 * 3600, 'in 2h'],
  ])('%i s ago → %s', (seconds, expected) => {
    expect(formatRelativeTime(ago(seconds), NOW, 'en')).toBe(expected);
  });

  it('speaks the requested locale', () => {
    expect(formatRelativeTime(ago(26 * 3600), NOW, 'de')).toBe('gestern');
  });

  it('returns an empty string for a time it cannot read', () => {
    expect(formatRelativeTime('not a date', NOW, 'en')).toBe('');
  });
});

describe('RelativeTimeController', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function fakeHost() {
    const controllers: ReactiveController[] = [];
    const host = {
      updates: 0,
      addController: (c: ReactiveController) => void controllers.push(c),
      removeController: () => undefined,
      requestUpdate() {
        this.updates++;
      },
      updateComplete: Promise.resolve(true),
    } satisfies ReactiveControllerHost & { updates: number };
    return { host, controllers };
  }

  it('ticks while the host is connected and stops when it is not', () => {
    vi.useFakeTimers({ now: NOW });
    const { host, controllers } = fakeHost();
    const clock = new RelativeTimeController(host, 30_000);
    expect(controllers).toEqual([clock]);

    clock.hostConnected();
    vi.advanceTimersByTime(30_000);
    expect(host.updates).toBe(1);
    expect(clock.now).toBe(NOW + 30_000);
    vi.advanceTimersByTime(60_000);
    expect(host.updates).toBe(3);

    clock.hostDisconnected();
    vi.advanceTimersByTime(120_000);
    expect(host.updates).toBe(3);
  });
});
