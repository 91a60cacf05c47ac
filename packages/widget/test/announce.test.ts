// The paced live region in real Chromium against a real relay, with a clock the test moves: a
// post on a quiet wall is read, a burst becomes one count after the interval.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from './support/manual-clock.js';
import { mount, shadow, unmountAll, whenPost, whenStatus } from './support/mount.js';
import { startTestRelay, type TestRelay } from './support/relay.js';

const relays: TestRelay[] = [];
afterEach(async () => {
  unmountAll();
  await Promise.all(relays.splice(0).map((r) => r.close().catch(() => undefined)));
});

describe('<chat-wall> announcements', () => {
  it('reads a post on a quiet wall, then counts a burst once the interval is over', async () => {
    const r = await startTestRelay();
    relays.push(r);
    const clock = manualClock(Date.parse('2026-12-01T12:00:00Z'));
    const el = mount({ tag: 'askGMP', server: r.url, locale: 'fr' });
    el.clock = clock;
    await whenStatus(el, 'live');
    const region = () => shadow(el).querySelector('[part="announcer"]')!;
    expect(region().textContent).toBe('');

    const first = whenPost(el, 'replay:1');
    await r.push({ n: 1, text: 'Bonjour Cardiff #askGMP' });
    await first;
    // The announcer's chunk loads with the first post.
    await vi.waitFor(() => expect(region().textContent).toMatch(/^Nouveau message de .+ : Bonjour Cardiff #askGMP$/));

    const last = whenPost(el, 'replay:4');
    await r.push({ n: 2 }, { n: 3 }, { n: 4 });
    await last;
    // Within the interval the region keeps its words: nothing is read over them.
    expect(region().textContent).toMatch(/^Nouveau message de/);
    clock.set(clock.now() + 10_000);
    await el.updateComplete;
    expect(region().textContent).toBe('3 nouveaux messages');
  });

  it('announce="none" leaves the region silent', async () => {
    const r = await startTestRelay();
    relays.push(r);
    const el = mount({ tag: 'askGMP', server: r.url, announce: 'none' });
    await whenStatus(el, 'live');
    const shown = whenPost(el, 'replay:1');
    await r.push({ n: 1 });
    await shown;
    expect(shadow(el).querySelector('[part="announcer"]')?.textContent).toBe('');
  });
});
