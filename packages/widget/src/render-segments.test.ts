import type { Segment } from '@chat-wall/sdk';
import { html, render } from 'lit';
import { describe, expect, it } from 'vitest';
import { renderSegments } from './render-segments.js';

function draw(segments: Segment[], text = ''): HTMLElement {
  const root = document.createElement('p');
  render(html`${renderSegments(segments, text)}`, root);
  return root;
}

describe('renderSegments', () => {
  it('renders each segment as its own node, in order, keeping the exact text', () => {
    const root = draw([
      { type: 'text', text: 'Hi ' },
      { type: 'mention', text: '@ada', handle: 'ada' },
      { type: 'text', text: ' see ' },
      { type: 'link', text: 'example.org/a', url: 'https://example.org/a' },
      { type: 'text', text: ' ' },
      { type: 'hashtag', text: '#askGMP', tag: 'askGMP' },
    ]);
    expect(root.textContent).toBe('Hi @ada see example.org/a #askGMP');
    expect([...root.children].map((c) => `${c.tagName}.${c.className}`)).toEqual([
      'SPAN.mention',
      'A.link',
      'SPAN.hashtag',
    ]);
    const link = root.querySelector('a')!;
    expect(link.href).toBe('https://example.org/a');
    expect(link.rel).toBe('noopener noreferrer nofollow');
    expect(link.target).toBe('_blank');
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', '/relative', 'not a url'])(
    'renders a link to %s as plain text',
    (url) => {
      const root = draw([{ type: 'link', text: 'click me', url }]);
      expect(root.querySelector('a')).toBeNull();
      expect(root.textContent).toBe('click me');
    },
  );

  it('never parses markup in any segment', () => {
    const root = draw([
      { type: 'text', text: '<img src=x onerror=alert(1)>' },
      { type: 'hashtag', text: '#<b>x</b>', tag: 'x' },
      { type: 'link', text: '<script>alert(1)</script>', url: 'https://example.org' },
    ]);
    expect(root.querySelectorAll('img, b, script')).toHaveLength(0);
    expect(root.textContent).toBe('<img src=x onerror=alert(1)>#<b>x</b><script>alert(1)</script>');
  });

  it('falls back to the plain text when a post has no segments', () => {
    expect(draw([], 'plain <i>text</i>').textContent).toBe('plain <i>text</i>');
  });
});
