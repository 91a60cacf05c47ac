// End to end: the console's producer view in Debian's Chromium, two producers on one relay in this
// process and an overlay page following them: the rundown by keyboard and by drag, Space and Esc,
// both consoles in sync, a lost race told who won, and what each token's roles show.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makePost, type TestRelay } from '../../packages/server/test/support/util.js';
import { item, mintToken, pushValve, signIn, startConsoleRelay, ui, useBrowser, watch } from './support/console.js';

const chromium = useBrowser();

/** A relay whose #BuyerChat (auto-moderated: approved on arrival) has posts replay:1 … replay:n. */
async function relay(n = 4): Promise<TestRelay> {
  const t = chromium.keep(await startConsoleRelay());
  t.source.push(
    ...Array.from({ length: n }, (_, i) => ({
      ...makePost(i + 1, `Buyer question ${i + 1} #BuyerChat`),
      tags: ['buyerchat'],
    })),
  );
  await t.relay.ingest.drain();
  return t;
}

async function newPage(): Promise<Page> {
  const p = chromium.keep(await chromium.browser().newPage({ viewport: { width: 1280, height: 900 } }));
  watch(p);
  return p;
}

/** A console signed in with a token for #BuyerChat only, so it opens that wall at once. */
async function producer(t: TestRelay, name: string, roles?: ('moderate' | 'produce')[]): Promise<Page> {
  const p = await newPage();
  await signIn(p, t.url, await mintToken(t.url, name, ['buyerchat'], roles));
  return p;
}

const desk = (p: Page, selector: string) => ui(p, `chat-wall-console-producer ${selector}`);
const approved = (p: Page, id: string) => desk(p, `[data-part="approved"] article[data-post-id="${id}"]`);
const rundownIds = (p: Page) =>
  desk(p, '[data-part="rundown"] article[data-post-id]').evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-post-id')),
  );
const onAirId = (p: Page) =>
  desk(p, '[data-part="program"]').evaluate(
    (el) => el.querySelector('article[data-post-id]')?.getAttribute('data-post-id') ?? null,
  );

/** Opens the Program view with its key and waits for the program to load. */
async function openProgram(p: Page): Promise<void> {
  await p.keyboard.press('8');
  await desk(p, '[data-part="program"]').waitFor();
  await approved(p, 'replay:4').waitFor();
}

describe('producer view', () => {
  it('builds a rundown by keyboard and drag, takes with Space, clears with Esc; two consoles and the overlay agree', async () => {
    const t = await relay();
    const alice = await producer(t, 'alice');
    const bob = await producer(t, 'bob', ['produce']);
    const overlay = await newPage();
    await overlay.goto(`${t.url}/overlay/BuyerChat?layout=lower-third&motion=none`);
    await overlay.locator('chat-wall').waitFor();

    await openProgram(alice);
    // A produce-only token opens on the program by itself.
    await desk(bob, '[data-part="program"]').waitFor();
    expect(await ui(bob, '[role="tab"][aria-selected="true"]').getAttribute('data-view')).toBe('program');

    // Keyboard: the newest approved post is selected; a adds it, j moves on, a adds the next.
    expect(await approved(alice, 'replay:4').getAttribute('aria-current')).toBe('true');
    await alice.keyboard.press('a');
    await alice.keyboard.press('j');
    await expect.poll(() => approved(alice, 'replay:3').getAttribute('aria-current')).toBe('true');
    await alice.keyboard.press('a');
    await expect.poll(() => rundownIds(alice)).toEqual(['replay:4', 'replay:3']);
    await expect.poll(() => rundownIds(bob)).toEqual(['replay:4', 'replay:3']);

    // Drag: Bob drops an approved post on the top of the rundown; Alice sees it there.
    await approved(bob, 'replay:1').dragTo(desk(bob, '[data-part="rundown"] article[data-post-id="replay:4"]'));
    await expect.poll(() => rundownIds(bob)).toEqual(['replay:1', 'replay:4', 'replay:3']);
    await expect.poll(() => rundownIds(alice)).toEqual(['replay:1', 'replay:4', 'replay:3']);
    // And drags a rundown post below another to reorder.
    await desk(bob, '[data-part="rundown"] article[data-post-id="replay:3"]').dragTo(
      desk(bob, '[data-part="rundown"] article[data-post-id="replay:4"]'),
    );
    await expect.poll(() => rundownIds(alice)).toEqual(['replay:1', 'replay:3', 'replay:4']);

    // Keyboard reorder: → to the rundown (its selection stayed on the first post Alice added), Shift+K moves it up.
    await alice.keyboard.press('ArrowRight');
    await expect
      .poll(() =>
        alice.evaluate(() => {
          const desk = document
            .querySelector('chat-wall-console')!
            .shadowRoot!.querySelector('chat-wall-console-producer')!;
          return desk.shadowRoot!.activeElement?.getAttribute('data-post-id');
        }),
      )
      .toBe('replay:4');
    await alice.keyboard.press('K');
    await expect.poll(() => rundownIds(bob)).toEqual(['replay:1', 'replay:4', 'replay:3']);
    expect(await desk(alice, '[data-part="next"] article').getAttribute('data-post-id')).toBe('replay:1');

    // Space takes the next post: on the overlay, and on both consoles with who took it.
    await alice.keyboard.press(' ');
    await overlay.locator('chat-wall [part~="on-air"][data-post-id="replay:1"]').waitFor();
    await expect.poll(() => onAirId(bob)).toBe('replay:1');
    expect(await desk(bob, '[data-part="taken-by"]').textContent()).toContain('alice');
    await expect.poll(() => desk(alice, '[data-part="on-air-time"]').textContent()).toMatch(/^\d+:\d\d$/);
    expect(await desk(bob, '[data-part="next"] article').getAttribute('data-post-id')).toBe('replay:4');

    // Bob's Space takes the one after it; the "Next" button does the same as the key.
    await bob.keyboard.press(' ');
    await overlay.locator('chat-wall [part~="on-air"][data-post-id="replay:4"]').waitFor();
    await expect.poll(() => onAirId(alice)).toBe('replay:4');
    await desk(alice, 'button[data-command="take-next"]').click();
    await expect.poll(() => onAirId(bob)).toBe('replay:3');
    await overlay.locator('chat-wall [part~="on-air"][data-post-id="replay:3"]').waitFor();

    const shots = process.env.PRODUCER_SHOTS; // a folder to keep screenshots in, to look at them
    if (shots) await alice.screenshot({ path: `${shots}/producer-on-air.png`, fullPage: true });

    // Esc clears: off the overlay and off both consoles.
    await bob.keyboard.press('Escape');
    await overlay.locator('chat-wall [part~="on-air"]').waitFor({ state: 'detached' });
    await expect.poll(() => onAirId(alice)).toBeNull();
    await expect.poll(() => ui(alice, '[role="status"].notice').textContent()).toMatch(/On air: the post by @user3/);
    expect(await ui(bob, '[role="status"].notice').textContent()).toMatch(/Cleared the air/);

    // x takes the selected post out of the rundown (Alice's selection is still in it).
    await desk(alice, '[data-part="rundown"] article[data-post-id="replay:4"]').click();
    await alice.keyboard.press('x');
    await expect.poll(() => rundownIds(bob)).toEqual(['replay:1', 'replay:3']);
    if (shots) await bob.screenshot({ path: `${shots}/producer-cleared.png`, fullPage: true });
  });

  it('of two producers taking at once, the one who saw an old program is told who won', async () => {
    const t = await relay();
    const alice = await producer(t, 'alice', ['produce']);
    const bob = await newPage();
    const valve = await pushValve(bob);
    await signIn(bob, t.url, await mintToken(t.url, 'bob', ['buyerchat'], ['produce']));
    await desk(alice, '[data-part="program"]').waitFor();
    await desk(bob, '[data-part="program"]').waitFor();
    await approved(bob, 'replay:2').waitFor();

    // Bob's network is slow: he does not hear of Alice's take before he takes replay:2 himself.
    valve.hold();
    await alice.keyboard.press(' ');
    await expect.poll(() => onAirId(alice)).toBe('replay:4');
    expect(await onAirId(bob)).toBeNull();
    await approved(bob, 'replay:2').click();
    await bob.keyboard.press('t');
    await expect
      .poll(() => ui(bob, '[role="status"].notice').textContent())
      .toMatch(/program changed since you saw it.*alice took post replay:4 to air/);
    expect(await ui(bob, '[role="status"].notice').getAttribute('data-kind')).toBe('error');
    // His console shows the winner's take at once, without waiting for the held pushes.
    await expect.poll(() => onAirId(bob)).toBe('replay:4');
    valve.release();
    // Alice's take stands: nothing of Bob's reached the air.
    expect(t.relay.walls.get('buyerchat')!.log.snapshot.wall.program?.onAir?.post.id).toBe('replay:4');
    expect(await onAirId(alice)).toBe('replay:4');
  });

  it('shows each token only what its roles allow', async () => {
    const t = await relay(2);
    // Produce-only: the program, the wall without decisions, no queue, removed or settings.
    const prod = await producer(t, 'pat', ['produce']);
    await desk(prod, '[data-part="program"]').waitFor();
    const tabs = (p: Page) => ui(p, '[role="tab"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-view')));
    expect(await tabs(prod)).toEqual(['wall', 'audit', 'questions', 'sessions', 'program', 'sources']);
    await prod.keyboard.press('1'); // the queue's key does nothing
    expect(await ui(prod, '[role="tab"][aria-selected="true"]').getAttribute('data-view')).toBe('program');
    await prod.keyboard.press('2');
    await item(prod, 'replay:2').waitFor();
    expect(await item(prod, 'replay:2').locator('button[data-command]').count()).toBe(0);
    await prod.keyboard.press('x'); // remove: not this token's to do
    expect(await ui(prod, '.keys').textContent()).not.toMatch(/Remove from the wall|Pin/);
    expect((await ui(prod, '[role="status"].notice').textContent())?.trim()).toBe('');
    expect((await t.relay.store.getPost('buyerchat', 'replay:2'))?.status).toBe('approved');
    // Questions and sessions: read, not changed (the relay refuses a producer's triage too).
    t.source.push({ ...makePost(9, 'Is the shop open on Sunday? #BuyerChat'), tags: ['buyerchat'] });
    await t.relay.ingest.drain();
    await prod.keyboard.press('6');
    await ui(prod, 'chat-wall-console-questions article[data-post-id="replay:9"]').waitFor();
    const changes = (p: Page, view: string) => ui(p, `${view} button[data-command], ${view} form.assign`).count();
    expect(await changes(prod, 'chat-wall-console-questions')).toBe(0);
    await prod.keyboard.press('7');
    await ui(prod, 'chat-wall-console-sessions [data-empty="sessions"]').waitFor();
    expect(await changes(prod, 'chat-wall-console-sessions')).toBe(0);

    // Moderate-only: decisions, and no program at all.
    const mod = await producer(t, 'mo', ['moderate']);
    expect(await tabs(mod)).toEqual([
      'queue',
      'wall',
      'removed',
      'settings',
      'audit',
      'questions',
      'sessions',
      'sources',
    ]);
    await mod.keyboard.press('8');
    expect(await ui(mod, '[role="tab"][aria-selected="true"]').getAttribute('data-view')).toBe('queue');
    expect(await ui(mod, 'chat-wall-console-producer').count()).toBe(0);
    await mod.keyboard.press('2');
    await item(mod, 'replay:2').locator('button[data-command="remove"]').waitFor();
    await mod.keyboard.press('6');
    await ui(
      mod,
      'chat-wall-console-questions article[data-post-id="replay:9"] button[data-command="dismiss"]',
    ).waitFor();
    expect(await ui(mod, 'chat-wall-console-questions form.assign').count()).toBe(1);
    await mod.keyboard.press('7');
    await ui(mod, 'chat-wall-console-sessions button[data-command="new-session"]').waitFor();
  });
});
