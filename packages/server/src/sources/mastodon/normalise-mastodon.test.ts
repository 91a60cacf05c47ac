import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { htmlToSegments } from './html-segments.js';
import { statusSchema } from './mastodon-payload.js';
import { contentWarning, mastodonPostId, normaliseStatus } from './normalise-mastodon.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../test/fake-mastodon/fixtures/${name}.json`, import.meta.url), 'utf8'));
const status = (name: string) => statusSchema.parse(fixture(name));

describe('Mastodon HTML to segments', () => {
  it('keeps what Mastodon shows of a shortened link, links the full URL, decodes entities', () => {
    const post = normaliseStatus(status('status-example'), 'mastodon.social');
    expect(post.text).toBe(
      '"I lost my inheritance with one wrong digit on my sort code"\n\ntheguardian.com/money/2019/dec…',
    );
    expect(post.segments[1]).toEqual({
      type: 'link',
      text: 'theguardian.com/money/2019/dec…',
      url: 'https://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code',
    });
  });

  it('turns hashtag and mention anchors into segments, mentions named by the status', () => {
    const html =
      '<p>Hi <span class="h-card"><a href="https://social.example/@ann" class="u-url mention">@<span>ann</span></a></span>' +
      ' <a href="https://m.example/tags/AskGMP" class="mention hashtag" rel="tag">#<span>AskGMP</span></a> :blobaww:<br>line</p>';
    expect(htmlToSegments(html, [{ url: 'https://social.example/@ann', acct: 'ann@social.example' }])).toEqual([
      { type: 'text', text: 'Hi ' },
      { type: 'mention', text: '@ann', handle: 'ann@social.example' },
      { type: 'text', text: ' ' },
      { type: 'hashtag', text: '#AskGMP', tag: 'AskGMP' },
      { type: 'text', text: ' :blobaww:\nline' },
    ]);
  });

  it('never keeps markup: scripts, styles and unsafe links become text or nothing', () => {
    const segments = htmlToSegments(
      '<p>a<script>alert(1)</script><style>p{}</style><a href="javascript:alert(1)">click</a>&lt;b&gt;<img src=x onerror=alert(1)></p>',
    );
    expect(segments).toEqual([{ type: 'text', text: 'aclick<b>' }]);
  });
});

describe('normaliseStatus', () => {
  it('maps the documented status: author with domain, media with alt and size, language, url', () => {
    const post = normaliseStatus(status('status-with-media-attachment'), 'mastodon.social');
    expect(post.id).toBe(mastodonPostId('https://mastodon.social/users/trwnh/statuses/103254193998341330'));
    expect(post.source).toBe('mastodon');
    expect(post.author).toMatchObject({ handle: 'trwnh@mastodon.social', id: 'trwnh@mastodon.social' });
    expect(post.media[0]).toEqual({
      type: 'image',
      url: 'https://files.mastodon.social/media_attachments/files/022/345/792/original/57859aede991da25.jpeg',
      alt: 'test media description',
      width: 640,
      height: 480,
    });
    expect(post.url).toBe('https://mastodon.social/@trwnh/103254193998341330');
    expect(post.lang).toBe('en');
  });

  it('takes a boost’s original post and marks it a repost', () => {
    const raw = status('status-reblog-full-mastodonpy');
    const post = normaliseStatus(raw, 'mastodon.social');
    expect(post.repost).toBe(true);
    expect(post.id).toBe(mastodonPostId(raw.reblog!.uri));
  });

  it('asks for a person when there is a content warning or sensitive media', () => {
    expect(contentWarning(status('status-sensitive-spoiler'))).toBe('content warning: no context');
    expect(contentWarning(status('status-example'))).toBeUndefined();
  });

  it('one id per uri, whichever instance delivered it', () => {
    expect(mastodonPostId('https://a.example/users/x/statuses/1')).toBe(
      mastodonPostId('https://a.example/users/x/statuses/1'),
    );
    expect(mastodonPostId('https://a.example/users/x/statuses/1')).not.toBe(
      mastodonPostId('https://a.example/users/x/statuses/2'),
    );
  });
});
