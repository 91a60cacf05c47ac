import { html, nothing, type TemplateResult } from 'lit';
import type { LayoutContext } from './layout.js';

/** The status pill: a coloured dot and a short label; the full reason in its tooltip. */
export function renderStatus(ctx: LayoutContext): TemplateResult {
  return html`<div part="status" class="status" data-state=${ctx.state} role="status" title=${ctx.status.message ?? ''}>
    <span class="dot" aria-hidden="true"></span><span class="label">${ctx.status.label}</span>
  </div>`;
}

/**
 * What stands in for posts when there are none to show: why (unknown wall, server unreachable),
 * or that the wall is simply empty for now.
 */
export function renderEmpty(ctx: LayoutContext, quiet = false): TemplateResult | typeof nothing {
  const message = ctx.status.message;
  if (message) {
    const alert = ctx.state === 'failed';
    return html`<div part="empty" class="empty problem" data-state=${ctx.state} role=${alert ? 'alert' : 'status'}>
      ${message}
    </div>`;
  }
  if (quiet || !ctx.loaded) return nothing;
  return html`<div part="empty" class="empty">${ctx.i18n.t('empty', { title: ctx.title })}</div>`;
}
