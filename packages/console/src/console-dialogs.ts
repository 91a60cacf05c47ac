import type { Post } from '@chat-wall/sdk';
import { html, type TemplateResult } from 'lit';
import { VIEW_NAME } from './console-panels.js';
import type { ConsoleTranslator } from './i18n/translator.js';
import { keyLabel, SHORTCUTS, shortcutsFor, type Shortcut, type View } from './shortcuts.js';

/** What the dialogs call back into the console for. */
export interface DialogHandlers {
  confirmBan(event: SubmitEvent): void;
  /** Closes the dialog matching `selector` (its `close` event follows). */
  close(selector: string): void;
  /** A dialog closed, by a button or by Escape. */
  closed(which: 'ban' | 'help'): void;
}

/** The shortcuts of the current view, always on screen next to the list. */
export function renderKeys(
  view: View,
  t: ConsoleTranslator,
  shown: (s: Shortcut) => boolean = () => true,
): TemplateResult {
  const text = (key: Parameters<ConsoleTranslator['t']>[0]) => t.t(key);
  return html`<aside class="card keys" aria-labelledby="keys-title">
    <h2 id="keys-title">${t.t('keyboard')}</h2>
    <dl>
      ${shortcutsFor(view)
        .filter(shown)
        .map(
          (k) =>
            html`<dt><kbd>${keyLabel(k.label, text)}</kbd></dt>
              <dd>${t.t(k.description)}</dd>`,
        )}
    </dl>
  </aside>`;
}

/**
 * Asks before a ban. A modal `<dialog>`: focus moves to "Ban" and stays inside; Escape or
 * "Cancel" closes it and nothing happens.
 */
export function renderBanDialog(post: Post, t: ConsoleTranslator, on: DialogHandlers): TemplateResult {
  return html`<dialog class="ban" aria-labelledby="ban-title" @close=${() => on.closed('ban')}>
    <form method="dialog" @submit=${on.confirmBan}>
      <h2 id="ban-title">${t.t('banTitle', { handle: post.author.handle })}</h2>
      <p>${t.t('banBody')}</p>
      <div class="buttons">
        <button type="button" @click=${() => on.close('dialog.ban')}>${t.t('cancel')}</button>
        <button type="submit" class="danger primary" data-action="confirm-ban" autofocus>${t.t('ban')}</button>
      </div>
    </form>
  </dialog>`;
}

/** Every shortcut, with the views it works in. */
export function renderHelp(
  t: ConsoleTranslator,
  on: DialogHandlers,
  shown: (s: Shortcut) => boolean = () => true,
): TemplateResult {
  const text = (key: Parameters<ConsoleTranslator['t']>[0]) => t.t(key);
  return html`<dialog class="help" aria-labelledby="help-title" @close=${() => on.closed('help')}>
    <h2 id="help-title">${t.t('keyboardShortcuts')}</h2>
    <p class="hint">${t.t('shortcutsHint')}</p>
    <div class="keys">
      <dl>
        ${SHORTCUTS.filter(shown).map(
          (k) =>
            html`<dt><kbd>${keyLabel(k.label, text)}</kbd></dt>
              <dd>
                ${
                  k.views
                    ? t.t('shortcutViews', {
                        description: t.t(k.description),
                        views: t.list(k.views.map((v) => t.t(VIEW_NAME[v]))),
                      })
                    : t.t(k.description)
                }
              </dd>`,
        )}
      </dl>
    </div>
    <div class="buttons">
      <button type="button" autofocus @click=${() => on.close('dialog.help')}>${t.t('close')}</button>
    </div>
  </dialog>`;
}
