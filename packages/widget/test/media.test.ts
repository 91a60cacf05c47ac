// Media in Chromium: images with their alt text, video and GIF posters, sensitive media and content
// warnings hidden until revealed, and no remote image at all with images="off".
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import type { ChatWall } from '../src/chat-wall.js';
import { mount, postElement, unmountAll, whenStatus } from './support/mount.js';
import { startTestRelay, type PostSpec, type TestRelay } from './support/relay.js';

const relays: TestRelay[] = [];
afterEach(async () => {
  unmountAll();
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

const picture = (hue: number, label = ''): string =>
  new URL(`/picture.svg?hue=${hue}&label=${encodeURIComponent(label)}`, inject('controlUrl')).href;

/** A wall with an image, a video, a GIF, a sensitive post and a post behind a content warning. */
async function mediaWall(attributes: Record<string, string> = {}): Promise<{ el: ChatWall; r: TestRelay }> {
  const r = await startTestRelay();
  relays.push(r);
  const posts: PostSpec[] = [
    {
      n: 1,
      text: 'The harbour at dawn #askGMP',
      media: [{ type: 'image', url: picture(200), alt: 'Boats moored in a calm harbour', width: 1600, height: 900 }],
    },
    {
      n: 2,
      text: 'Clip from the briefing #askGMP',
      media: [{ type: 'video', url: picture(20), alt: 'The chief constable at a lectern' }],
    },
    { n: 3, text: 'Reaction #askGMP', media: [{ type: 'gif', url: picture(300) }] },
    {
      n: 4,
      text: 'Scene after the crash #askGMP',
      sensitive: true,
      media: [{ type: 'image', url: picture(0), alt: 'A damaged car' }],
    },
    {
      n: 5,
      text: 'Details of the case #askGMP',
      contentWarning: 'violence',
      media: [{ type: 'image', url: picture(100), alt: 'A court sketch' }],
    },
  ];
  await r.logPosts(...posts);
  const el = mount({ tag: 'askGMP', server: r.url, ...attributes });
  await whenStatus(el, 'live');
  return { el, r };
}

describe('media', () => {
  it('draws images as <img> with the post’s alt text, lazily, without a referrer', async () => {
    const { el } = await mediaWall();
    const img = postElement(el, 'replay:1')!.querySelector<HTMLImageElement>('[part="post-media"] img')!;
    expect(img.alt).toBe('Boats moored in a calm harbour');
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(img.getAttribute('loading')).toBe('lazy');
    // The source's size gives the single picture its shape.
    const box = img.getBoundingClientRect();
    expect(box.width / box.height).toBeCloseTo(16 / 9, 1);
  });

  it('shows videos and GIFs by their poster, marked and described as such', async () => {
    const { el } = await mediaWall();
    const video = postElement(el, 'replay:2')!.querySelector('.thumb')!;
    expect(video.classList.contains('video')).toBe(true);
    expect(video.querySelector('img')!.alt).toBe('Video: The chief constable at a lectern');
    expect(video.querySelector('.kind')?.textContent).toBe('▶ Video');
    const gif = postElement(el, 'replay:3')!.querySelector('.thumb')!;
    expect(gif.querySelector('img')!.alt).toBe('Video posted by @user3');
    expect(gif.querySelector('.kind')?.textContent).toBe('▶ GIF');
  });

  it('blurs sensitive media until the viewer asks to see it', async () => {
    const { el } = await mediaWall();
    const post = postElement(el, 'replay:4')!;
    const media = post.querySelector<HTMLElement>('[part~="post-media"]')!;
    expect(media.classList.contains('sensitive')).toBe(true);
    expect(getComputedStyle(media.querySelector('img')!).filter).toMatch(/blur/);
    // The text stays readable; only the picture is covered.
    expect(post.querySelector('[part="post-body"]')?.textContent).toBe('Scene after the crash #askGMP');
    post.querySelector<HTMLButtonElement>('[part="reveal"]')!.click();
    await el.updateComplete;
    expect(media.classList.contains('sensitive')).toBe(false);
    expect(getComputedStyle(media.querySelector('img')!).filter).toBe('none');
    expect(post.querySelector('[part="reveal"]')).toBeNull();
  });

  it('hides text and media behind a content warning, out of the page until revealed', async () => {
    const { el } = await mediaWall();
    const post = postElement(el, 'replay:5')!;
    const warning = post.querySelector<HTMLElement>('[part="content-warning"]')!;
    expect(warning.textContent).toContain('violence');
    // Drawn as a box of its own, the reveal button beside the warning.
    expect(getComputedStyle(warning).display).toBe('flex');
    expect(getComputedStyle(warning).backgroundColor).not.toBe('rgba(0, 0, 0, 0)');
    expect(post.querySelector('[part="post-body"]')).toBeNull();
    expect(post.querySelector('img:not([part="avatar"])')).toBeNull();
    expect(post.textContent).not.toContain('Details of the case');
    const reveal = post.querySelector<HTMLButtonElement>('[part="reveal"]')!;
    expect(reveal.textContent).toBe('Show post');
    reveal.click();
    await el.updateComplete;
    expect(post.querySelector('[part="post-body"]')?.textContent).toBe('Details of the case #askGMP');
    expect(post.querySelector<HTMLImageElement>('[part="post-media"] img')?.alt).toBe('A court sketch');
  });

  it('says it in the wall’s language: the warning, the buttons and what a video is', async () => {
    const { el } = await mediaWall({ locale: 'es' });
    const post = postElement(el, 'replay:5')!;
    await vi.waitFor(() => expect(post.querySelector('.cw-label')?.textContent).toBe('Aviso de contenido:'));
    expect(post.querySelector('[part="reveal"]')?.textContent).toBe('Mostrar publicación');
    expect(postElement(el, 'replay:2')!.querySelector<HTMLImageElement>('[part="post-media"] img')?.alt).toBe(
      'Vídeo: The chief constable at a lectern',
    );
  });

  it('with images="off" requests no remote image: initials and descriptions instead', async () => {
    const { el } = await mediaWall({ images: 'off' });
    expect(el.shadowRoot!.querySelectorAll('img')).toHaveLength(0);
    expect(postElement(el, 'replay:1')!.querySelector('[part="post-media"]')?.textContent?.trim()).toBe(
      'Boats moored in a calm harbour',
    );
    expect(postElement(el, 'replay:2')!.querySelector('[part="post-media"]')?.textContent?.trim()).toBe(
      'Video: The chief constable at a lectern',
    );
    expect(postElement(el, 'replay:1')!.querySelector('[part="avatar"]')?.classList.contains('initials')).toBe(true);
    // Turned on again, the pictures load.
    el.images = 'on';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('[part="post-media"] img').length).toBeGreaterThan(0);
  });

  it('shows the post on air with its media large in spotlight, and media in grid cards', async () => {
    const { el } = await mediaWall({ layout: 'spotlight' });
    el.style.display = 'block';
    el.style.width = '1280px';
    el.style.height = '720px';
    await el.updateComplete;
    // Without a program, the newest post is in the spotlight: here the one behind a warning.
    const spot = el.shadowRoot!.querySelector<HTMLElement>('.spot')!;
    expect(spot.querySelector('[part="content-warning"]')).not.toBeNull();
    el.layout = 'grid';
    await el.updateComplete;
    const card = postElement(el, 'replay:1')!;
    const img = card.querySelector<HTMLImageElement>('[part="post-media"] img')!;
    expect(img.getBoundingClientRect().width).toBeGreaterThan(card.getBoundingClientRect().width * 0.8);
  });
});
