import { create } from 'qrcode';
import { css, html, svg, type TemplateResult } from 'lit';
import { enJoin } from './i18n/en-join.js';
import { addEnglish, type Translator } from './i18n/translator.js';

// English strings travel with this part (the entry has only the first paint's).
addEnglish(enJoin);

// The join panel's QR code, loaded on demand as its own chunk (with the QR encoder) the first
// time an element shows a join panel.

/** Modules of white around the code, as the QR specification asks (ISO/IEC 18004: 4). */
const QUIET = 4;

/** The QR code of `text` as one SVG path of dark modules, on a square of `size` modules (quiet zone included). */
export function qrPath(text: string): { size: number; d: string } {
  const { size, data } = create(text, { errorCorrectionLevel: 'M' }).modules;
  let d = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if (data[y * size + x]) d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
  }
  return { size: size + QUIET * 2, d };
}

/** The join panel: how to take part (the hashtag, large) and the QR code of `link`. */
export function renderJoin(tag: string, link: string, i18n: Translator): TemplateResult {
  return html`<aside part="join" class="join">
    <div class="join-text">
      <span class="join-call">${i18n.t('joinIn')}</span>
      <span class="join-tag" dir="ltr">#${tag}</span>
    </div>
    ${renderQr(link, i18n.t('joinQr', { tag }))}
  </aside>`;
}

/** The QR code as an `<svg>`; the URL goes in only as data, never as markup. */
export function renderQr(url: string, label: string): TemplateResult {
  const { size, d } = qrPath(url);
  return html`<svg
    part="join-qr"
    class="join-qr"
    viewBox="0 0 ${size} ${size}"
    role="img"
    aria-label=${label}
    shape-rendering="crispEdges"
  >
    ${svg`<rect width=${size} height=${size} fill="#fff"></rect><path d=${d} fill="#000"></path>`}
  </svg>`;
}

export const joinStyles = css`
  .join {
    position: absolute;
    top: 5cqh;
    inset-inline-end: 5cqw;
    display: flex;
    align-items: center;
    gap: 0.6em;
    padding: 0.5em 0.7em;
    background: color-mix(in srgb, var(--_surface) 94%, transparent);
    border-radius: var(--_radius);
    box-shadow: 0 0.3em 1.2em rgb(0 0 0 / 30%);
    font-size: var(--chat-wall-join-size, clamp(14px, 2.6cqh, 120px));
    z-index: 2;
  }
  .join-text {
    display: flex;
    flex-direction: column;
  }
  .join-call {
    font-size: 0.55em;
    color: var(--_muted);
  }
  .join-tag {
    font-size: 1.3em;
    font-weight: 800;
    color: var(--_accent);
  }
  .join-qr {
    width: 4.5em;
    height: 4.5em;
    display: block;
  }
`;
