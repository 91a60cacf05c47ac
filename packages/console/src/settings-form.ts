import {
  ChatWallError,
  type ModerationSettings,
  type ModerationSettingsPatch,
  type ModeratorClient,
} from '@chat-wall/sdk';
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { formStyles } from './form-styles.js';
import type { ConsoleKey } from './i18n/en.js';
import { I18nController } from './i18n/i18n-controller.js';
import { consoleStyles } from './styles.js';

/** How a setting is edited. */
type Kind = 'choice' | 'lines' | 'words' | 'toggle' | 'number';

interface Field {
  /** Dotted path in {@linkcode ModerationSettings}, as the relay names it in errors. */
  path: string;
  label: ConsoleKey;
  kind: Kind;
  options?: readonly Option[];
  hint?: ConsoleKey;
}

type Option = 'allow' | 'hold' | 'reject' | 'pre' | 'post' | 'auto';

/** Each option's words; the value sent stays the relay's. */
const OPTION_WORD: Readonly<Record<Option, ConsoleKey>> = {
  allow: 'optionAllow',
  hold: 'optionHold',
  reject: 'optionReject',
  pre: 'optionPre',
  post: 'optionPost',
  auto: 'optionAuto',
};

const POLICY = ['allow', 'hold', 'reject'] as const;
const VERDICT = ['hold', 'reject'] as const;

const GROUPS: readonly { title: ConsoleKey; fields: readonly Field[] }[] = [
  {
    title: 'groupMode',
    fields: [
      {
        path: 'mode',
        label: 'fieldMode',
        kind: 'choice',
        options: ['pre', 'post', 'auto'],
        hint: 'fieldModeHint',
      },
    ],
  },
  {
    title: 'groupKinds',
    fields: [
      { path: 'filters.reposts', label: 'fieldReposts', kind: 'choice', options: POLICY },
      { path: 'filters.replies', label: 'fieldReplies', kind: 'choice', options: POLICY },
      { path: 'filters.links', label: 'fieldLinks', kind: 'choice', options: POLICY },
      { path: 'filters.media', label: 'fieldMedia', kind: 'choice', options: POLICY },
    ],
  },
  {
    title: 'groupWords',
    fields: [
      { path: 'filters.blocklist.words', label: 'fieldBlockedWords', kind: 'lines', hint: 'fieldBlockedWordsHint' },
      { path: 'filters.blocklist.action', label: 'fieldBlockedAction', kind: 'choice', options: VERDICT },
      { path: 'filters.patterns.regex', label: 'fieldPatterns', kind: 'lines', hint: 'fieldPatternsHint' },
      { path: 'filters.patterns.action', label: 'fieldPatternsAction', kind: 'choice', options: VERDICT },
      { path: 'filters.profanity.enabled', label: 'fieldProfanity', kind: 'toggle' },
      {
        path: 'filters.profanity.languages',
        label: 'fieldProfanityLists',
        kind: 'words',
        hint: 'fieldProfanityListsHint',
      },
      { path: 'filters.profanity.action', label: 'fieldProfanityAction', kind: 'choice', options: VERDICT },
    ],
  },
  {
    title: 'groupLanguages',
    fields: [
      {
        path: 'filters.languages.allow',
        label: 'fieldAllowedLanguages',
        kind: 'words',
        hint: 'fieldAllowedLanguagesHint',
      },
      { path: 'filters.languages.action', label: 'fieldOtherLanguages', kind: 'choice', options: VERDICT },
      { path: 'filters.languages.unknown', label: 'fieldUnknownLanguage', kind: 'choice', options: POLICY },
    ],
  },
  {
    title: 'groupFloods',
    fields: [
      { path: 'filters.duplicates.enabled', label: 'fieldDuplicates', kind: 'toggle' },
      { path: 'filters.duplicates.windowSeconds', label: 'fieldDuplicateWindow', kind: 'number' },
      { path: 'filters.duplicates.action', label: 'fieldDuplicatesAction', kind: 'choice', options: VERDICT },
      { path: 'filters.rateCap.enabled', label: 'fieldRateCap', kind: 'toggle' },
      { path: 'filters.rateCap.max', label: 'fieldRateCapMax', kind: 'number' },
      { path: 'filters.rateCap.windowSeconds', label: 'fieldRateCapWindow', kind: 'number' },
      { path: 'filters.rateCap.action', label: 'fieldRateCapAction', kind: 'choice', options: VERDICT },
    ],
  },
  {
    title: 'groupAuthors',
    fields: [
      {
        path: 'filters.authors.allow',
        label: 'fieldAlwaysApproved',
        kind: 'lines',
        hint: 'fieldAlwaysApprovedHint',
      },
      { path: 'filters.authors.blockAction', label: 'fieldBannedAction', kind: 'choice', options: VERDICT },
    ],
  },
];

const FIELDS = GROUPS.flatMap((g) => g.fields);
const idOf = (path: string): string => `setting-${path.replace(/\./g, '-')}`;

/**
 * The wall's mode and main filters. The relay is the authority: the form sends what it shows and
 * puts the relay's error next to the field it names; nothing changes until the relay accepts.
 * Changes by other moderators replace the form unless it has unsaved edits.
 */
export class ChatWallConsoleSettings extends LitElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    tag: { type: String },
    settings: { attribute: false },
    errors: { state: true },
    status: { state: true },
    dirty: { state: true },
    saving: { state: true },
  };

  static override styles = [consoleStyles, formStyles];

  declare client: ModeratorClient | undefined;
  declare tag: string;
  declare settings: ModerationSettings | undefined;
  declare private errors: { field: string; message: string } | undefined;
  declare private status: string;
  declare private dirty: boolean;
  declare private saving: boolean;
  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.tag = '';
    this.status = '';
    this.dirty = false;
    this.saving = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('settings') && this.settings && !this.dirty) this.fill(this.settings);
    if (changed.has('settings') && this.dirty && changed.get('settings') !== undefined) {
      this.status = this.i18n.t('settingsChanged');
    }
  }

  override render(): TemplateResult {
    const t = this.i18n;
    if (!this.settings) return html`<p class="empty card">${t.t('loadingSettings')}</p>`;
    return html`<form class="card settings" novalidate @submit=${this.onSubmit} @input=${this.onInput}>
      ${GROUPS.map(
        (g) =>
          html`<fieldset>
            <legend>${t.t(g.title)}</legend>
            ${g.fields.map((f) => this.renderField(f))}
          </fieldset>`,
      )}
      <p role="status" aria-live="polite" class="hint" data-part="settings-status">${this.status}</p>
      <p>
        <button type="submit" class="primary" ?disabled=${this.saving}>
          ${this.saving ? t.t('saving') : t.t('saveSettings')}
        </button>
        <button type="button" ?disabled=${!this.dirty} @click=${this.onReset}>${t.t('discardChanges')}</button>
      </p>
    </form>`;
  }

  private renderField(f: Field): TemplateResult {
    const id = idOf(f.path);
    const error = this.errors && this.errorField() === f.path ? this.errors.message : undefined;
    const describedBy = [f.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    const common = {
      id,
      invalid: error ? 'true' : 'false',
      describedBy: describedBy || nothing,
    };
    let control: TemplateResult;
    switch (f.kind) {
      case 'choice':
        control = html`<select
          id=${common.id}
          name=${f.path}
          aria-invalid=${common.invalid}
          aria-describedby=${common.describedBy}
        >
          ${f.options!.map((o) => html`<option value=${o}>${this.i18n.t(OPTION_WORD[o])}</option>`)}
        </select>`;
        break;
      case 'lines':
        control = html`<textarea
          id=${common.id}
          name=${f.path}
          rows="3"
          aria-invalid=${common.invalid}
          aria-describedby=${common.describedBy}
        ></textarea>`;
        break;
      case 'toggle':
        control = html`<input
          id=${common.id}
          name=${f.path}
          type="checkbox"
          aria-invalid=${common.invalid}
          aria-describedby=${common.describedBy}
        />`;
        break;
      default:
        control = html`<input
          id=${common.id}
          name=${f.path}
          type=${f.kind === 'number' ? 'number' : 'text'}
          aria-invalid=${common.invalid}
          aria-describedby=${common.describedBy}
        />`;
    }
    return html`<div class="field" data-field=${f.path}>
      <label for=${id}>${this.i18n.t(f.label)}</label>
      ${control} ${f.hint ? html`<p id="${id}-hint" class="hint">${this.i18n.t(f.hint)}</p>` : nothing}
      ${error ? html`<p id="${id}-error" class="field-error">${error}</p>` : nothing}
    </div>`;
  }

  /** The form field the relay's error names (`filters.patterns.regex.2` → `filters.patterns.regex`). */
  private errorField(): string | undefined {
    const named = this.errors?.field ?? '';
    return FIELDS.map((f) => f.path)
      .filter((p) => named === p || named.startsWith(`${p}.`))
      .sort((a, b) => b.length - a.length)[0];
  }

  private fill(settings: ModerationSettings): void {
    for (const f of FIELDS) {
      const el = this.control(f);
      if (!el) continue;
      const value = get(settings, f.path);
      if (f.kind === 'toggle') (el as HTMLInputElement).checked = value === true;
      else if (f.kind === 'lines') el.value = Array.isArray(value) ? value.join('\n') : '';
      else if (f.kind === 'words') el.value = Array.isArray(value) ? value.join(', ') : '';
      else el.value = value === undefined ? '' : String(value);
    }
  }

  private read(): ModerationSettingsPatch {
    const patch: Record<string, unknown> = {};
    for (const f of FIELDS) {
      const el = this.control(f);
      if (!el) continue;
      let value: unknown;
      if (f.kind === 'toggle') value = (el as HTMLInputElement).checked;
      else if (f.kind === 'lines')
        value = el.value
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean);
      else if (f.kind === 'words') value = el.value.split(/[\s,]+/).filter(Boolean);
      // An empty or malformed number goes as null: the relay says what it needs.
      else if (f.kind === 'number') value = el.value.trim() === '' ? null : Number(el.value);
      else value = el.value;
      set(patch, f.path, value);
    }
    return patch as ModerationSettingsPatch;
  }

  private control(f: Field): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null {
    return this.renderRoot.querySelector(`#${idOf(f.path)}`);
  }

  private readonly onInput = (): void => {
    this.dirty = true;
  };

  private readonly onReset = (): void => {
    this.dirty = false;
    this.errors = undefined;
    this.status = '';
    if (this.settings) this.fill(this.settings);
  };

  private readonly onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (!this.client || !this.tag) return;
    this.saving = true;
    this.status = '';
    try {
      const settings = await this.client.updateSettings(this.tag, this.read());
      this.errors = undefined;
      this.dirty = false;
      this.settings = settings;
      this.fill(settings);
      this.status = this.i18n.t('saved');
    } catch (err) {
      const field = err instanceof ChatWallError ? (err.field ?? 'settings') : 'settings';
      const message = err instanceof Error ? err.message : String(err);
      this.errors = { field, message };
      this.status = this.i18n.t('notSaved', { error: message });
      await this.updateComplete;
      const bad = FIELDS.find((f) => f.path === this.errorField());
      if (bad) this.control(bad)?.focus();
    } finally {
      this.saving = false;
    }
  };
}

function get(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], root);
}

function set(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = root;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys.at(-1)!] = value;
}
