/**
 * The signed-in moderator's token. It lives in `sessionStorage`: it survives a reload of the tab
 * but not the tab itself, is never written to `localStorage`, and never appears in a URL. The REST
 * calls the console makes (who am I, which walls, audit files) are the SDK moderator client's.
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
