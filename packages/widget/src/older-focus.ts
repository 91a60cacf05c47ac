import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** An element with controllers and a shadow root: what the older-posts controllers work on. */
export type ShadowHost = ReactiveControllerHost & { readonly shadowRoot: ShadowRoot | null };

/**
 * Keeps keyboard focus in the wall when the "Show older posts" button goes away (the oldest post is
 * shown): focus moves to the first post that the last page added, where reading goes on, or else to
 * the last post, instead of falling back to the page's `<body>`. Added with the older-posts chunk.
 */
export class OlderFocusController implements ReactiveController {
  /** The focused button as of the last update, with the id of the post drawn last above it. */
  private pending: { button: Element; lastId: string | undefined } | undefined;

  constructor(private readonly host: ShadowHost) {
    host.addController(this);
  }

  hostUpdate(): void {
    const active = this.host.shadowRoot?.activeElement;
    if (active?.getAttribute('part') !== 'load-older') {
      this.pending = undefined; // focus is elsewhere: not ours to move
      return;
    }
    if (this.pending?.button !== active) this.pending = { button: active, lastId: this.lastId() };
  }

  hostUpdated(): void {
    const pending = this.pending;
    if (!pending) return;
    if (pending.button.isConnected) {
      // Still there (more pages may follow): the next page starts after the post now drawn last.
      pending.lastId = this.lastId();
      return;
    }
    this.pending = undefined;
    const posts = this.posts();
    const before = posts.findIndex((p) => p.dataset.postId === pending.lastId);
    (posts[before + 1] ?? posts.at(-1))?.focus();
  }

  private lastId(): string | undefined {
    return this.posts().at(-1)?.dataset.postId;
  }

  private posts(): HTMLElement[] {
    return [...(this.host.shadowRoot?.querySelectorAll<HTMLElement>('.feed [part~="post"]') ?? [])];
  }
}
