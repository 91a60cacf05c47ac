import { ConnectionState, type WallSummary } from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { Phase, type ConsoleController } from './console-controller.js';
import type { ConsoleKey } from './i18n/en.js';
import { LANGUAGE_NAMES, LOCALES, type ConsoleLocale } from './i18n/locale.js';
import type { ConsoleTranslator } from './i18n/translator.js';

const STATE_WORD: Record<ConnectionState, ConsoleKey> = {
  [ConnectionState.Connecting]: 'stateConnecting',
  [ConnectionState.Live]: 'stateLive',
  [ConnectionState.Reconnecting]: 'stateReconnecting',
  [ConnectionState.Closed]: 'stateClosed',
  [ConnectionState.Failed]: 'stateFailed',
};

const MODE_WORD: Record<WallSummary['mode'], ConsoleKey> = {
  pre: 'modePre',
  post: 'modePost',
  auto: 'modeAuto',
};

/** The language picker's choice: a language, or `auto` to follow the browser's languages. */
export type LanguagePick = ConsoleLocale | 'auto';

/** What the language picker shows and reports. */
export interface LanguagePicker {
  /** The saved choice, `auto` when the console follows the browser. */
  value: LanguagePick;
  pick(value: LanguagePick): void;
}

/** Title, connection states, who is signed in, the language, switch wall and sign out. */
export function renderHeader(s: ConsoleController, t: ConsoleTranslator, language: LanguagePicker): TemplateResult {
  return html`<header class="top">
    <h1>${t.t('appTitle')}${s.tag ? html` · <span class="wall-tag" dir="ltr">#${s.tag}</span>` : nothing}</h1>
    <span class="spacer"></span>
    ${
      s.client
        ? html`<span class="status" data-part="moderator-status" data-state=${s.modState}
              >${t.t('moderationStatus', { state: t.t(STATE_WORD[s.modState]) })}</span
            >
            ${
              s.wall
                ? html`<span class="status" data-part="wall-status" data-state=${s.wallState}
                    >${t.t('wallStatus', { state: t.t(STATE_WORD[s.wallState]) })}</span
                  >`
                : nothing
            }
            <span class="who">${s.me?.name}</span>`
        : nothing
    }
    ${renderLanguage(t, language)}
    ${
      s.client
        ? html`${
              s.walls.length > 1 && s.phase === Phase.Open
                ? html`<button type="button" @click=${() => s.pick()}>${t.t('switchWall')}</button>`
                : nothing
            } <button type="button" data-action="sign-out" @click=${() => s.signOut()}>${t.t('signOut')}</button>`
        : nothing
    }
  </header>`;
}

/**
 * The language picker: each language by its own name (so a moderator finds theirs whatever the
 * console speaks now), and "browser language" to forget the choice.
 */
function renderLanguage(t: ConsoleTranslator, language: LanguagePicker): TemplateResult {
  return html`<label class="language">
    <span>${t.t('language')}</span>
    <select
      data-part="language"
      @change=${(e: Event) => language.pick((e.target as HTMLSelectElement).value as LanguagePick)}
    >
      <option value="auto" ?selected=${language.value === 'auto'}>${t.t('languageAuto')}</option>
      ${LOCALES.map(
        (l) => html`<option value=${l} lang=${l} ?selected=${language.value === l}>${LANGUAGE_NAMES[l]}</option>`,
      )}
    </select>
  </label>`;
}

/** The token form; the relay's refusal appears under the field. */
export function renderSignIn(
  s: ConsoleController,
  t: ConsoleTranslator,
  onSubmit: (event: SubmitEvent) => void,
): TemplateResult {
  const error = s.signInError;
  return html`<form class="card sign-in" @submit=${onSubmit} novalidate>
    <h2>${t.t('signInTitle')}</h2>
    <p class="hint">${t.t('signInHint')}</p>
    <label for="token">${t.t('tokenLabel')}</label>
    <input
      id="token"
      name="token"
      type="password"
      dir="ltr"
      autocomplete="off"
      spellcheck="false"
      required
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${error ? 'token-error' : nothing}
    />
    ${error ? html`<p id="token-error" class="error" role="alert">${error}</p>` : nothing}
    <p>
      <button class="primary" type="submit" ?disabled=${s.phase === Phase.SigningIn}>
        ${s.phase === Phase.SigningIn ? t.t('signingIn') : t.t('signIn')}
      </button>
    </p>
  </form>`;
}

/** One button per wall the token covers. */
export function renderPicker(
  s: ConsoleController,
  t: ConsoleTranslator,
  notice: TemplateResult,
  onPick: (tag: string) => void,
): TemplateResult {
  return html`<section class="card picker" aria-labelledby="picker-title">
    <h2 id="picker-title">${t.t('pickTitle')}</h2>
    ${notice}
    ${
      s.walls.length === 0
        ? html`<p class="empty">${t.t('noWalls')}</p>`
        : html`<ul>
            ${s.walls.map(
              (w) =>
                html`<li>
                  <button type="button" data-tag=${w.tag} @click=${() => onPick(w.tag)}>
                    <strong dir="ltr">#${w.tag}</strong>${w.title ? html` — <bdi>${w.title}</bdi>` : nothing}
                    <span class="hint">${t.t(MODE_WORD[w.mode])}</span>
                  </button>
                </li>`,
            )}
          </ul>`
    }
  </section>`;
}
