import type { Segment } from '@chat-wall/sdk/protocol';
import { Parser } from 'htmlparser2';
import { toHttpUrl } from '../segments.js';

/** A mention as the status lists it, to name the account a mention link points to. */
export interface MentionRef {
  url: string;
  acct: string;
}

/** Elements that end a line or a paragraph in Mastodon's HTML. */
const BLOCKS = new Set(['p', 'div', 'blockquote', 'li', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Elements whose content is never text on a wall. */
const SKIPPED = new Set(['script', 'style', 'template', 'head', 'title', 'noscript']);

interface OpenLink {
  href: string;
  kind: 'hashtag' | 'mention' | 'link';
  text: string;
}

/**
 * Turns a status's remote HTML (`content`) into plain text segments: paragraphs and line breaks
 * become newlines, hashtag / mention / link anchors become their segments, everything else is
 * text with entities decoded. No markup survives: the wall renders the segments as text nodes.
 *
 * Mastodon shortens long link texts with `<span class="invisible">` parts and an `ellipsis`
 * span; the text keeps what Mastodon shows (the visible part and "…"), the segment the full URL.
 */
export function htmlToSegments(html: string, mentions: readonly MentionRef[] = []): Segment[] {
  const out: Segment[] = [];
  let link: OpenLink | undefined;
  let linkDepth = 0;
  /** Depth of the element whose content is dropped (invisible spans, scripts), or 0. */
  let skipDepth = 0;
  let depth = 0;
  let ellipsis = 0;
  let pendingBreak = '';

  const pushText = (text: string): void => {
    if (!text) return;
    if (pendingBreak) {
      if (out.length > 0) appendText(out, pendingBreak);
      pendingBreak = '';
    }
    if (link) link.text += text;
    else appendText(out, text);
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        depth++;
        if (skipDepth) return;
        const classes = (attrs.class ?? '').split(/\s+/);
        if (SKIPPED.has(name) || (name === 'span' && classes.includes('invisible'))) {
          skipDepth = depth;
          return;
        }
        if (name === 'span' && classes.includes('ellipsis')) ellipsis = depth;
        if (name === 'br') pushBreak('\n');
        else if (BLOCKS.has(name)) pushBreak('\n\n');
        else if (name === 'a' && !link) {
          const rel = (attrs.rel ?? '').split(/\s+/);
          const kind =
            classes.includes('hashtag') || rel.includes('tag')
              ? 'hashtag'
              : classes.includes('mention')
                ? 'mention'
                : 'link';
          link = { href: attrs.href ?? '', kind, text: '' };
          linkDepth = depth;
        }
      },
      ontext(text) {
        if (!skipDepth) pushText(text);
      },
      onclosetag(name) {
        if (skipDepth === depth) skipDepth = 0;
        else if (!skipDepth) {
          if (ellipsis === depth) {
            pushText('…');
            ellipsis = 0;
          }
          if (link && linkDepth === depth && name === 'a') {
            closeLink(out, link, mentions);
            link = undefined;
          } else if (BLOCKS.has(name)) pushBreak('\n\n');
        }
        depth--;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );

  function pushBreak(br: string): void {
    // Two blocks in a row make one paragraph break, not two.
    if (br.length > pendingBreak.length) pendingBreak = br;
  }

  parser.write(html);
  parser.end();
  if (link) closeLink(out, link, mentions);
  return out;
}

function closeLink(out: Segment[], link: OpenLink, mentions: readonly MentionRef[]): void {
  const text = link.text;
  if (!text) return;
  if (link.kind === 'hashtag' && /^[#＃]./.test(text)) {
    out.push({ type: 'hashtag', text, tag: text.slice(1) });
    return;
  }
  if (link.kind === 'mention' && text.startsWith('@')) {
    const known = mentions.find((m) => m.url === link.href);
    out.push({ type: 'mention', text, handle: known?.acct ?? text.slice(1) });
    return;
  }
  const url = toHttpUrl(link.href);
  if (url && /^https?:\/\//i.test(link.href)) out.push({ type: 'link', text, url });
  else appendText(out, text);
}

function appendText(out: Segment[], text: string): void {
  const last = out[out.length - 1];
  if (last?.type === 'text') last.text += text;
  else out.push({ type: 'text', text });
}
