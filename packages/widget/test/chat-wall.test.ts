import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ChatWallErrorEvent, ChatWallStatusEvent } from '../src/events.js';
import { mount, postElement, postIds, shadow, unmountAll, whenPost, whenState, whenStatus } from './support/mount.js';
import { closedServerUrl, startTestRelay, type TestRelay } from './support/relay.js';

const relays: TestRelay[] = [];
afterEach(async () => {
  unmountAll();
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

async function relay(walls?: string[]): Promise<TestRelay> {
  const r = await startTestRelay(walls);
  relays.push(r);
  return r;
}

describe('<chat-wall> on a real relay', () => {
  it('renders the wall’s posts newest first, each with part~="post" and data-post-id', async () => {
    const el = mount({ tag: 'askGMP', server: inject('relayUrl') });
    await whenStatus(el, 'live');

    expect(postIds(el)).toEqual(['replay:3', 'replay:2', 'replay:1']);
    const post = postElement(el, 'replay:2')!;
    expect(post.getAttribute('part')).toBe('post');
    expect(post.querySelector('[part="avatar"]')).not.toBeNull();
    expect(post.querySelector('[part="post-author"]')?.textContent).toContain('@user2');
    expect(post.querySelector('[part="post-body"]')?.textContent).toBe('Question 2 for the panel #askGMP');
    expect(post.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-01T12:00:02.000Z');
    // The feed is no live region: the element's paced announcer is (see announcer.ts).
    expect(shadow(el).querySelector('[role="feed"]')?.hasAttribute('aria-live')).toBe(false);
    expect(shadow(el).querySelector('[part="announcer"]')?.getAttribute('role')).toBe('status');
    expect(shadow(el).querySelector('[part="status"]')?.textContent).toContain('Live');
  });

  it('shows a live post as it arrives and announces it with a composed chat-wall-post event', async () => {
    const r = await relay();
    await r.push({ n: 1 });
    const el = mount({ tag: 'askgmp', server: r.url });
    await whenStatus(el, 'live');
    expect(postIds(el)).toEqual(['replay:1']);

    const seen: string[] = [];
    const onPost = (e: HTMLElementEventMap['chat-wall-post']) => seen.push(e.post.id);
    document.addEventListener('chat-wall-post', onPost);
    const arrived = whenPost(el, 'replay:2');
    await r.push({ n: 2, text: 'A brand new question #askGMP' });
    await arrived;
    document.removeEventListener('chat-wall-post', onPost);

    expect(seen).toEqual(['replay:2']);
    expect(postIds(el)).toEqual(['replay:2', 'replay:1']);
    expect(postElement(el, 'replay:2')?.querySelector('[part="post-body"]')?.textContent).toBe(
      'A brand new question #askGMP',
    );
  });

  it('drops a post the moment it is removed', async () => {
    const r = await relay();
    await r.push({ n: 1 }, { n: 2 }, { n: 3 });
    const el = mount({ tag: 'askGMP', server: r.url });
    await whenStatus(el, 'live');
    expect(postIds(el)).toEqual(['replay:3', 'replay:2', 'replay:1']);

    const gone = whenState(el, (s) => !s.posts.some((p) => p.id === 'replay:2'));
    await r.remove('replay:2');
    await gone;
    expect(postIds(el)).toEqual(['replay:3', 'replay:1']);
  });

  it('renders markup in remote text literally and creates no element from it', async () => {
    const r = await relay();
    const text = 'Look <img src=x onerror=alert(1)> and <script>alert(2)</script> #askGMP';
    await r.push({
      n: 1,
      text,
      author: { name: '<b>Mallory</b>', avatar: 'javascript:alert(3)' },
      media: [{ type: 'image', url: 'javascript:alert(4)' }],
    });
    const el = mount({ tag: 'askGMP', server: r.url });
    await whenStatus(el, 'live');

    const post = postElement(el, 'replay:1')!;
    const body = post.querySelector('[part="post-body"]')!;
    expect(body.textContent).toBe(text);
    expect(post.querySelector('[part="post-author"] .name')?.textContent).toBe('<b>Mallory</b>');
    expect(shadow(el).querySelectorAll('script, b, [onerror]')).toHaveLength(0);
    expect(post.querySelectorAll('img')).toHaveLength(0); // avatar fell back to initials, media dropped
    expect(post.querySelector('[part="avatar"]')?.classList.contains('initials')).toBe(true);
    expect(post.querySelector('[part="post-media"]')).toBeNull();
  });

  it('renders hashtags, mentions and links as separate nodes; links only for http(s)', async () => {
    const r = await relay();
    await r.push({ n: 1, text: 'Hi @alice, notes at https://example.org/notes?a=1 #askGMP' });
    const el = mount({ tag: 'askGMP', server: r.url });
    await whenStatus(el, 'live');

    const body = postElement(el, 'replay:1')!.querySelector('[part="post-body"]')!;
    expect(body.querySelector('.mention')?.textContent).toBe('@alice');
    expect(body.querySelector('.hashtag')?.textContent).toBe('#askGMP');
    const link = body.querySelector('a')!;
    expect(link.textContent).toBe('https://example.org/notes?a=1');
    expect(link.getAttribute('href')).toBe('https://example.org/notes?a=1');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(body.textContent).toBe('Hi @alice, notes at https://example.org/notes?a=1 #askGMP');
    expect([...body.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())).toHaveLength(2);
  });

  it('puts pinned posts first and marks highlighted ones', async () => {
    const r = await relay();
    await r.push({ n: 1 }, { n: 2 }, { n: 3 });
    const el = mount({ tag: 'askGMP', server: r.url });
    await whenStatus(el, 'live');

    const marked = whenState(el, (s) => s.posts.some((p) => p.id === 'replay:2' && p.highlighted));
    await r.update('replay:1', { pinned: true });
    await r.update('replay:2', { highlighted: true });
    await marked;

    expect(postIds(el)).toEqual(['replay:1', 'replay:3', 'replay:2']);
    expect(postElement(el, 'replay:1')?.getAttribute('part')).toBe('post pinned');
    expect(postElement(el, 'replay:2')?.getAttribute('part')).toBe('post highlighted');
    expect(postElement(el, 'replay:2')?.textContent).toContain('Highlighted');
  });

  it('shows at most max-posts posts', async () => {
    const r = await relay();
    await r.push({ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 });
    const el = mount({ tag: 'askGMP', server: r.url, 'max-posts': '2' });
    await whenStatus(el, 'live');
    expect(postIds(el)).toEqual(['replay:4', 'replay:3']);
  });

  it('says so when the server has no such wall, and stops', async () => {
    const errors: string[] = [];
    const el = mount({ tag: 'NoSuchWall', server: inject('relayUrl') });
    el.addEventListener('chat-wall-error', (e: ChatWallErrorEvent) => errors.push(e.error.code));
    await whenStatus(el, 'failed');

    expect(shadow(el).querySelector('[part="empty"]')?.textContent?.trim()).toBe(
      'There is no wall #NoSuchWall on this server.',
    );
    expect(shadow(el).querySelector('[part="status"]')?.textContent).toContain('Failed');
    expect(errors).toEqual(['unknown_wall']);
  });

  it('says which server it cannot reach, and that it retries', async () => {
    const url = await closedServerUrl();
    const el = mount({ tag: 'askGMP', server: url });
    await new Promise<void>((resolve) => el.addEventListener('chat-wall-error', () => resolve(), { once: true }));
    await el.updateComplete;

    const message = shadow(el).querySelector('[part="empty"]')?.textContent ?? '';
    expect(message).toContain(`Cannot reach the wall server at ${url}.`);
    expect(message).toContain('Retrying');
    expect(el.status).toBe('connecting');
    expect(shadow(el).querySelector('[part="status"]')?.getAttribute('data-state')).toBe('connecting');
  });

  it('refuses a tag that is not a hashtag without connecting', async () => {
    const el = mount({ tag: 'not a tag', server: inject('relayUrl') });
    await el.updateComplete;
    expect(el.status).toBe('failed');
    expect(el.wall).toBeUndefined();
    expect(shadow(el).querySelector('[part="empty"]')?.textContent).toContain('"not a tag" is not a hashtag');
  });

  it('shows the connection going from live to reconnecting (with the reason) and back, keeping its posts', async () => {
    const r = await relay();
    await r.push({ n: 1 });
    const el = mount({ tag: 'askGMP', server: r.url });
    await whenStatus(el, 'live');
    const states: string[] = [];
    el.addEventListener('chat-wall-status', (e: ChatWallStatusEvent) => states.push(e.change.state));
    const status = () => shadow(el).querySelector('[part="status"]')!;

    const reconnecting = whenStatus(el, 'reconnecting');
    expect(await r.drop()).toBe(1);
    await reconnecting;
    expect(status().getAttribute('data-state')).toBe('reconnecting');
    expect(status().textContent).toContain('Reconnecting');
    expect(shadow(el).querySelector('.notice')?.textContent).toContain('Connection lost');
    expect(postIds(el)).toEqual(['replay:1']);

    await whenStatus(el, 'live');
    expect(status().textContent).toContain('Live');
    expect(shadow(el).querySelector('.notice')).toBeNull();
    expect(states).toEqual(['reconnecting', 'live']);
  });

  it('follows a change of tag to the other wall', async () => {
    const r = await relay(['askGMP', 'other']);
    await r.push({ n: 1 }, { n: 2, text: 'Elsewhere #other' });
    const el = mount({ tag: 'askGMP', server: r.url });
    await whenStatus(el, 'live');
    expect(postIds(el)).toEqual(['replay:1']);
    const first = el.wall;

    el.tag = 'other';
    await el.updateComplete;
    expect(el.wall).not.toBe(first);
    expect(first?.status).toBe('closed');
    await whenStatus(el, 'live');
    expect(postIds(el)).toEqual(['replay:2']);
    expect(shadow(el).querySelector('.title')?.textContent).toBe('#other');
  });

  it('closes its connection when removed from the page', async () => {
    const el = mount({ tag: 'askGMP', server: inject('relayUrl') });
    await whenStatus(el, 'live');
    const wall = el.wall!;
    el.remove();
    expect(wall.status).toBe('closed');
    expect(el.wall).toBeUndefined();
  });

  it('falls back to initials when an avatar fails to load', async () => {
    const r = await relay();
    await r.push({ n: 1, author: { name: 'Ada Lovelace', avatar: `${r.url}/no-such-avatar.png` } });
    const el = mount({ tag: 'askGMP', server: r.url });
    await whenStatus(el, 'live');
    const avatar = () => postElement(el, 'replay:1')!.querySelector('[part="avatar"]')!;
    if (avatar().tagName === 'IMG') {
      await new Promise((resolve) => avatar().addEventListener('error', resolve, { once: true }));
      await el.updateComplete;
    }
    expect(avatar().tagName).toBe('SPAN');
    expect(avatar().textContent).toBe('AL');
  });
});

describe('<chat-wall> appearance', () => {
  it('draws the overlay layout with the pinned post featured first', async () => {
    const r = await relay();
    await r.push({ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 });
    await r.update('replay:1', { pinned: true });
    const el = mount({ tag: 'askGMP', server: r.url, layout: 'overlay', background: 'transparent' });
    await whenStatus(el, 'live');

    const base = shadow(el).querySelector<HTMLElement>('[part="base"]')!;
    expect(base.classList.contains('layout-overlay')).toBe(true);
    expect(postIds(el)).toEqual(['replay:1', 'replay:5', 'replay:4', 'replay:3']);
    expect(shadow(el).querySelector('.featured')?.getAttribute('data-post-id')).toBe('replay:1');
    expect(shadow(el).querySelector('[part="status"]')).toBeNull(); // no status on air while live
    expect(getComputedStyle(base).backgroundColor).toBe('rgba(0, 0, 0, 0)');
    expect(parseFloat(getComputedStyle(base).fontSize)).toBeGreaterThanOrEqual(24);
  });

  it('reflects layout and theme, and the dark theme changes the colours', async () => {
    const el = mount({ tag: 'askGMP', server: inject('relayUrl') });
    await whenStatus(el, 'live');
    expect(el.getAttribute('layout')).toBe('list');
    expect(el.getAttribute('theme')).toBe('light');
    const base = shadow(el).querySelector<HTMLElement>('[part="base"]')!;
    const light = getComputedStyle(base).backgroundColor;

    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('theme')).toBe('dark');
    const dark = getComputedStyle(base).backgroundColor;
    expect(dark).not.toBe(light);
    expect(getComputedStyle(el).color).toBe('rgb(238, 241, 246)');
  });

  it('applies a valid background and ignores an invalid one', async () => {
    const el = mount({ tag: 'askGMP', server: inject('relayUrl'), background: 'rgb(1, 2, 3)' });
    await el.updateComplete;
    const base = () => shadow(el).querySelector<HTMLElement>('[part="base"]')!;
    expect(getComputedStyle(base()).backgroundColor).toBe('rgb(1, 2, 3)');

    el.setAttribute('background', 'red; position: fixed');
    await el.updateComplete;
    expect(getComputedStyle(base()).backgroundColor).toBe('rgb(244, 245, 248)');
    expect(getComputedStyle(base()).position).toBe('static');
  });

  it('lets the page style it through --chat-wall-* properties and parts', async () => {
    const style = document.createElement('style');
    style.textContent = `
      chat-wall.custom { --chat-wall-accent: rgb(200, 0, 0); }
      chat-wall.custom::part(post) { border-color: rgb(0, 128, 0); }`;
    document.head.append(style);
    try {
      const el = mount({ tag: 'askGMP', server: inject('relayUrl'), class: 'custom' });
      await whenStatus(el, 'live');
      const post = postElement(el, 'replay:1')!;
      expect(getComputedStyle(post.querySelector('.hashtag')!).color).toBe('rgb(200, 0, 0)');
      expect(getComputedStyle(post).borderTopColor).toBe('rgb(0, 128, 0)');
    } finally {
      style.remove();
    }
  });
});
