import { connectModerator, type ModeratorClient, type ModeratorEvents } from '@chat-wall/sdk';

/** A moderator client on its own connection. */
export function moderator(url: string, token: string): ModeratorClient {
  return connectModerator({ server: url, token, reconnectionDelayMax: 200, timeout: 5000 });
}

/** Resolves with the first moderator event of `type` that satisfies `predicate`. */
export function nextMod<K extends keyof ModeratorEvents>(
  client: ModeratorClient,
  type: K,
  predicate: (payload: ModeratorEvents[K]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ModeratorEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for moderator "${type}"`));
    }, timeoutMs);
    const off = client.on(type, (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Collects every moderator event of `type` from now on. */
export function collectMod<K extends keyof ModeratorEvents>(client: ModeratorClient, type: K): ModeratorEvents[K][] {
  const seen: ModeratorEvents[K][] = [];
  client.on(type, (payload) => seen.push(payload));
  return seen;
}

/** Resolves once `check()` holds, re-checking on each moderator event of `type` (at once if it holds now). */
export function untilMod<K extends keyof ModeratorEvents>(
  client: ModeratorClient,
  type: K,
  check: () => boolean,
  timeoutMs = 5000,
): Promise<unknown> {
  if (check()) return Promise.resolve();
  return nextMod(client, type, () => check(), timeoutMs);
}
