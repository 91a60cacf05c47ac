import { html, nothing, type TemplateResult } from 'lit';
import { Phase, type ConsoleController } from './console-controller.js';

/** Title, connection states, who is signed in, switch wall and sign out. */
export function renderHeader(s: ConsoleController): TemplateResult {
  return html`<header class="top">
    <h1>chat-wall console${s.tag ? html` · <span class="wall-tag">#${s.tag}</span>` : nothing}</h1>
    <span class="spacer"></span>
    ${
      s.client
        ? html`<span class="status" data-part="moderator-status" data-state=${s.modState}
              >Moderation: ${s.modState}</span
            >
            ${
              s.wall
                ? html`<span class="status" data-part="wall-status" data-state=${s.wallState}
                    >Wall: ${s.wallState}</span
                  >`
                : nothing
            }
            <span class="who">${s.me?.name}</span>
            ${
              s.walls.length > 1 && s.phase === Phase.Open
                ? html`<button type="button" @click=${() => s.pick()}>Switch wall</button>`
                : nothing
            }
            <button type="button" data-action="sign-out" @click=${() => s.signOut()}>Sign out</button>`
        : nothing
    }
  </header>`;
}

/** The token form; the relay's refusal appears under the field. */
export function renderSignIn(s: ConsoleController, onSubmit: (event: SubmitEvent) => void): TemplateResult {
  const error = s.signInError;
  return html`<form class="card sign-in" @submit=${onSubmit} novalidate>
    <h2>Sign in to moderate</h2>
    <p class="hint">Paste the moderator token your wall's admin gave you. It is kept only in this tab.</p>
    <label for="token">Moderator token</label>
    <input
      id="token"
      name="token"
      type="password"
      autocomplete="off"
      spellcheck="false"
      required
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${error ? 'token-error' : nothing}
    />
    ${error ? html`<p id="token-error" class="error" role="alert">${error}</p>` : nothing}
    <p>
      <button class="primary" type="submit" ?disabled=${s.phase === Phase.SigningIn}>
        ${s.phase === Phase.SigningIn ? 'Signing in…' : 'Sign in'}
      </button>
    </p>
  </form>`;
}

/** One button per wall the token covers. */
export function renderPicker(
  s: ConsoleController,
  notice: TemplateResult,
  onPick: (tag: string) => void,
): TemplateResult {
  return html`<section class="card picker" aria-labelledby="picker-title">
    <h2 id="picker-title">Pick a wall</h2>
    ${notice}
    ${
      s.walls.length === 0
        ? html`<p class="empty">Your token covers no wall on this server.</p>`
        : html`<ul>
            ${s.walls.map(
              (w) =>
                html`<li>
                  <button type="button" data-tag=${w.tag} @click=${() => onPick(w.tag)}>
                    <strong>#${w.tag}</strong>${w.title ? html` — ${w.title}` : nothing}
                    <span class="hint">(${w.mode}-moderated)</span>
                  </button>
                </li>`,
            )}
          </ul>`
    }
  </section>`;
}
