import {
  ChatWallError,
  type ModerationSettings,
  type ModerationSettingsPatch,
  type ModeratorClient,
} from '@chat-wall/sdk';
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { formStyles } from './form-styles.js';
import { consoleStyles } from './styles.js';

/** How a setting is edited. */
type Kind = 'choice' | 'lines' | 'words' | 'toggle' | 'number';

interface Field {
  /** Dotted path in {@linkcode ModerationSettings}, as the relay names it in errors. */
  path: string;
  label: string;
  kind: Kind;
  options?: readonly string[];
  hint?: string;
}

const POLICY = ['allow', 'hold', 'reject'] as const;
const VERDICT = ['hold', 'reject'] as const;

const GROUPS: readonly { title: string; fields: readonly Field[] }[] = [
  {
    title: 'Mode',
    fields: [
      {
        path: 'mode',
        label: 'Moderation mode',
        kind: 'choice',
        options: ['pre', 'post', 'auto'],
        hint: 'pre: a moderator approves every post · post: live at once · auto: live unless a filter holds it',
      },
    ],
  },
  {
    title: 'Kinds of post',
    fields: [
      { path: 'filters.reposts', label: 'Reposts', kind: 'choice', options: POLICY },
      { path: 'filters.replies', label: 'Replies', kind: 'choice', options: POLICY },
      { path: 'filters.links', label: 'Posts with links', kind: 'choice', options: POLICY },
      { path: 'filters.media', label: 'Posts with media', kind: 'choice', options: POLICY },
    ],
  },
  {
    title: 'Words',
    fields: [
      { path: 'filters.blocklist.words', label: 'Blocked words and phrases', kind: 'lines', hint: 'One per line.' },
      { path: 'filters.blocklist.action', label: 'Blocked words', kind: 'choice', options: VERDICT },
      { path: 'filters.patterns.regex', label: 'Patterns', kind: 'lines', hint: 'Regular expressions, one per line.' },
      { path: 'filters.patterns.action', label: 'Matching patterns', kind: 'choice', options: VERDICT },
      { path: 'filters.profanity.enabled', label: 'Check profanity lists', kind: 'toggle' },
      {
        path: 'filters.profanity.languages',
        label: 'Profanity lists',
        kind: 'words',
        hint: 'Language codes, e.g. en, de.',
      },
      { path: 'filters.profanity.action', label: 'Profanity', kind: 'choice', options: VERDICT },
    ],
  },
  {
    title: 'Languages',
    fields: [
      {
        path: 'filters.languages.allow',
        label: 'Allowed languages',
        kind: 'words',
        hint: 'Empty allows every language.',
      },
      { path: 'filters.languages.action', label: 'Other languages', kind: 'choice', options: VERDICT },
      { path: 'filters.languages.unknown', label: 'Unknown language', kind: 'choice', options: POLICY },
    ],
  },
  {
    title: 'Floods',
    fields: [
      { path: 'filters.duplicates.enabled', label: 'Catch duplicates', kind: 'toggle' },
      { path: 'filters.duplicates.windowSeconds', label: 'Duplicate window (seconds)', kind: 'number' },
      { path: 'filters.duplicates.action', label: 'Duplicates', kind: 'choice', options: VERDICT },
      { path: 'filters.rateCap.enabled', label: 'Cap posts per author', kind: 'toggle' },
      { path: 'filters.rateCap.max', label: 'Most posts per author', kind: 'number' },
      { path: 'filters.rateCap.windowSeconds', label: 'Per (seconds)', kind: 'number' },
      { path: 'filters.rateCap.action', label: 'Posts over the cap', kind: 'choice', options: VERDICT },
    ],
  },
  {
    title: 'Authors',
    fields: [
      {
        path: 'filters.authors.allow',
        label: 'Always approved',
        kind: 'lines',
        hint: '@handle or source:id, one per line.',
      },
      { path: 'filters.authors.blockAction', label: 'Posts by banned authors', kind: 'choice', options: VERDICT },
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
      this.status = 'Someone else changed these settings; saving will apply your values over theirs.';
    }
  }

  override render(): TemplateResult {
    if (!this.settings) return html`<p class="empty card">Loading settings…</p>`;
    return html`<form class="card settings" novalidate @submit=${this.onSubmit} @input=${this.onInput}>
      ${GROUPS.map(
        (g) =>
          html`<fieldset>
            <legend>${g.title}</legend>
            ${g.fields.map((f) => this.renderField(f))}
          </fieldset>`,
      )}
      <p role="status" aria-live="polite" class="hint" data-part="settings-status">${this.status}</p>
      <p>
        <button type="submit" class="primary" ?disabled=${this.saving}>
          ${this.saving ? 'Saving…' : 'Save settings'}
        </button>
        <button type="button" ?disabled=${!this.dirty} @click=${this.onReset}>Discard changes</button>
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
          ${f.options!.map((o) => html`<option value=${o}>${o}</option>`)}
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
      <label for=${id}>${f.label}</label>
      ${control} ${f.hint ? html`<p id="${id}-hint" class="hint">${f.hint}</p>` : nothing}
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
      this.status = 'Saved.';
    } catch (err) {
      const field = err instanceof ChatWallError ? (err.field ?? 'settings') : 'settings';
      const message = err instanceof Error ? err.message : String(err);
      this.errors = { field, message };
      this.status = `Not saved: ${message}`;
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
