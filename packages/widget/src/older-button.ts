import { css, html, nothing, type TemplateResult } from 'lit';
import { enOlder } from './i18n/en-older.js';
import { addEnglish, type Translator } from './i18n/translator.js';
import type { OlderPostsView } from './layouts/layout.js';

// English strings travel with this part (the entry has only the first paint's).
addEnglish(enOlder);

// The "Show older posts" button and its styles, in the older-posts chunk: loaded when a wall has
// more posts than it shows (the button appears a moment after the first posts).

/**
 * The "Show older posts" button below the feed, with its loading and error states. It keeps focus
 * while loading (`aria-disabled` rather than `disabled`, which would drop it) and the live region
 * next to it tells screen readers what happens.
 */
export function renderOlder(view: OlderPostsView, i18n: Translator): TemplateResult | typeof nothing {
  const t = i18n.t.bind(i18n);
  if (!view.more) return nothing;
  const loading = view.state === 'loading';
  const failed = view.state === 'failed';
  return html`<div class="older">
    ${
      failed
        ? html`<p part="load-older-error" class="older-error" role="alert">
            ${t('olderFailed', { error: view.error ?? t('unknownError') })}
          </p>`
        : nothing
    }
    <button
      part="load-older"
      class="load-older"
      type="button"
      aria-disabled=${loading ? 'true' : 'false'}
      @click=${() => {
        if (!loading) view.load();
      }}
    >
      ${loading ? t('loadingOlder') : failed ? t('tryAgain') : t('showOlder')}
    </button>
    <span class="visually-hidden" role="status">${loading ? t('loadingOlder') : ''}</span>
  </div>`;
}

/** Styles of the button, adopted with the chunk. */
export const olderStyles = css`
  .layout-list .older {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.5em;
    padding: var(--_gap) 0;
  }
  .layout-list .load-older {
    font: inherit;
    font-weight: 600;
    padding: 0.5em 1.2em;
    color: var(--_accent);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 999px;
    cursor: pointer;
  }
  .layout-list .load-older[aria-disabled='true'] {
    cursor: progress;
    color: var(--_muted);
  }
  .layout-list .load-older:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .layout-list .older-error {
    margin: 0;
    color: var(--_text);
    font-size: 0.9em;
  }
`;
