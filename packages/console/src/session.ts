import type { ModerationMode, TokenRole, WallError } from '@chat-wall/sdk';

/**
 * The signed-in moderator's token and the REST calls the socket API has no counterpart for
 * (who am I, which walls, audit files). The token lives in `sessionStorage`: it survives a
 * reload of the tab but not the tab itself, is never written to `localStorage`, and never
 * appears in a URL.
 */

const KEY = 'chat-wall-console:token';

/** The token saved in this tab, if any. */
export function savedToken(storage: Storage = sessionStorage): string | undefined {
  try {
    return storage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveToken(token: string, storage: Storage = sessionStorage): void {
  try {
    storage.setItem(KEY, token);
  } catch {
    // Storage off (private mode, policy): the console still works until the tab reloads.
  }
}

export function clearToken(storage: Storage = sessionStorage): void {
  try {
    storage.removeItem(KEY);
  } catch {
    // Nothing was saved, then.
  }
}

/** Who a token belongs to, as `GET /api/mod/me` answers. */
export interface Me {
  name: string;
  walls: string[];
  /** What the token may do; a relay older than roles leaves it out (both). */
  roles?: TokenRole[];
  expiresAt: string;
}

/** A wall the token covers, as `GET /api/mod/walls` answers. */
export interface WallSummary {
  tag: string;
  title?: string;
  mode: ModerationMode;
}

/** A refused REST call, with the relay's own message. */
export class RequestFailed extends Error {
  override name = 'RequestFailed';
  constructor(
    readonly status: number,
    readonly error: WallError | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** The relay's REST API, with the moderator's token. */
export class ModeratorApi {
  constructor(
    readonly server: string,
    private readonly token: string,
  ) {}

  async me(): Promise<Me> {
    const body = await this.json<{ moderator: Me }>('/api/mod/me');
    return body.moderator;
  }

  async walls(): Promise<WallSummary[]> {
    return (await this.json<{ walls: WallSummary[] }>('/api/mod/walls')).walls;
  }

  /** The wall's audit log as a file (newest first, the last 1,000 entries). */
  async auditFile(tag: string, format: 'csv' | 'json'): Promise<Blob> {
    const res = await this.fetch(`/api/mod/walls/${encodeURIComponent(tag)}/audit?format=${format}&limit=1000`);
    return res.blob();
  }

  private async json<T>(path: string): Promise<T> {
    return (await (await this.fetch(path)).json()) as T;
  }

  private async fetch(path: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.server), {
        headers: { authorization: `Bearer ${this.token}` },
        cache: 'no-store',
      });
    } catch {
      throw new RequestFailed(0, undefined, `Cannot reach the wall server at ${this.server}.`);
    }
    if (res.ok) return res;
    let error: WallError | undefined;
    try {
      error = ((await res.json()) as { error?: WallError }).error;
    } catch {
      // Not our relay's JSON (a proxy's page): fall back to the status.
    }
    throw new RequestFailed(res.status, error, error?.message ?? `The wall server answered ${res.status}.`);
  }
}
