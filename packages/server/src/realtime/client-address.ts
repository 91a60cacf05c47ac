import proxyaddr from 'proxy-addr';

/**
 * Which proxies in front of the relay are trusted to say who the client is, as express's
 * `trust proxy` setting: `false` (none: the TCP peer is the client), a hop count (`1`: the address
 * the nearest proxy saw), addresses, CIDR ranges or the names `loopback`, `linklocal`,
 * `uniquelocal` (comma-separated or a list), or a function `(address, hop) => trusted`.
 * `true` trusts every hop, so the left-most `X-Forwarded-For` entry wins: only behind a proxy that
 * overwrites that header, since a client can write any value into it.
 */
export type TrustProxy = boolean | number | string | readonly string[] | TrustFunction;

/** Whether the hop at `address`, `hop` steps from the relay (0 = the TCP peer), is a trusted proxy. */
export type TrustFunction = (address: string, hop: number) => boolean;

/** The compiled form of a {@linkcode TrustProxy} setting (express takes it as is). */
export function compileTrustProxy(trust: TrustProxy): TrustFunction {
  if (typeof trust === 'function') return trust;
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  const list = typeof trust === 'string' ? trust.split(',').map((s) => s.trim()) : [...trust];
  return proxyaddr.compile(list.filter((s) => s !== ''));
}

/**
 * Parses `TRUST_PROXY`: empty or `false` → none, `true` → every hop, a whole number → that many
 * hops, otherwise a comma-separated list of addresses, CIDRs and names (each checked now, so a typo
 * stops the relay at start instead of trusting the wrong hop).
 * @throws Error naming the variable and the bad entry.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value.split(',').map((s) => s.trim());
  for (const entry of list) {
    try {
      proxyaddr.compile(entry);
    } catch {
      throw new Error(
        `TRUST_PROXY: "${entry}" is not an address, a CIDR range, loopback, linklocal or uniquelocal ` +
          '(or use true, false, or a hop count)',
      );
    }
  }
  return list;
}

/**
 * The client address of a connection: walking `X-Forwarded-For` from the right (the entry the
 * nearest proxy wrote), the first address that is not a trusted proxy. Entries left of it are the
 * client's own words and are never believed.
 */
export function clientAddress(
  handshake: { address: string; headers: Record<string, string | string[] | undefined> },
  trust: TrustProxy | TrustFunction,
): string {
  const header = handshake.headers['x-forwarded-for'];
  const request = {
    socket: { remoteAddress: handshake.address },
    headers: { 'x-forwarded-for': Array.isArray(header) ? header.join(',') : header },
  };
  return proxyaddr(request as unknown as Parameters<typeof proxyaddr>[0], compileTrustProxy(trust));
}
