import type { Post } from '@chat-wall/sdk';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../test/support/manual-clock.js';
import { Announce, PostAnnouncer } from './announcer.js';
import { chooseLocale, english, translatorFor, type Translator } from './i18n/translator.js';

const post = (n: number, text = `Post ${n} #askGMP`): Post =>
  ({ id: `replay:${n}`, text, author: { id: `u${n}`, handle: `user${n}`, name: `User ${n}` } }) as Post;

function setup(mode: string = Announce.Auto, i18n: Translator = english) {
  const clock = manualClock(0);
  const said: [number, string][] = [];
  const announcer = new PostAnnouncer({
    clock: () => clock,
    mode: () => mode,
    i18n: () => i18n,
    say: (text) => said.push([clock.now(), text]),
  });
  return { clock, said, announcer };
}

describe('PostAnnouncer', () => {
  it('reads each post of a quiet wall as it arrives', () => {
    const { clock, said, announcer } = setup();
    announcer.add(post(1));
    clock.set(15_000);
    announcer.add(post(2, 'Second'));
    expect(said).toEqual([
      [0, 'New post by User 1: Post 1 #askGMP'],
      [15_000, 'New post by User 2: Second'],
    ]);
  });

  it('at 50 posts a second says one count every ten seconds, never more', () => {
    const { clock, said, announcer } = setup();
    // 30 seconds of 50 posts a second, a post every 20 ms.
    for (let t = 0, n = 1; t < 30_000; t += 20, n++) {
      clock.set(t);
      announcer.add(post(n));
    }
    clock.set(30_000);
    expect(said).toEqual([
      [0, 'New post by User 1: Post 1 #askGMP'],
      [10_000, '499 new posts'],
      [20_000, '500 new posts'],
      [30_000, '500 new posts'],
    ]);
    // Then silence: nothing waits.
    clock.set(60_000);
    expect([said.length, clock.pending()]).toEqual([4, 0]);
  });

  it('reads a lone post that came during the wait, and cuts long texts', () => {
    const { clock, said, announcer } = setup();
    announcer.add(post(1));
    clock.set(4_000);
    announcer.add(post(2, 'x'.repeat(300)));
    clock.set(10_000);
    expect(said[1]?.[0]).toBe(10_000);
    expect(said[1]?.[1]).toBe(`New post by User 2: ${'x'.repeat(139)}…`);
  });

  it('count mode only counts; none says nothing', () => {
    const count = setup(Announce.Count);
    count.announcer.add(post(1));
    expect(count.said).toEqual([[0, '1 new post']]);
    const none = setup(Announce.None);
    none.announcer.add(post(1));
    none.clock.set(60_000);
    expect([none.said, none.clock.pending()]).toEqual([[], 0]);
  });

  it('speaks the wall’s language, with its plurals', async () => {
    const cy = await translatorFor(chooseLocale('cy'));
    const { clock, said, announcer } = setup(Announce.Auto, cy);
    announcer.add(post(1));
    announcer.add(post(2));
    announcer.add(post(3));
    clock.set(10_000);
    expect(said.map(([, text]) => text)).toEqual(['Neges newydd gan User 1: Post 1 #askGMP', '2 neges newydd']);
  });

  it('stop() drops what was waiting', () => {
    const { clock, said, announcer } = setup();
    announcer.add(post(1));
    announcer.add(post(2));
    announcer.stop();
    clock.set(20_000);
    expect([said.length, clock.pending()]).toEqual([1, 0]);
  });
});
