import { Manager } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type TestRelay } from './support/util.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

async function relay(options: Parameters<typeof startRelay>[1]): Promise<TestRelay> {
  // The per-minute viewer budget is not what these tests are about.
  const t = await startRelay(undefined, { viewers: { connectionsPerMinute: 100_000 }, ...options });
  open.push(t);
  return t;
}

/**
 * A raw engine.io connection (no namespace joined): the manager under every socket.io socket.
 * Resolves whether the relay admitted it.
 */
function engine(url: string, headers: Record<string, string> = {}): Promise<{ ok: boolean; manager: Manager }> {
  const manager = new Manager(url, {
    transports: ['websocket'],
    reconnection: false,
    autoConnect: false,
    forceNew: true,
    extraHeaders: headers,
  } as ConstructorParameters<typeof Manager>[1]);
  const closer = { close: () => manager.engine?.close() };
  open.push(closer);
  return new Promise((resolve) => manager.open((err) => resolve({ ok: !err, manager })));
}

/** Resolves once `check()` holds, polling the relay's own count (no event tells the test a TCP close happened). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('concurrent connection caps at the engine', () => {
  it('holds one address to its cap across hundreds of raw engine.io connections, and frees places as they close', async () => {
    const t = await relay({ connections: { perAddress: 250, overall: 10_000 } });
    const results = await Promise.all(Array.from({ length: 300 }, () => engine(t.url)));
    expect(results.filter((r) => r.ok)).toHaveLength(250);
    expect(results.filter((r) => !r.ok)).toHaveLength(50);
    expect(t.relay.connectionCaps.size).toBe(250);
    expect(await t.relay.metrics.registry.metrics()).toMatch(
      /chat_wall_client_errors_total\{code="connection_limit"\} 50/,
    );

    // The cap covers every namespace: a moderator socket from the same address is refused too.
    const mod = new Manager(t.url, { transports: ['websocket'], reconnection: false, forceNew: true }).socket(
      '/moderate',
      { auth: { token: 'cwm_whatever' } },
    );
    open.push(mod);
    const refused = await new Promise<Error>((resolve) => mod.once('connect_error', resolve));
    expect(refused.message).toMatch(/websocket error/);

    for (const r of results.filter((x) => x.ok).slice(0, 10)) r.manager.engine.close();
    await until(() => t.relay.connectionCaps.size === 240);
    const again = await Promise.all(Array.from({ length: 11 }, () => engine(t.url)));
    expect(again.filter((r) => r.ok)).toHaveLength(10);
  });

  it('caps connections overall, whichever addresses they come from', async () => {
    const t = await relay({ connections: { perAddress: 60, overall: 100 }, trustProxy: 'loopback' });
    const from = (n: number) => ({ 'x-forwarded-for': `198.51.100.${n}` });
    const a = await Promise.all(Array.from({ length: 61 }, () => engine(t.url, from(1))));
    expect(a.filter((r) => r.ok)).toHaveLength(60);
    const b = await Promise.all(Array.from({ length: 40 }, () => engine(t.url, from(2))));
    expect(b.filter((r) => r.ok)).toHaveLength(40);
    expect((await engine(t.url, from(3))).ok).toBe(false);
    expect(t.relay.connectionCaps.size).toBe(100);
  });
});
