import type { Session } from '@chat-wall/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatWall } from '../src/chat-wall.js';
import { violations } from './support/axe.js';
import { emulateMedia } from './support/emulate.js';
import { manualClock, type ManualClock } from './support/manual-clock.js';
import { postIds, shadow, unmountAll, whenState, whenStatus } from './support/mount.js';
import { startTestRelay, type PostSpec, type TestRelay } from './support/relay.js';

const relays: TestRelay[] = [];
const mounted: ChatWall[] = [];
afterEach(async () => {
  unmountAll();
  mounted.splice(0).forEach((el) => el.remove());
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

async function relay(): Promise<TestRelay> {
  const r = await startTestRelay();
  relays.push(r);
  return r;
}

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

/** One session starting two days and five seconds after T0, lasting an hour. */
const SESSION: Session = {
  id: 's-1',
  title: 'Ask the Chief Constable',
  description: 'Officers answer from noon.',
  start: iso(T0 + 2 * DAY + 5000),
  end: iso(T0 + 2 * DAY + 5000 + 3_600_000),
};

/** A `<chat-wall>` on `clock`, added to the page (and removed after the test). */
async function mountOn(r: TestRelay, clock: ManualClock, attributes: Record<string, string> = {}): Promise<ChatWall> {
  const el = document.createElement('chat-wall');
  el.clock = clock;
  for (const [name, value] of Object.entries({ tag: 'askGMP', server: r.url, locale: 'en', ...attributes })) {
    el.setAttribute(name, value);
  }
  document.body.append(el);
  mounted.push(el);
  await whenStatus(el, 'live');
  return el;
}

const q = (el: ChatWall, selector: string) => shadow(el).querySelector<HTMLElement>(selector);

describe('<chat-wall> before, during and after a session', () => {
  it('counts down in the viewer’s words, ticking only the countdown, then shows the live wall and the recap', async () => {
    const r = await relay();
    await r.updateWall({ sessions: [SESSION] });
    await r.push({ n: 1 });
    const clock = manualClock(T0);
    const el = await mountOn(r, clock);

    const panel = q(el, '[part="session"]')!;
    expect(panel.dataset.phase).toBe('before');
    expect(panel.querySelector('.session-title')?.textContent).toBe('Ask the Chief Constable');
    expect(panel.querySelector('.description')?.textContent).toBe('Officers answer from noon.');
    expect(panel.querySelector('.take-part')?.textContent).toContain('#askGMP');
    expect(panel.querySelector('.when')?.textContent).toMatch(/December 3/);
    const countdown = q(el, '[part="countdown"]')!;
    expect(countdown.getAttribute('role')).toBe('timer');
    expect(countdown.textContent?.replace(/\s+/g, ' ').trim()).toBe('Starts in 2 days');
    // The post made before the start is still there, under the panel.
    expect(postIds(el)).toEqual(['replay:1']);

    // Ticks change the countdown's text only: the wall itself does not render again.
    const render = vi.spyOn(el, 'render');
    clock.set(T0 + DAY / 2 + 5001);
    expect(countdown.querySelector('.words')?.textContent).toBe('in 1 day');
    clock.set(T0 + 2 * DAY + 5000 - 65_000);
    expect(countdown.querySelector('.words')?.textContent).toBe('in 1 minute');
    expect(countdown.querySelector('.clock')?.textContent).toBe('01:05');
    clock.set(T0 + 2 * DAY + 5000 - 64_000);
    expect(countdown.querySelector('.clock')?.textContent).toBe('01:04');
    expect(render).not.toHaveBeenCalled();

    // The start: one render, the live wall.
    clock.set(Date.parse(SESSION.start));
    await el.updateComplete;
    expect(render).toHaveBeenCalledTimes(1);
    expect(q(el, '[part="session"]')?.dataset.phase).toBe('live');
    expect(q(el, '[part="countdown"]')).toBeNull();
    expect(postIds(el)).toEqual(['replay:1']);
    expect([...q(el, '[part="base"]')!.classList]).toEqual(['base', 'layout-list']);

    clock.set(Date.parse(SESSION.end));
    await el.updateComplete;
    const ended = q(el, '[part="session"]')!;
    expect(ended.dataset.phase).toBe('ended');
    const link = ended.querySelector<HTMLAnchorElement>('[part="recap-link"]')!;
    expect(link.href).toBe(`${r.url}/api/walls/askgmp/export?format=md&session=s-1`);
    expect(link.rel).toBe('noopener noreferrer nofollow');
    expect(link.textContent).toContain('Read the recap');
  });

  it('shows only the session panel before the start when nothing was posted, in the page’s locale', async () => {
    const r = await relay();
    await r.updateWall({ sessions: [SESSION] });
    const el = await mountOn(r, manualClock(T0), { locale: 'de' });
    expect(q(el, '[part="countdown"] .words')?.textContent).toBe('in 2 Tagen');
    expect(q(el, '.feed')).toBeNull();
    expect(q(el, '[part="empty"]')).toBeNull();
  });

  it('follows schedule changes live and keeps no timer while out of the document', async () => {
    const r = await relay();
    const clock = manualClock(T0);
    const el = await mountOn(r, clock);
    expect(q(el, '[part="session"]')).toBeNull();
    expect(clock.pending()).toBe(0);

    const scheduled = whenState(el, (s) => s.wall.sessions.length === 1);
    await r.updateWall({ sessions: [{ ...SESSION, start: iso(T0 + 90_000), end: iso(T0 + 3_600_000) }] });
    await scheduled;
    expect(q(el, '[part="countdown"] .clock')?.textContent).toBe('01:30');
    // The countdown's tick and the wake-up at the start.
    expect(clock.pending()).toBe(2);

    el.remove();
    expect(clock.pending()).toBe(0);
    // Back in the page, it connects again and counts down again.
    document.body.append(el);
    await whenState(el, (s) => s.wall.sessions.length === 1);
    expect(clock.pending()).toBe(2);
  });
});

/** A host question, answers and audience questions of session s-1. */
function qaPosts(): PostSpec[] {
  const at = (minute: number) => iso(T0 + minute * 60_000);
  const thread = (t: object) => ({ sessionId: 's-1', ...t });
  return [
    {
      n: 1,
      text: 'Q1: What keeps you up at night? #askGMP',
      host: true,
      thread: thread({ question: 1 }),
      createdAt: at(1),
    },
    {
      n: 2,
      text: 'A1 Burglaries on my street #askGMP',
      thread: thread({ answers: 1, answerTo: 'replay:1' }),
      createdAt: at(2),
    },
    {
      n: 3,
      text: 'Is the station open on Sundays? #askGMP',
      ask: { state: 'open' },
      thread: thread({}),
      createdAt: at(3),
    },
    {
      n: 4,
      text: 'Q2: How do you report a crime? #askGMP',
      host: true,
      thread: thread({ question: 2 }),
      createdAt: at(4),
    },
    {
      n: 5,
      text: 'Yes, from 10 to 4. #askGMP',
      host: true,
      thread: thread({ answerTo: 'replay:3' }),
      createdAt: at(5),
    },
    {
      n: 6,
      text: 'a1 - <b>Speeding</b> #askGMP',
      thread: thread({ answers: 1, answerTo: 'replay:1' }),
      createdAt: at(6),
    },
    {
      n: 7,
      text: 'Why are there no patrols? #askGMP',
      ask: { state: 'answered' },
      thread: thread({}),
      createdAt: at(7),
    },
    { n: 8, text: 'Just saying hi #askGMP', thread: thread({}), createdAt: at(8) },
  ];
}

describe('<chat-wall layout="qa">', () => {
  it('threads answers beneath their question, marks the current one and answered audience questions', async () => {
    const r = await relay();
    await r.updateWall({ sessions: [{ ...SESSION, start: iso(T0), end: iso(T0 + 3_600_000) }] });
    await r.logPosts(...qaPosts());
    const el = await mountOn(r, manualClock(T0 + 600_000), { layout: 'qa' });

    // Cards drawn as in the list.
    expect([...q(el, '[part="base"]')!.classList]).toEqual(['base', 'layout-qa', 'layout-list']);
    const threads = [...shadow(el).querySelectorAll<HTMLElement>('.question-thread')];
    expect(threads.map((t) => t.dataset.question)).toEqual(['1', '2']);
    const [first, second] = threads;
    expect(first!.querySelector('[part~="question"]')?.getAttribute('data-post-id')).toBe('replay:1');
    expect([...first!.querySelectorAll('[part~="answer"]')].map((a) => a.getAttribute('data-post-id'))).toEqual([
      'replay:2',
      'replay:6',
    ]);
    // Remote markup stays text.
    expect(first!.querySelector('[data-post-id="replay:6"] [part="post-body"]')?.textContent).toBe(
      'a1 - <b>Speeding</b> #askGMP',
    );
    expect(first!.querySelector('b')).toBeNull();
    expect(second!.querySelector('[part~="question"]')?.getAttribute('part')).toBe('post question current');
    expect(second!.querySelector('.mark.current')?.textContent).toBe('Current question');
    expect(first!.querySelector('[part~="current"]')).toBeNull();

    const audience = [...shadow(el).querySelectorAll<HTMLElement>('.audience-thread')];
    expect(audience.map((a) => a.querySelector('[part~="audience-question"]')?.getAttribute('data-post-id'))).toEqual([
      'replay:3',
      'replay:7',
    ]);
    // Answered by the host's linked reply, and by a moderator's mark.
    expect(audience.map((a) => a.hasAttribute('data-answered'))).toEqual([true, true]);
    expect(audience[0]!.querySelector('.mark.answered')?.textContent).toBe('Answered');
    expect([...audience[0]!.querySelectorAll('[part~="answer"]')].map((a) => a.getAttribute('data-post-id'))).toEqual([
      'replay:5',
    ]);
    // A post that is neither question nor answer is not in the Q&A.
    expect(shadow(el).querySelector('[data-post-id="replay:8"]')).toBeNull();
    // Contract: every post element has part~="post" and data-post-id.
    for (const post of shadow(el).querySelectorAll('article')) {
      expect(post.getAttribute('part')?.split(' ')).toContain('post');
      expect(post.getAttribute('data-post-id')).toMatch(/^replay:\d+$/);
    }

    // A new question becomes the current one; a dismissed audience question leaves.
    const asked = whenState(el, (s) => s.posts.some((p) => p.id === 'replay:9'));
    await r.logPosts({
      n: 9,
      text: 'Q3 Anything else? #askGMP',
      host: true,
      thread: { sessionId: 's-1', question: 3 },
      createdAt: iso(T0 + 9 * 60_000),
    });
    await asked;
    expect(shadow(el).querySelector('[part~="current"]')?.getAttribute('data-post-id')).toBe('replay:9');
    const dismissed = whenState(el, (s) => s.posts.find((p) => p.id === 'replay:7')?.ask?.state === 'dismissed');
    await r.update('replay:7', { ask: { state: 'dismissed' } });
    await dismissed;
    expect(shadow(el).querySelectorAll('.audience-thread')).toHaveLength(1);
  });

  it('says so when the session has no questions yet', async () => {
    const r = await relay();
    await r.push({ n: 1 });
    const el = await mountOn(r, manualClock(T0), { layout: 'qa' });
    expect(q(el, '[part="empty"]')?.textContent).toMatch(/No questions yet/);
    expect(q(el, '.qa-section')).toBeNull();
  });
});

describe('session screens and the qa layout (axe-core)', () => {
  beforeEach(async () => {
    await emulateMedia({ 'prefers-reduced-motion': 'reduce' });
  });
  afterEach(async () => {
    await emulateMedia({});
  });

  for (const theme of ['light', 'dark']) {
    it(`before (list and overlay), ended and qa have no violations: ${theme}`, async () => {
      const r = await relay();
      const ended = { ...SESSION, id: 's-0', start: iso(T0 - DAY), end: iso(T0 - DAY + 3_600_000) };
      await r.updateWall({ sessions: [ended, SESSION] });
      await r.logPosts(...qaPosts());
      const clock = manualClock(T0 + 2 * DAY - 60_000);
      for (const layout of ['list', 'overlay']) {
        const el = await mountOn(r, clock, { theme, layout });
        expect(q(el, '[part="session"]')?.dataset.phase).toBe('before');
        expect(q(el, '[part="recap-link"]')).not.toBeNull();
        expect(await violations(el)).toEqual([]);
        // One wall in the page at a time (two would repeat its header landmark).
        el.remove();
      }
      // After both sessions: "ended", and the qa layout shows the last session's threads.
      const after = manualClock(Date.parse(SESSION.end) + 1);
      const el = await mountOn(r, after, { theme, layout: 'qa' });
      expect(q(el, '[part="session"]')?.dataset.phase).toBe('ended');
      expect(shadow(el).querySelectorAll('[part~="answer"]').length).toBeGreaterThan(0);
      expect(await violations(el)).toEqual([]);
    });
  }
});
