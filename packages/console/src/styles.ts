import { lightPalette, visuallyHidden } from '@chat-wall/widget';
import { css } from 'lit';

/** The widget's design language (palette, type, cards), laid out for a working screen. */
export const consoleStyles = css`
  :host {
    ${lightPalette}
    --_danger: #c2334d;
    --_ok: #1f8a5b;
    --_warn: #8a5200;
    --_radius: 14px;
    display: block;
    box-sizing: border-box;
    background: var(--_bg);
    color: var(--_text);
    font-family: var(--chat-wall-font, Inter, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif);
    font-size: 15px;
    line-height: 1.45;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--_border);
    background: var(--_surface);
    border-radius: 8px;
    padding: 0.3em 0.75em;
  }
  button:hover {
    border-color: var(--_accent);
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: #fff;
    font-weight: 600;
  }
  button.danger {
    color: var(--_danger);
  }
  button.danger.primary {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #fff;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  kbd {
    display: inline-block;
    min-width: 1.5em;
    padding: 0 0.35em;
    border: 1px solid var(--_border);
    border-bottom-width: 2px;
    border-radius: 5px;
    background: var(--_surface);
    font:
      600 0.8em/1.6 ui-monospace,
      SFMono-Regular,
      Menlo,
      monospace;
    text-align: center;
    color: var(--_muted);
  }
  header.top {
    display: flex;
    align-items: center;
    gap: 1rem;
    padding: 0.75rem 1.25rem;
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
  }
  header.top h1 {
    font-size: 1.05rem;
    margin: 0;
  }
  header.top .spacer {
    flex: 1;
  }
  header.top .language {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    margin: 0;
    font-size: 0.85em;
    font-weight: 400;
    color: var(--_muted);
  }
  header.top .language select {
    width: auto;
    padding-block: 0.25em;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .status::before {
    content: '';
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: var(--_warn);
  }
  .status[data-state='live']::before {
    background: var(--_ok);
  }
  .status[data-state='failed']::before,
  .status[data-state='closed']::before {
    background: var(--_danger);
  }
  main {
    max-width: 1100px;
    margin: 0 auto;
    padding: 1rem 1.25rem 4rem;
  }
  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    padding: 1.25rem;
  }
  .sign-in {
    max-width: 28rem;
    margin: 10vh auto;
  }
  .sign-in h2,
  .picker h2 {
    margin-top: 0;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 0.75rem 0 0.25rem;
  }
  input[type='password'],
  input[type='text'],
  input[type='number'],
  select,
  textarea {
    width: 100%;
    padding: 0.45em 0.6em;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_surface);
  }
  input[type='number'] {
    width: 8em;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error,
  .error {
    color: var(--_danger);
    font-size: 0.9em;
    margin: 0.3rem 0 0;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.85em;
    margin: 0.25rem 0 0;
  }
  .tabs {
    display: flex;
    gap: 0.25rem;
    margin-bottom: 1rem;
    border-bottom: 1px solid var(--_border);
  }
  .tabs [role='tab'] {
    border: 0;
    border-bottom: 3px solid transparent;
    border-radius: 0;
    background: none;
    padding: 0.5em 0.9em;
    color: var(--_muted);
    font-weight: 600;
  }
  .tabs [role='tab'][aria-selected='true'] {
    color: var(--_text);
    border-bottom-color: var(--_accent);
  }
  .count {
    display: inline-block;
    min-width: 1.6em;
    padding: 0 0.4em;
    border-radius: 99px;
    background: var(--_accent-soft);
    color: var(--_accent);
    font-size: 0.8em;
    text-align: center;
  }
  .notice {
    margin: 0 0 1rem;
    padding: 0.6rem 0.9rem;
    border-radius: 10px;
    border: 1px solid var(--_border);
    background: var(--_surface);
  }
  .notice[data-kind='error'] {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  /* Empty, the live region stays in the page (so it is announced when filled) but takes no room. */
  .notice[data-kind='none'] {
    margin: 0;
    padding: 0;
    border: 0;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 15rem;
    gap: 1.25rem;
    align-items: start;
  }
  .keys {
    position: sticky;
    top: 1rem;
    font-size: 0.9em;
  }
  .keys h2 {
    font-size: 0.95em;
    margin: 0 0 0.5rem;
  }
  .keys dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.35rem 0.6rem;
    margin: 0;
  }
  .keys dd {
    margin: 0;
    color: var(--_muted);
  }
  ol.posts {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  .post {
    display: grid;
    grid-template-columns: 2.6rem minmax(0, 1fr);
    gap: 0.75rem;
    padding: 0.9rem 1rem;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }
  .post[aria-current='true'] {
    border-color: var(--_accent);
    box-shadow:
      0 0 0 2px var(--_accent-soft),
      var(--_shadow);
  }
  .post.highlighted {
    background: color-mix(in srgb, var(--_accent) 6%, var(--_surface));
  }
  .avatar {
    width: 2.6rem;
    height: 2.6rem;
    border-radius: 50%;
    display: grid;
    place-items: center;
    color: #fff;
    font-weight: 600;
    background: linear-gradient(135deg, hsl(var(--_hue) 70% 58%), hsl(calc(var(--_hue) + 40) 65% 45%));
  }
  .author {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35em;
    color: var(--_muted);
  }
  .author .name {
    color: var(--_text);
    font-weight: 650;
  }
  .text {
    margin: 0.25rem 0 0.5rem;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .hashtag,
  .mention,
  .link {
    color: var(--_accent);
    font-weight: 500;
  }
  /* A Latin hashtag keeps its '#' in front inside right-to-left text, an Arabic one reads right to left. */
  .hashtag,
  .mention {
    unicode-bidi: plaintext;
  }
  .why {
    display: inline-flex;
    gap: 0.4em;
    align-items: baseline;
    margin: 0 0 0.5rem;
    padding: 0.15em 0.6em;
    border-radius: 99px;
    background: color-mix(in srgb, var(--_warn) 12%, transparent);
    color: var(--_warn);
    font-size: 0.85em;
  }
  .why .filter {
    font-weight: 700;
  }
  .decision {
    margin: 0 0 0.5rem;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .decision .status-word,
  .decision .by {
    font-weight: 700;
    color: var(--_text);
  }
  .more {
    text-align: center;
  }
  .marks {
    display: flex;
    gap: 0.35rem;
  }
  .mark {
    font-size: 0.75em;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_accent);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  .actions kbd {
    margin-inline-start: 0.3em;
  }
  .empty {
    color: var(--_muted);
    text-align: center;
    padding: 2rem;
  }
  .toolbar {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    margin-bottom: 0.75rem;
  }
  .toolbar h2 {
    font-size: 1.05rem;
    margin: 0;
    flex: 1;
  }
  .picker ul {
    list-style: none;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .picker button {
    width: 100%;
    text-align: start;
    padding: 0.75em 1em;
  }
  ${visuallyHidden}
  @media (max-width: 800px) {
    .layout {
      grid-template-columns: 1fr;
    }
  }
`;
