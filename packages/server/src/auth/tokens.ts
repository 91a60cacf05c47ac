import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ALL_ROLES, ErrorCode, type MintedToken, type TokenRole, type WallError } from '@chat-wall/sdk/protocol';
import type { Logger } from 'pino';
import type { Store, StoredToken } from '../store/store.js';
import { RequestError } from '../request-error.js';
import { checkAdminTokenStrength } from './admin-token.js';
import { AuthFailures, type AuthFailuresOptions, type FailureLedger } from './auth-failures.js';

/** Prefix of moderator tokens, so that leaked ones are easy to recognise (and to scan for). */
const PREFIX = 'cwm_';
/** Default lifetime of a moderator token. */
export const DEFAULT_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

/** Who a request acts as, once its token checked out. */
export interface Moderator {
  /** Token id, for the audit log. */
  id: string;
  name: string;
  walls: readonly string[];
  /** What the token may do; absent means every role (tokens minted before roles existed). */
  roles?: readonly TokenRole[];
  expiresAt: string;
}

/** A token as the admin listing shows it: never the secret, nor its hash. */
export interface TokenInfo {
  id: string;
  name: string;
  walls: readonly string[];
  roles: readonly TokenRole[];
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

/** Options of {@linkcode TokenService} beyond its store, admin token and clock. */
export interface TokenServiceOptions {
  /** Where failed attempts are logged (address and kind, never the token). */
  logger?: Logger;
  /** Backoff on failed authentication per address and overall. */
  failures?: AuthFailuresOptions;
  /**
   * In a cluster: where failures are counted for every relay (see {@linkcode SharedAuthFailures}),
   * given this relay's own count to fall back on.
   * @default this relay's {@linkcode AuthFailures}
   */
  ledger?: (local: AuthFailures) => FailureLedger;
}

/** Whether a moderator may act on the wall `tag` (canonical). */
export function canModerate(moderator: Moderator, tag: string): boolean {
  return moderator.walls.includes('*') || moderator.walls.includes(tag);
}

/** The roles a moderator holds (every role for tokens minted without any). */
export function rolesOf(moderator: Moderator): readonly TokenRole[] {
  return moderator.roles ?? ALL_ROLES;
}

/** Whether a moderator's token carries `role`. */
export function hasRole(moderator: Moderator, role: TokenRole): boolean {
  return rolesOf(moderator).includes(role);
}

/** The `forbidden` error (403) to answer when the moderator's token lacks `role`, else `undefined`. */
export function roleRefusal(moderator: Moderator, role: TokenRole, what: string): WallError | undefined {
  if (hasRole(moderator, role)) return undefined;
  return {
    code: ErrorCode.Forbidden,
    message: `Your token may not ${what}: it lacks the "${role}" role (it has ${rolesOf(moderator).join(', ')}).`,
  };
}

/**
 * Mints and checks moderator tokens. Tokens are 256 random bits, so a single fast SHA-256 is the
 * right hash (no salt or slow KDF needed: there is nothing to guess); only the hash is stored.
 */
export class TokenService {
  private readonly adminHash: Buffer | undefined;
  /** Failed attempts per address and overall; attempts during a backoff are refused unchecked. */
  readonly failures: FailureLedger;
  private readonly logger: Logger | undefined;
  private readonly revokeListeners = new Set<(ids: readonly string[]) => void>();

  /** @throws {@linkcode AdminTokenError} when `adminToken` is set but shorter than 32 characters. */
  constructor(
    private readonly store: Store,
    adminToken: string | undefined,
    private readonly now: () => number = Date.now,
    options: TokenServiceOptions = {},
  ) {
    checkAdminTokenStrength(adminToken);
    this.adminHash = adminToken ? sha256(adminToken) : undefined;
    const local = new AuthFailures({ now, ...options.failures });
    this.failures = options.ledger ? options.ledger(local) : local;
    this.logger = options.logger;
  }

  /** Refuses `from` with a 429 while it (or everyone) is backing off after failed attempts. */
  private async gate(from: string): Promise<void> {
    const retryInMs = await this.failures.retryIn(from);
    if (retryInMs === 0) return;
    throw new RequestError(
      {
        code: ErrorCode.RateLimited,
        message: `Too many failed sign-in attempts; try again in ${Math.ceil(retryInMs / 1000)} s.`,
      },
      { retryInMs },
    );
  }

  /** Counts and logs a failed attempt, then throws it. */
  private async failed(from: string, kind: 'admin' | 'moderator', error: RequestError): Promise<never> {
    await this.failures.fail(from);
    this.logger?.warn({ address: from, kind, reason: error.message }, 'authentication failed');
    throw error;
  }

  /** Whether admin routes are enabled (an admin token is configured). */
  get adminEnabled(): boolean {
    return this.adminHash !== undefined;
  }

  /**
   * Throws {@linkcode RequestError} unless `presented` is the admin token. Constant-time. Failures
   * count against the client address `from` (401), and an address backing off gets 429 unchecked.
   */
  async checkAdmin(presented: string | undefined, from = 'unknown'): Promise<void> {
    if (!this.adminHash) {
      throw new RequestError({
        code: ErrorCode.Forbidden,
        message: 'Admin routes are disabled: set CHAT_WALL_ADMIN_TOKEN to enable them.',
      });
    }
    // Comparing hashes keeps the comparison constant-time whatever the presented length.
    await this.gate(from);
    if (!presented || !timingSafeEqual(sha256(presented), this.adminHash)) {
      return this.failed(
        from,
        'admin',
        new RequestError({ code: ErrorCode.Unauthorized, message: 'Invalid admin token.' }),
      );
    }
    await this.failures.succeed(from);
  }

  /** Creates a moderator token for `walls` with `roles` (both by default); the secret is in the answer only. */
  async mint(
    name: string,
    walls: readonly string[],
    ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS,
    roles: readonly TokenRole[] = ALL_ROLES,
  ): Promise<MintedToken> {
    const token = PREFIX + randomBytes(32).toString('base64url');
    const hash = sha256(token).toString('hex');
    const now = this.now();
    const record: StoredToken = {
      id: hash.slice(0, 12),
      hash,
      name,
      walls: [...walls],
      roles: [...new Set(roles)],
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + ttlSeconds * 1000).toISOString(),
    };
    await this.store.putToken(record);
    return { token, id: record.id, name, walls: record.walls, roles: record.roles!, expiresAt: record.expiresAt };
  }

  /** Whether a moderator's token has expired since it was verified (long-lived sockets). */
  expired(moderator: Moderator): boolean {
    return Date.parse(moderator.expiresAt) <= this.now();
  }

  /** Revokes a token by id; resolves whether it existed. Listeners hear of it at once. */
  async revoke(id: string): Promise<boolean> {
    const existed = await this.store.deleteToken(id);
    if (existed) for (const listener of this.revokeListeners) listener([id]);
    return existed;
  }

  /** Revokes every moderator token; resolves with how many there were. */
  async revokeAll(): Promise<number> {
    const ids: string[] = [];
    for (const token of await this.store.listTokens()) {
      if (await this.store.deleteToken(token.id)) ids.push(token.id);
    }
    if (ids.length > 0) for (const listener of this.revokeListeners) listener(ids);
    return ids.length;
  }

  /** Every token, without its secret or hash, oldest first, each saying whether it has expired. */
  async list(): Promise<TokenInfo[]> {
    const now = this.now();
    return (await this.store.listTokens()).map((t) => ({
      id: t.id,
      name: t.name,
      walls: t.walls,
      roles: t.roles ?? [...ALL_ROLES],
      createdAt: t.createdAt,
      expiresAt: t.expiresAt,
      expired: Date.parse(t.expiresAt) <= now,
    }));
  }

  /**
   * Whether a token verified earlier is still stored and unexpired (long-lived sockets re-check,
   * which also catches revocations made on another relay). Not counted as a sign-in attempt.
   */
  async stillValid(presented: string): Promise<boolean> {
    const stored = await this.store.findToken(sha256(presented).toString('hex'));
    return stored !== undefined && Date.parse(stored.expiresAt) > this.now();
  }

  /** Calls `listener` with the ids of tokens revoked through this service; returns an unsubscribe. */
  onRevoke(listener: (ids: readonly string[]) => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  /**
   * The moderator a token stands for; throws {@linkcode RequestError} (401) if it is missing, unknown or
   * expired. A presented token that fails counts against the client address `from`; an address
   * backing off gets 429 without its token being looked up.
   */
  async verify(presented: string | undefined, from = 'unknown'): Promise<Moderator> {
    if (!presented) {
      // Nothing guessed: not counted (a console opening without a token is no attack).
      throw new RequestError({ code: ErrorCode.Unauthorized, message: 'A moderator token is required.' });
    }
    await this.gate(from);
    const invalid = (): RequestError =>
      new RequestError({ code: ErrorCode.Unauthorized, message: 'Invalid moderator token.' });
    if (!presented.startsWith(PREFIX) || presented.length > 200) return this.failed(from, 'moderator', invalid());
    const hash = sha256(presented);
    const stored = await this.store.findToken(hash.toString('hex'));
    // The store found it by hash; compare again in constant time so a store with a loose index cannot leak.
    if (!stored || !timingSafeEqual(Buffer.from(stored.hash, 'hex'), hash))
      return this.failed(from, 'moderator', invalid());
    if (Date.parse(stored.expiresAt) <= this.now()) {
      throw new RequestError({
        code: ErrorCode.Unauthorized,
        message: `Moderator token expired at ${stored.expiresAt}; ask an admin for a new one.`,
      });
    }
    await this.failures.succeed(from);
    return {
      id: stored.id,
      name: stored.name,
      walls: stored.walls,
      roles: stored.roles ?? ALL_ROLES,
      expiresAt: stored.expiresAt,
    };
  }
}

/** The token of an `Authorization: Bearer <token>` header, if it has one. */
export function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
