import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustProxy, type TrustProxy } from './client-address.js';

/** The address a connection from the TCP peer `peer` with this `X-Forwarded-For` counts as. */
const addressOf = (trust: TrustProxy, peer: string, xff?: string): string =>
  clientAddress({ address: peer, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }, trust);

describe('client address behind proxies', () => {
  it('trusts nothing by default: the header is the client talking', () => {
    expect(addressOf(false, '203.0.113.5', '1.2.3.4')).toBe('203.0.113.5');
  });

  it('a hop count takes the entry that many proxies wrote, whatever the client prepended', () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; the one proxy (10.0.0.2) appended the real peer.
    expect(addressOf(1, '10.0.0.2', '6.6.6.6, 198.51.100.7')).toBe('198.51.100.7');
    expect(addressOf(1, '10.0.0.2', '198.51.100.7')).toBe('198.51.100.7');
    // Two proxies: the CDN appended the client, the load balancer appended the CDN.
    expect(addressOf(2, '10.0.0.2', '6.6.6.6, 198.51.100.7, 10.0.0.9')).toBe('198.51.100.7');
    // A hop count beyond the chain ends at its left-most entry.
    expect(addressOf(5, '10.0.0.2', '198.51.100.7')).toBe('198.51.100.7');
  });

  it('addresses and CIDRs: the right-most entry that is not a trusted proxy', () => {
    const trust = parseTrustProxy('10.0.0.0/8, 192.0.2.1');
    expect(addressOf(trust, '10.0.0.2', '6.6.6.6, 198.51.100.7, 10.1.2.3')).toBe('198.51.100.7');
    expect(addressOf(trust, '192.0.2.1', '6.6.6.6, 198.51.100.7')).toBe('198.51.100.7');
    // A peer that is not a trusted proxy is the client, whatever it writes.
    expect(addressOf(trust, '203.0.113.5', '10.0.0.1, 6.6.6.6')).toBe('203.0.113.5');
    // A client cannot hide behind a spoofed proxy address on the left.
    expect(addressOf(trust, '10.0.0.2', '10.9.9.9, 198.51.100.7')).toBe('198.51.100.7');
    expect(addressOf(parseTrustProxy('loopback'), '::ffff:127.0.0.1', '6.6.6.6, 198.51.100.7')).toBe('198.51.100.7');
  });

  it('true keeps its old meaning: the left-most entry (only behind a proxy that overwrites it)', () => {
    expect(addressOf(true, '10.0.0.2', '6.6.6.6, 198.51.100.7')).toBe('6.6.6.6');
  });

  it('TRUST_PROXY: false, true, hop counts, lists; a bad entry is named', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy(' 10.0.0.0/8 ,loopback')).toEqual(['10.0.0.0/8', 'loopback']);
    expect(() => parseTrustProxy('10.0.0.0/8, 10.0.0.0/99')).toThrow(/TRUST_PROXY: "10.0.0.0\/99"/);
    expect(() => parseTrustProxy('yes')).toThrow(/TRUST_PROXY: "yes"/);
  });
});
