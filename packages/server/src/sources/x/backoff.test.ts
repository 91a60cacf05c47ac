import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay, classify, DisconnectKind, MIN_ESTABLISHED_MS } from './backoff.js';

describe('X reconnect rules', () => {
  it('network errors: linear +250 ms up to 16 s', () => {
    const delays = Array.from({ length: 70 }, (_, i) => backoffDelay(DisconnectKind.Network, i + 1));
    expect(delays.slice(0, 4)).toEqual([250, 500, 750, 1000]);
    expect(delays[63]).toBe(16_000);
    expect(Math.max(...delays)).toBe(16_000);
  });

  it('HTTP errors: exponential from 5 s up to 320 s', () => {
    const delays = Array.from({ length: 9 }, (_, i) => backoffDelay(DisconnectKind.Http, i + 1));
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 320_000, 320_000]);
  });

  it('HTTP 429: exponential from 60 s', () => {
    expect([1, 2, 3].map((n) => backoffDelay(DisconnectKind.RateLimited, n))).toEqual([60_000, 120_000, 240_000]);
  });

  it('classifies failures', () => {
    expect(classify({ type: 'dropped', connectedForMs: MIN_ESTABLISHED_MS })).toBe(DisconnectKind.Dropped);
    expect(classify({ type: 'dropped', connectedForMs: 10 })).toBe(DisconnectKind.Network);
    expect(classify({ type: 'stalled' })).toBe(DisconnectKind.Network);
    expect(classify({ type: 'http', status: 429 })).toBe(DisconnectKind.RateLimited);
    expect(classify({ type: 'http', status: 401 })).toBe(DisconnectKind.Auth);
    expect(classify({ type: 'http', status: 503 })).toBe(DisconnectKind.Http);
  });

  it('grows while one kind repeats and starts over when the kind changes or on reset', () => {
    const b = new Backoff();
    expect([b.next('http'), b.next('http')].map((d) => d.delayMs)).toEqual([5_000, 10_000]);
    expect(b.next('network').delayMs).toBe(250);
    expect(b.next('network').delayMs).toBe(500);
    b.reset();
    expect(b.next('network').delayMs).toBe(250);
    expect(b.next('dropped').delayMs).toBe(0);
  });
});
