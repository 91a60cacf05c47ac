import type { Segment } from '@chat-wall/sdk';
import { html, type TemplateResult } from 'lit';
import { httpUrl } from './safe-url.js';

/** `rel` of every link the widget renders: remote links get no referrer and no window access. */
export const LINK_REL = 'noopener noreferrer nofollow';

/**
 * Renders a post's segments as text nodes and spans; never parses markup. Hashtags and mentions
 * become styled spans, links become `<a>` only when their URL is http(s) and plain text otherwise.
 */
export function renderSegments(segments: readonly Segment[], text = ''): (TemplateResult | string)[] {
  if (segments.length === 0) return [text];
  return segments.map((segment) => {
    switch (segment.type) {
      case 'hashtag':
        return html`<span part="hashtag" class="hashtag">${segment.text}</span>`;
      case 'mention':
        return html`<span part="mention" class="mention">${segment.text}</span>`;
      case 'link': {
        const href = httpUrl(segment.url);
        return href
          ? html`<a part="link" class="link" href=${href} rel=${LINK_REL} target="_blank">${segment.text}</a>`
          : segment.text;
      }
      default:
        return segment.text;
    }
  });
}
