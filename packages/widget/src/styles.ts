import { css, unsafeCSS } from 'lit';

/** Hidden on screen, still read by screen readers: for status lines, captions and labels. */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/**
 * Colours per theme, as private `--_*` variables that each public `--chat-wall-*` property
 * overrides. `auto` follows the viewer's `prefers-color-scheme`. The console shares the light one.
 */
export const lightPalette = unsafeCSS(`
  --_bg: var(--chat-wall-background, #f4f5f8);
  --_surface: var(--chat-wall-surface, #ffffff);
  --_text: var(--chat-wall-text, #14171c);
  --_muted: var(--chat-wall-muted, #5f6775);
  --_border: var(--chat-wall-border, #e3e6ec);
  --_accent: var(--chat-wall-accent, #5b4ff5);
  --_accent-soft: color-mix(in srgb, var(--_accent) 12%, transparent);
  --_success: #05672f;
  --_danger: #b3261e;
  --_shadow: 0 1px 2px rgb(16 24 40 / 6%), 0 1px 3px rgb(16 24 40 / 8%);
`);

const dark = unsafeCSS(`
  --_bg: var(--chat-wall-background, #0e1116);
  --_surface: var(--chat-wall-surface, #171b22);
  --_text: var(--chat-wall-text, #eef1f6);
  --_muted: var(--chat-wall-muted, #98a1b2);
  --_border: var(--chat-wall-border, #272d38);
  --_accent: var(--chat-wall-accent, #8b83ff);
  --_accent-soft: color-mix(in srgb, var(--_accent) 18%, transparent);
  --_success: #3fd07d;
  --_danger: #ff8a80;
  --_shadow: 0 1px 3px rgb(0 0 0 / 40%);
`);

// (Comments stay out of the css`` templates: they would ship in the embed bundle.)
// - Links in post text are underlined: colour alone does not tell them from text (WCAG 1.4.1).
// - Marks are small text on a tint of the accent (twice on pinned cards): their colour is pulled
//   towards the text colour so it keeps a 4.5:1 contrast in both themes, also with a custom accent.
export const baseStyles = css`
  :host {
    ${lightPalette}
    display: block;
    box-sizing: border-box;
    font-family: var(
      --chat-wall-font,
      Inter,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Helvetica Neue',
      Arial,
      sans-serif
    );
    font-size: var(--chat-wall-font-size, 15px);
    line-height: 1.45;
    color: var(--_text);
    --_radius: var(--chat-wall-radius, 14px);
    --_gap: var(--chat-wall-gap, 12px);
    --_avatar: var(--chat-wall-avatar-size, 44px);
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .base {
    background: var(--_bg);
    border-radius: var(--_radius);
    padding: var(--_gap);
    min-height: 100%;
  }
  a {
    color: var(--_accent);
    text-decoration: none;
  }
  a:hover,
  .link {
    text-decoration: underline;
  }
  a:focus-visible,
  .post:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .hashtag,
  .mention {
    color: var(--_accent);
    font-weight: 500;
  }
  .avatar {
    flex: none;
    width: var(--_avatar);
    height: var(--_avatar);
    border-radius: 50%;
    object-fit: cover;
    background: var(--_border);
  }
  .initials {
    display: grid;
    place-items: center;
    color: #fff;
    font-weight: 600;
    font-size: calc(var(--_avatar) * 0.38);
    letter-spacing: 0.02em;
    background: linear-gradient(135deg, hsl(var(--_hue) 70% 58%), hsl(calc(var(--_hue) + 40) 65% 45%));
    user-select: none;
  }
  .author {
    display: flex;
    align-items: center;
    gap: 0.3em;
    min-width: 0;
    white-space: nowrap;
    color: var(--_muted);
  }
  .name {
    color: var(--_text);
    font-weight: 650;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .handle {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .verified {
    flex: none;
    width: 1.05em;
    height: 1.05em;
    color: var(--_accent);
  }
  .time {
    color: inherit;
  }
  .body {
    margin: 0.2em 0 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .marks {
    display: flex;
    gap: 0.4em;
    margin-top: 0.3em;
  }
  .mark {
    font-size: 0.75em;
    font-weight: 600;
    letter-spacing: 0.03em;
    text-transform: uppercase;
    padding: 0.15em 0.6em;
    border-radius: 999px;
    background: var(--_accent-soft);
    color: color-mix(in srgb, var(--_accent) 60%, var(--_text));
  }
  .mark.answered {
    background: color-mix(in srgb, var(--_success) 14%, transparent);
    color: var(--_success);
  }
  .media {
    position: relative;
    display: grid;
    gap: 4px;
    margin-top: 0.6em;
    border-radius: calc(var(--_radius) * 0.8);
    overflow: hidden;
    grid-template-columns: repeat(2, 1fr);
  }
  .media.count-1 {
    grid-template-columns: 1fr;
  }
  .thumb {
    position: relative;
    display: block;
    aspect-ratio: 16 / 9;
    background: var(--_border);
  }
  .thumb img {
    width: 100%;
    height: 100%;
    object-fit: cover;
    display: block;
  }
  .count-1 .thumb {
    aspect-ratio: var(--_ratio, 16 / 9);
    max-block-size: 32em;
  }
  .kind {
    position: absolute;
    inset-block-end: 0.5em;
    inset-inline-start: 0.5em;
    padding: 0 0.5em;
    border-radius: 0.4em;
    font-size: 0.75em;
    color: #fff;
    background: rgb(0 0 0 / 70%);
  }
  .sensitive img {
    filter: blur(1.6em);
  }
  .cover {
    position: absolute;
    inset: 0;
    display: grid;
    place-content: center;
    gap: 0.5em;
    color: #fff;
    background: rgb(0 0 0 / 40%);
  }
  .content-warning {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    margin-block-start: 0.3em;
    padding: 0.5em 0.8em;
    border-radius: 0.6em;
    background: color-mix(in srgb, #f5a524 18%, transparent);
  }
  .content-warning p {
    margin: 0;
    flex: 1 1 10em;
  }
  .cw-label {
    font-weight: 700;
  }
  .reveal {
    font: inherit;
    font-weight: 600;
    padding: 0.2em 0.9em;
    border-radius: 9em;
    border: 1px solid;
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.45em;
    font-size: 0.8em;
    font-weight: 600;
    padding: 0.3em 0.75em;
    border-radius: 999px;
    background: var(--_surface);
    border: 1px solid var(--_border);
    color: var(--_muted);
    white-space: nowrap;
  }
  .status .dot {
    width: 0.55em;
    height: 0.55em;
    border-radius: 50%;
    background: #a0a7b4;
  }
  .status[data-state='live'] .dot {
    background: #12b76a;
    box-shadow: 0 0 0 3px color-mix(in srgb, #12b76a 25%, transparent);
  }
  .status[data-state='connecting'] .dot,
  .status[data-state='reconnecting'] .dot {
    background: #f5a524;
  }
  .status[data-state='failed'] .dot {
    background: #e5484d;
  }
  .empty,
  .notice {
    color: var(--_muted);
    text-align: center;
    padding: 2.5em 1em;
  }
  .notice {
    padding: 0.6em 1em;
    margin: 0 0 var(--_gap);
    border-radius: var(--_radius);
    background: color-mix(in srgb, #f5a524 14%, transparent);
    color: var(--_text);
    font-size: 0.9em;
  }
  .empty.problem {
    color: var(--_text);
    font-weight: 500;
  }
  @keyframes chat-wall-enter {
    from {
      opacity: 0;
      transform: translateY(-8px) scale(0.98);
    }
  }
  /* No fill: a finished animation leaves nothing behind (a filled one keeps its card on a layer of
     its own, for good). */
  .post {
    animation: chat-wall-enter 320ms cubic-bezier(0.2, 0.8, 0.2, 1);
  }
  :host([motion='none']) .post {
    animation: none;
  }
  @media (prefers-reduced-motion: reduce) {
    .post {
      animation: none;
    }
  }
`;

export const listStyles = css`
  .layout-list .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_gap);
    padding: 0.25em 0.25em var(--_gap);
  }
  .layout-list .title {
    margin: 0;
    font-size: 1.35em;
    font-weight: 750;
    letter-spacing: -0.01em;
  }
  .layout-list .feed {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  .layout-list .post {
    content-visibility: auto;
    contain-intrinsic-size: auto 6em;
    display: flex;
    gap: 0.8em;
    padding: 0.9em 1em;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }
  /* The mark after the last card drawn (feed-window.ts): more cards are drawn as it nears the view. */
  .layout-list .feed-end {
    height: 1px;
  }
  /* Only a card that arrived alone on a calm wall animates (list.ts). */
  .layout-list .feed > .post:not(.enter) {
    animation: none;
  }
  .layout-list .post[data-highlighted] {
    border-color: var(--_accent);
    box-shadow:
      0 0 0 1px var(--_accent),
      var(--_shadow);
  }
  .layout-list .post[data-pinned] {
    background: linear-gradient(var(--_accent-soft), var(--_accent-soft)), var(--_surface);
  }
  .layout-list .content {
    flex: 1;
    min-width: 0;
  }
  ${visuallyHidden}
`;
