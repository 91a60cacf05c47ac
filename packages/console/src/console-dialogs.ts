import type { Post } from '@chat-wall/sdk';
import { html, type TemplateResult } from 'lit';
import { SHORTCUTS, shortcutsFor, type Shortcut, type View } from './shortcuts.js';

/** What the dialogs call back into the console for. */
export interface DialogHandlers {
  confirmBan(event: SubmitEvent): void;
  /** Closes the dialog matching `selector` (its `close` event follows). */
  close(selector: string): void;
  /** A dialog closed, by a button or by Escape. */
  closed(which: 'ban' | 'help'): void;
}

/** The shortcuts of the current view, always on screen next to the list. */
export function renderKeys(view: View, shown: (s: Shortcut) => boolean = () => true): TemplateResult {
  return html`<aside class="card keys" aria-labelledby="keys-title">
    <h2 id="keys-title">Keyboard</h2>
    <dl>
      ${shortcutsFor(view)
        .filter(shown)
        .map(
          (k) =>
            html`<dt><kbd>${k.label}</kbd></dt>
              <dd>${k.description}</dd>`,
        )}
    </dl>
  </aside>`;
}

/**
 * Asks before a ban. A modal `<dialog>`: focus moves to "Ban" and stays inside; Escape or
 * "Cancel" closes it and nothing happens.
 */
export function renderBanDialog(post: Post, on: DialogHandlers): TemplateResult {
  return html`<dialog class="ban" aria-labelledby="ban-title" @close=${() => on.closed('ban')}>
    <form method="dialog" @submit=${on.confirmBan}>
      <h2 id="ban-title">Ban @${post.author.handle}?</h2>
      <p>
        Their posts on this wall are taken down and their next ones are held or rejected. You can unban them in
        Settings.
      </p>
      <div class="buttons">
        <button type="button" @click=${() => on.close('dialog.ban')}>Cancel</button>
        <button type="submit" class="danger primary" data-action="confirm-ban" autofocus>Ban</button>
      </div>
    </form>
  </dialog>`;
}

/** Every shortcut, with the views it works in. */
export function renderHelp(on: DialogHandlers, shown: (s: Shortcut) => boolean = () => true): TemplateResult {
  return html`<dialog class="help" aria-labelledby="help-title" @close=${() => on.closed('help')}>
    <h2 id="help-title">Keyboard shortcuts</h2>
    <p class="hint">Shortcuts do nothing while you type in a field.</p>
    <div class="keys">
      <dl>
        ${SHORTCUTS.filter(shown).map(
          (k) =>
            html`<dt><kbd>${k.label}</kbd></dt>
              <dd>${k.description}${k.views ? ` (${k.views.join(', ')})` : ''}</dd>`,
        )}
      </dl>
    </div>
    <div class="buttons">
      <button type="button" autofocus @click=${() => on.close('dialog.help')}>Close</button>
    </div>
  </dialog>`;
}
