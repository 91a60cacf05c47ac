import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ChatWall } from '../src/chat-wall.js';
import { emulateMedia } from './support/emulate.js';
import { mount, shadow, unmountAll, whenStatus } from './support/mount.js';

afterEach(async () => {
  unmountAll();
  await emulateMedia({});
});

// The default palettes of styles.ts, as computed colours.
const palettes = {
  light: { text: 'rgb(20, 23, 28)', background: 'rgb(244, 245, 248)', surface: 'rgb(255, 255, 255)' },
  dark: { text: 'rgb(238, 241, 246)', background: 'rgb(14, 17, 22)', surface: 'rgb(23, 27, 34)' },
};

function palette(el: ChatWall) {
  const post = shadow(el).querySelector('[part~="post"]');
  if (!post) throw new Error('no post rendered');
  return {
    text: getComputedStyle(el).color,
    background: getComputedStyle(shadow(el).querySelector('[part="base"]')!).backgroundColor,
    surface: getComputedStyle(post).backgroundColor,
  };
}

describe('<chat-wall theme>', () => {
  it('theme="auto" follows prefers-color-scheme, also when it changes while shown', async () => {
    await emulateMedia({ 'prefers-color-scheme': 'dark' });
    const el = mount({ tag: 'askGMP', server: inject('relayUrl'), theme: 'auto' });
    await whenStatus(el, 'live');
    expect(palette(el)).toEqual(palettes.dark);

    await emulateMedia({ 'prefers-color-scheme': 'light' });
    expect(palette(el)).toEqual(palettes.light);
  });

  it('theme="light" and theme="dark" ignore the system setting', async () => {
    await emulateMedia({ 'prefers-color-scheme': 'dark' });
    const light = mount({ tag: 'askGMP', server: inject('relayUrl'), theme: 'light' });
    const fallback = mount({ tag: 'askGMP', server: inject('relayUrl') });
    await Promise.all([whenStatus(light, 'live'), whenStatus(fallback, 'live')]);
    expect(palette(light)).toEqual(palettes.light);
    expect(palette(fallback)).toEqual(palettes.light);

    await emulateMedia({ 'prefers-color-scheme': 'light' });
    const dark = mount({ tag: 'askGMP', server: inject('relayUrl'), theme: 'dark' });
    await whenStatus(dark, 'live');
    expect(palette(dark)).toEqual(palettes.dark);
  });
});
