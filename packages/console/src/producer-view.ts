import {
  ChatWallError,
  ProgramAction,
  type ModeratorClient,
  type Post,
  type ProducerProgram,
  type ProgramRequest,
} from '@chat-wall/sdk';
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ConsoleNoticeEvent } from './console-notice.js';
import { I18nController } from './i18n/i18n-controller.js';
import { postLabel, renderPostBody } from './post-card.js';
import { commandButton } from './post-lists.js';
import { producerStyles } from './producer-styles.js';
import { moveIndex, nextUp } from './program-model.js';
import { doneMessage, renderNext, renderProgram, renderTransport } from './producer-parts.js';
import { moveSelection } from './queue-model.js';
import { Command } from './shortcuts.js';
import { consoleStyles } from './styles.js';

/** The two lists a producer moves between. */
type Column = 'approved' | 'rundown';

/** What a dragged post carries: its id and the list it came from. */
const DRAG_TYPE = 'application/x-chat-wall-post';

/**
 * The producer view, like a vision mixer's program and preview: the post on air, large, with its
 * time on air; the post "Next" would take; Take, Next and Clear; the wall's approved posts beside
 * the rundown, which producers fill and reorder with the keyboard or by dragging.
 *
 * The relay is the authority and every producer's console shows its word: each change of the
 * program (anyone's take, clear, rundown edit, auto mode) arrives as a `program` event. Takes,
 * clears and nexts name the revision this console showed, so of two producers racing, one wins
 * and the other's console says who did and shows what is on air now.
 */
export class ChatWallConsoleProducer extends LitElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    tag: { type: String },
    posts: { attribute: false },
    program: { state: true },
    column: { state: true },
    selected: { state: true },
    now: { state: true },
    dropAt: { state: true },
  };

  static override styles = [consoleStyles, producerStyles];

  declare client: ModeratorClient | undefined;
  declare tag: string;
  /** The wall's approved posts as viewers see them, newest first. */
  declare posts: readonly Post[];
  declare private program: ProducerProgram | undefined;
  declare private column: Column;
  declare private selected: Readonly<Record<Column, string | undefined>>;
  declare private now: number;
  /** While a post is dragged over the rundown: the index it would land at. */
  declare private dropAt: number | undefined;
  private focusSelection = false;
  private offs: (() => void)[] = [];
  private clock: ReturnType<typeof setInterval> | undefined;
  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.tag = '';
    this.posts = [];
    this.column = 'approved';
    this.selected = { approved: undefined, rundown: undefined };
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Time on air ticks once a second.
    this.clock = setInterval(() => (this.now = Date.now()), 1000);
    if (this.client && this.tag) this.follow();
  }

  override disconnectedCallback(): void {
    clearInterval(this.clock);
    this.unfollow();
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('client') || changed.has('tag')) && this.isConnected) this.follow();
    // A selected post that left its list: select the first one.
    for (const column of ['approved', 'rundown'] as const) {
      const list = this.list(column);
      if (!list.some((p) => p.id === this.selected[column])) {
        this.selected = { ...this.selected, [column]: list[0]?.id };
      }
    }
  }

  protected override updated(): void {
    if (!this.focusSelection) return;
    this.focusSelection = false;
    this.renderRoot
      .querySelector<HTMLElement>(
        `[data-part="${this.column}"] article[data-post-id="${CSS.escape(this.selected[this.column] ?? '')}"]`,
      )
      ?.focus();
  }

  /** Runs a console command in this view (the console forwards the Program view's keys). */
  run(command: Command): void {
    const selected = this.selected[this.column];
    const rundown = this.program?.rundown ?? [];
    const at = rundown.findIndex((p) => p.id === selected);
    switch (command) {
      case Command.Next:
      case Command.Previous:
        this.selected = {
          ...this.selected,
          [this.column]: moveSelection(this.list(this.column), selected, command === Command.Next ? 1 : -1),
        };
        this.focusSelection = true;
        return;
      case Command.OtherColumn:
        this.column = this.column === 'approved' ? 'rundown' : 'approved';
        this.focusSelection = true;
        return;
      case Command.TakeNext:
        return this.act({ action: ProgramAction.Next, ...this.expected() });
      case Command.ClearAir:
        return this.act({ action: ProgramAction.Clear, ...this.expected() });
      case Command.Take:
        if (selected) this.act({ action: ProgramAction.Take, postId: selected, ...this.expected() });
        return;
      case Command.AddToRundown:
        if (selected && this.column === 'approved') this.act({ action: ProgramAction.Add, postId: selected });
        return;
      case Command.RemoveFromRundown:
        if (selected && this.column === 'rundown') this.act({ action: ProgramAction.Remove, postId: selected });
        return;
      case Command.MoveUp:
      case Command.MoveDown:
        if (at < 0 || this.column !== 'rundown') return;
        this.focusSelection = true;
        this.act({ action: ProgramAction.Move, postId: selected, index: at + (command === Command.MoveUp ? -1 : 1) });
        return;
    }
  }

  override render(): TemplateResult {
    const p = this.program;
    const t = this.i18n.tr;
    if (!p) return html`<p class="empty card" data-empty="program">${t.t('loadingProgram')}</p>`;
    return html`<div class="monitors">${renderProgram(p, this.now, t)} ${renderNext(nextUp(p, this.posts), t)}</div>
      ${renderTransport(
        p,
        this.selected[this.column] !== undefined,
        (command) => this.run(command),
        (auto) => this.act({ action: ProgramAction.Auto, auto }),
        t,
      )}
      <div class="columns">
        ${this.renderColumn('approved', t.t('approvedPostsTitle'), this.posts, p)}
        ${this.renderColumn('rundown', t.t('rundownTitle', { count: p.rundown.length }), p.rundown, p)}
      </div>`;
  }

  private renderColumn(column: Column, title: string, posts: readonly Post[], p: ProducerProgram): TemplateResult {
    const rundown = column === 'rundown';
    const next = nextUp(p, this.posts)?.id;
    const onAir = p.onAir?.post.id;
    const t = this.i18n.tr;
    return html`<section class="column" data-active=${this.column === column ? 'true' : 'false'}>
      <h2 id="${column}-title">${title}</h2>
      <ol
        class="posts ${rundown ? 'rundown-list' : ''}"
        data-part=${column}
        aria-labelledby="${column}-title"
        data-drop=${rundown && this.dropAt !== undefined ? 'true' : 'false'}
        @dragover=${rundown ? (e: DragEvent) => this.dragOver(e, posts.length) : nothing}
        @dragleave=${rundown ? () => (this.dropAt = undefined) : nothing}
        @drop=${rundown ? (e: DragEvent) => this.drop(e) : nothing}
      >
        ${
          posts.length === 0
            ? html`<li class="hint" data-empty=${column}>${rundown ? t.t('rundownEmpty') : t.t('noApprovedPosts')}</li>`
            : nothing
        }
        ${posts.map((post, index) => {
          const current = this.selected[column] === post.id;
          return html`<li
            data-drop-before=${rundown && this.dropAt === index ? 'true' : 'false'}
            @dragover=${rundown ? (e: DragEvent) => this.dragOver(e, index) : nothing}
          >
            <article
              class="post"
              data-post-id=${post.id}
              data-on-air=${post.id === onAir ? 'true' : 'false'}
              draggable="true"
              tabindex=${current && this.column === column ? 0 : -1}
              aria-current=${current ? 'true' : 'false'}
              aria-label=${postLabel(post)}
              @dragstart=${(e: DragEvent) => this.dragStart(e, column, post.id)}
              @dragend=${() => (this.dropAt = undefined)}
              @focus=${() => this.select(column, post.id)}
              @click=${() => this.select(column, post.id)}
            >
              ${renderPostBody(
                post,
                t,
                undefined,
                post.id === onAir
                  ? html`<p class="cue">${t.t('onAir')}</p>`
                  : post.id === next
                    ? html`<p class="cue next">${t.t('next')}</p>`
                    : undefined,
              )}
              <div></div>
              <div class="actions">${this.renderActions(column, post.id)}</div>
            </article>
          </li>`;
        })}
      </ol>
    </section>`;
  }

  private renderActions(column: Column, id: string): TemplateResult {
    const button = (command: Command, label: string, danger = false) =>
      commandButton(
        command,
        label,
        () => {
          this.select(column, id);
          this.run(command);
        },
        danger,
      );
    const t = this.i18n;
    if (column === 'approved') {
      return html`${button(Command.AddToRundown, t.t('addToRundown'))} ${button(Command.Take, t.t('take'))}`;
    }
    return html`${button(Command.Take, t.t('take'))} ${button(Command.MoveUp, t.t('moveUp'))}
    ${button(Command.MoveDown, t.t('moveDown'))} ${button(Command.RemoveFromRundown, t.t('remove'), true)}`;
  }

  private select(column: Column, id: string): void {
    this.column = column;
    if (this.selected[column] !== id) this.selected = { ...this.selected, [column]: id };
  }

  private list(column: Column): readonly Post[] {
    return column === 'approved' ? this.posts : (this.program?.rundown ?? []);
  }

  /** The revision this console shows, so a take made on an outdated picture is refused. */
  private expected(): { expected?: number } {
    return this.program ? { expected: this.program.revision } : {};
  }

  private dragStart(e: DragEvent, column: Column, id: string): void {
    this.select(column, id);
    e.dataTransfer?.setData(DRAG_TYPE, JSON.stringify({ id, from: column }));
    e.dataTransfer?.setData('text/plain', id);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = column === 'approved' ? 'copy' : 'move';
  }

  private dragOver(e: DragEvent, index: number): void {
    if (!e.dataTransfer?.types.includes(DRAG_TYPE)) return;
    // Accept the drop; the innermost list item names the place, the list itself the end.
    e.preventDefault();
    if (e.currentTarget instanceof HTMLLIElement) e.stopPropagation();
    this.dropAt = index;
  }

  private drop(e: DragEvent): void {
    const at = this.dropAt;
    this.dropAt = undefined;
    const data = e.dataTransfer?.getData(DRAG_TYPE);
    if (!data || at === undefined) return;
    e.preventDefault();
    let dragged: { id?: unknown; from?: unknown };
    try {
      dragged = JSON.parse(data) as typeof dragged;
    } catch {
      return;
    }
    if (typeof dragged.id !== 'string') return;
    const rundown = this.program?.rundown ?? [];
    const from = rundown.findIndex((p) => p.id === dragged.id);
    this.column = 'rundown';
    this.selected = { ...this.selected, rundown: dragged.id };
    if (dragged.from === 'rundown' && from >= 0) {
      this.act({ action: ProgramAction.Move, postId: dragged.id, index: moveIndex(from, at) });
    } else {
      this.act({ action: ProgramAction.Add, postId: dragged.id, index: at });
    }
  }

  /** Sends one request; the answer (or the winner's program, on a conflict) is what this console shows. */
  private act(request: Omit<ProgramRequest, 'tag'>): void {
    const { client, tag } = this;
    if (!client || !tag) return;
    void client.produce({ ...request, tag }).then(
      (program) => {
        this.program = program;
        this.notify(true, doneMessage(request, program, this.i18n.tr));
      },
      (err: unknown) => {
        if (err instanceof ChatWallError && err.program) this.program = err.program;
        this.notify(false, err instanceof Error ? err.message : String(err));
      },
    );
  }

  private notify(ok: boolean, message: string): void {
    this.dispatchEvent(new ConsoleNoticeEvent({ ok, message }));
  }

  /** Follows the open wall's program: as it is now, then every change, also after a reconnect. */
  private follow(): void {
    this.unfollow();
    const { client, tag } = this;
    if (!client || !tag) return;
    const load = () =>
      void client.program(tag).then(
        (program) => (this.program = program),
        (err: unknown) => this.notify(false, err instanceof Error ? err.message : String(err)),
      );
    this.offs.push(
      client.on('program', (program) => {
        if (program.tag === tag) this.program = program;
      }),
      // Pushes sent while the connection was down are lost: read the program afresh.
      client.on('rejoined', (joined) => {
        if (joined.tag === tag) load();
      }),
    );
    load();
  }

  private unfollow(): void {
    for (const off of this.offs.splice(0)) off();
  }
}
