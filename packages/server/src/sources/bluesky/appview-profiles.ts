import type { Clock } from '../../clock.js';
import { HttpStatusError, retryAfterMs } from '../retry.js';
import { profileSchema, type Profile } from './bluesky-payload.js';

/** `app.bsky.actor.getProfiles` takes at most 25 actors per request. */
export const PROFILES_PER_REQUEST = 25;
/** How long a profile is reused before it is asked again (handles and names change rarely). */
const TTL_MS = 60 * 60_000;
/** Profiles kept at most; the oldest go first. */
const MAX_CACHED = 10_000;
/** After a failure, profiles are not asked for this long: posts show the DID meanwhile. */
const PAUSE_AFTER_FAILURE_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface ProfileLookup {
  /** Profiles by DID; a DID the AppView does not know (or an AppView that failed) is missing. */
  profiles(dids: readonly string[]): Promise<Map<string, Profile>>;
  /** A DID changed its handle (Jetstream `identity` event): ask again next time. */
  forget(did: string): void;
}

/**
 * Author profiles from a Bluesky AppView, asked in batches of 25 and cached for an hour. The
 * AppView is remote and may be down or answer nonsense: every profile is checked, a failure is
 * reported (`lastError`) and pauses asking for 30 s (or as long as a 429 says) so posts are not
 * held up behind it; they show the author's DID instead.
 */
export class AppViewProfiles implements ProfileLookup {
  private readonly cache = new Map<string, { profile: Profile | undefined; at: number }>();
  private pausedUntil = 0;
  lastError: string | undefined;
  requests = 0;

  constructor(
    private readonly appview: string,
    private readonly clock: Clock,
  ) {}

  async profiles(dids: readonly string[]): Promise<Map<string, Profile>> {
    const found = new Map<string, Profile>();
    const missing: string[] = [];
    const now = this.clock.now();
    for (const did of new Set(dids)) {
      const hit = this.cache.get(did);
      if (hit && now - hit.at < TTL_MS) {
        if (hit.profile) found.set(did, hit.profile);
      } else missing.push(did);
    }
    if (missing.length === 0 || now < this.pausedUntil) return found;
    for (let i = 0; i < missing.length; i += PROFILES_PER_REQUEST) {
      const batch = missing.slice(i, i + PROFILES_PER_REQUEST);
      try {
        for (const [did, profile] of await this.fetchBatch(batch)) found.set(did, profile);
        this.lastError = undefined;
      } catch (err) {
        const wait = err instanceof HttpStatusError ? err.retryAfterMs : undefined;
        this.pausedUntil = this.clock.now() + Math.max(wait ?? 0, PAUSE_AFTER_FAILURE_MS);
        this.lastError = `AppView profiles: ${err instanceof Error ? err.message : String(err)}`;
        break;
      }
    }
    return found;
  }

  forget(did: string): void {
    this.cache.delete(did);
  }

  private async fetchBatch(dids: string[]): Promise<Map<string, Profile>> {
    const url = new URL('/xrpc/app.bsky.actor.getProfiles', this.appview);
    for (const did of dids) url.searchParams.append('actors', did);
    this.requests++;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new Error(err instanceof Error && err.name === 'TimeoutError' ? 'no answer' : 'unreachable');
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new HttpStatusError(res.status, `HTTP ${res.status}`, retryAfterMs(res.headers, this.clock.now()));
    }
    const body = (await res.json().catch(() => undefined)) as { profiles?: unknown } | undefined;
    if (!body || !Array.isArray(body.profiles)) throw new Error('the answer has no profiles list');
    const wanted = new Set(dids);
    const found = new Map<string, Profile>();
    const at = this.clock.now();
    for (const item of body.profiles.slice(0, PROFILES_PER_REQUEST)) {
      const parsed = profileSchema.safeParse(item);
      // Only the DIDs asked for: an AppView cannot plant a profile for someone else.
      if (parsed.success && wanted.has(parsed.data.did)) found.set(parsed.data.did, parsed.data);
    }
    for (const did of dids) this.remember(did, found.get(did), at);
    return found;
  }

  private remember(did: string, profile: Profile | undefined, at: number): void {
    this.cache.delete(did);
    this.cache.set(did, { profile, at });
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
  }
}
