import { displayTag, normaliseTag, SessionPhase, type ConnectionState, type Post, type Wall } from '@chat-wall/sdk';
import { adoptStyles, html, LitElement, nothing, type PropertyDeclarations } from 'lit';
import { classMap } from 'lit/directives/class-map.js';
import { styleMap } from 'lit/directives/style-map.js';
import type * as BroadcastParts from './layouts/broadcast.js';
import type * as JoinParts from './join-qr.js';
import type { LayoutContext, LayoutRenderer } from './layouts/layout.js';
import { listLayout } from './layouts/list.js';
import { OlderFocusController } from './older-focus.js';
import { OlderPostsController } from './older-posts.js';
import { overlayLayout } from './layouts/overlay.js';
import { qaLayout } from './layouts/qa.js';
import { systemClock, type Clock } from './countdown.js';
import { SessionClockController } from './session-clock.js';
import { nextSessionChange, renderSessionScreen, sessionScreen, type SessionScreen } from './session-screen.js';
import { qaStyles, sessionStyles } from './session-styles.js';
import { RelativeTimeController } from './relative-time.js';
import type * as AnnouncerParts from './announcer.js';
import type { Announce, PostAnnouncer } from './announcer.js';
import { describeStatus } from './status-message.js';
import { chooseLocale, english, translatorFor, type Translator } from './i18n/translator.js';
import { baseStyles, listStyles, overlayStyles } from './styles.js';
import { WallController } from './wall-controller.js';

/** How the wall is drawn. */
export const Layout = {
  /** Cards in a column, for web pages. */
  List: 'list',
  /** Large type, transparent-friendly, a featured post and the newest few: for TV overlays. */
  Overlay: 'overlay',
  /** The post on air in a band across the lower third, inside title-safe margins. */
  LowerThird: 'lower-third',
  /** Approved posts crawling along the bottom at a steady speed; the post on air held at its start. */
  Ticker: 'ticker',
  /** The post on air, large and centred: venue screens, full-screen inserts. */
  Spotlight: 'spotlight',
  /** A session's questions with their answers threaded beneath, then the audience's questions. */
  QA: 'qa',
} as const;
export type Layout = (typeof Layout)[keyof typeof Layout];

/** Colour scheme; `auto` follows the viewer's system setting. */
export const Theme = { Light: 'light', Dark: 'dark', Auto: 'auto' } as const;
export type Theme = (typeof Theme)[keyof typeof Theme];

/** Whether the `list` layout offers older posts from the server's history. */
export const HistoryMode = {
  /** A "Show older posts" button below the newest posts loads them page by page. */
  Older: 'older',
  /** Only the live posts, at most `max-posts`. */
  None: 'none',
} as const;
export type HistoryMode = (typeof HistoryMode)[keyof typeof HistoryMode];

const layouts: Partial<Record<Layout, LayoutRenderer>> = { list: listLayout, overlay: overlayLayout, qa: qaLayout };

/** Layouts whose code and styles load on demand, as a chunk next to the embed script. */
const BROADCAST_LAYOUTS: readonly string[] = [Layout.LowerThird, Layout.Ticker, Layout.Spotlight];

/** Whether in and out animations run. */
export const Motion = {
  /** Animate, unless the viewer asks for reduced motion (`prefers-reduced-motion`). */
  Auto: 'auto',
  /** Never animate. */
  None: 'none',
} as const;
export type Motion = (typeof Motion)[keyof typeof Motion];

/** Default of {@linkcode ChatWall.tickerSpeed}, in CSS pixels per second. */
export const DEFAULT_TICKER_SPEED = 120;

// Type-only: the code itself is loaded by import() on demand.
type BroadcastModule = typeof BroadcastParts;
type JoinModule = typeof JoinParts;
let broadcastModule: Promise<BroadcastModule> | undefined;
let joinModule: Promise<JoinModule> | undefined;
let askModule: Promise<unknown> | undefined;
// The announcer loads with the first live post: a wall nobody posts to never needs it.
let announcerModule: Promise<typeof AnnouncerParts> | undefined;

/**
 * Which session screens a layout shows above its posts: every phase, or only before and after
 * (a TV overlay needs no "live now" line). Layouts not listed show none.
 */
const SESSION_SCREENS: Partial<Record<Layout, readonly SessionPhase[]>> = {
  list: [SessionPhase.Before, SessionPhase.Live, SessionPhase.Ended],
  qa: [SessionPhase.Before, SessionPhase.Live, SessionPhase.Ended],
  overlay: [SessionPhase.Before, SessionPhase.Ended],
};

/** Default of {@linkcode ChatWall.maxPosts}. */
export const DEFAULT_WIDGET_POSTS = 50;

/**
 * A live, moderated hashtag wall.
 *
 * ```html
 * <script type="module" src="https://wall.example.org/embed/chat-wall.js"></script>
 * <chat-wall tag="askGMP"></chat-wall>
 * ```
 *
 * Remote text is rendered only as text: hashtags and mentions as spans, http(s) links as links.
 *
 * @event {ChatWallStatusEvent} chat-wall-status - The connection changed state (`change.state`).
 * @event {ChatWallErrorEvent} chat-wall-error - Unknown wall, unreachable server, bad attributes (`error.code`).
 * @event {ChatWallPostEvent} chat-wall-post - A post appeared on the wall (`post`).
 * @event {CustomEvent} chat-wall-ask-sent - The question form's question was accepted (held for a moderator).
 *
 * @csspart base - The wall's frame; carries the background.
 * @csspart status - The connection status pill.
 * @csspart post - Every post; also `pinned` and/or `highlighted` when so marked.
 * @csspart pinned - A pinned post (together with `post`).
 * @csspart highlighted - A highlighted post (together with `post`).
 * @csspart on-air - The post the producer put on air (together with `post`), in every layout.
 * @csspart leaving - The post that just left the air, while it animates out.
 * @csspart join - The join panel: the hashtag and a QR code to post with it.
 * @csspart join-qr - The join panel's QR code.
 * @csspart ask - The audience question form under the wall (`ask`).
 * @csspart ask-button - The form's buttons (send, ask another).
 * @csspart ask-error - A message under a field that needs fixing.
 * @csspart ask-count - The characters-left counter.
 * @csspart ask-notice - Why a question could not be sent (closed, too many, offline).
 * @csspart avatar - The author's picture or initials.
 * @csspart post-author - Name, verified mark, handle and time.
 * @csspart post-body - The post's text.
 * @csspart post-media - The media thumbnails.
 * @csspart hashtag - A hashtag in a post's text.
 * @csspart mention - A mention in a post's text.
 * @csspart link - A link in a post's text.
 * @csspart load-older - The "Show older posts" button below the list (also "Try again" after a failure).
 * @csspart load-older-error - Why older posts could not be loaded.
 * @csspart empty - The message shown instead of posts (no posts yet, unknown wall, unreachable server).
 * @csspart session - The session panel: before a session (title, times, countdown, how to take part),
 *   while it runs (a "live now" line) and after it ("ended", with the recap link).
 * @csspart countdown - The time left until the next session starts.
 * @csspart recap-link - The link to a session's recap.
 * @csspart announcer - The visually hidden live region that announces new posts, paced (see `announce`).
 * @csspart question - In the `qa` layout, a host question (`Q<n>`), together with `post`.
 * @csspart current - The current question (the highest asked), together with `post` and `question`.
 * @csspart answer - A post answering a question, together with `post`.
 * @csspart audience-question - A question from the audience, together with `post`.
 * @csspart answered - An answered audience question, together with `post` and `audience-question`.
 *
 * @cssproperty --chat-wall-font - Font family.
 * @cssproperty --chat-wall-font-size - Base font size (15px for `list`, 30px for `overlay`, 3.2% of the frame height for the broadcast layouts).
 * @cssproperty --chat-wall-join-size - Type size of the join panel (2.6% of the frame height).
 * @cssproperty --chat-wall-background - Background of the wall (see also the `background` attribute).
 * @cssproperty --chat-wall-surface - Background of post cards.
 * @cssproperty --chat-wall-text - Text colour.
 * @cssproperty --chat-wall-muted - Colour of handles, times and secondary text.
 * @cssproperty --chat-wall-border - Card borders.
 * @cssproperty --chat-wall-accent - Hashtags, mentions, links, highlighted and pinned posts.
 * @cssproperty --chat-wall-radius - Corner radius of cards.
 * @cssproperty --chat-wall-gap - Space between cards.
 * @cssproperty --chat-wall-avatar-size - Avatar diameter.
 */
export class ChatWall extends LitElement {
  static override properties: PropertyDeclarations = {
    tag: { type: String, reflect: true },
    server: { type: String },
    layout: { type: String, reflect: true },
    theme: { type: String, reflect: true },
    background: { type: String },
    maxPosts: { type: Number, attribute: 'max-posts' },
    locale: { type: String },
    history: { type: String },
    join: { type: Boolean, reflect: true },
    joinUrl: { type: String, attribute: 'join-url' },
    ask: { type: Boolean, reflect: true },
    motion: { type: String, reflect: true },
    tickerSpeed: { type: Number, attribute: 'ticker-speed' },
    announce: { type: String },
    clock: { attribute: false },
    announcement: { state: true },
    failedImages: { state: true },
  };

  static override styles = [baseStyles, listStyles, overlayStyles, sessionStyles, qaStyles];

  /**
   * The server used when the `server` attribute is empty. The embed bundle sets it to its own
   * origin; otherwise it is the page's origin.
   */
  static defaultServer: string | undefined;

  /** Hashtag of the wall, with or without `#`; case-insensitive. */
  declare tag: string;
  /** Base URL of the relay. Empty: the embed script's origin (or the page's). */
  declare server: string;
  /**
   * `list`, `overlay` or `qa`. Unknown values draw as `list`.
   * @default 'list'
   */
  declare layout: Layout;
  /**
   * `light`, `dark` or `auto` (follows `prefers-color-scheme`).
   * @default 'light'
   */
  declare theme: Theme;
  /** Any CSS background, e.g. `transparent` for OBS browser sources. Invalid values are ignored. */
  declare background: string;
  /**
   * How many posts to draw at most.
   * @default 50
   */
  declare maxPosts: number;
  /**
   * BCP 47 locale of the UI strings, times and numbers; also sets the element's `dir` (`rtl` for
   * Arabic and Hebrew). Empty: the page's `lang` (the nearest `lang` attribute), else English.
   * Languages: en, es, fr, de, pt, it, nl, cy, ar, he, ja; others get English.
   */
  declare locale: string;
  /**
   * `older`: the `list` layout can load older posts; `none`: live posts only.
   * @default 'older'
   */
  declare history: HistoryMode;
  /** Shows how to take part: the hashtag, large, and a QR code of a link to post with it. */
  declare join: boolean;
  /**
   * The link the join panel's QR code opens. Empty: X's compose page with the hashtag filled in
   * (`https://x.com/intent/post?text=%23tag`). Only http(s) links are used.
   */
  declare joinUrl: string;
  /**
   * Shows a form under the wall to send a question to the wall's moderators (walls that list
   * `"native"` in `sources`). Loaded on demand; in the `list` and `qa` layouts.
   */
  declare ask: boolean;
  /**
   * `auto`: in/out animations unless `prefers-reduced-motion` asks otherwise; `none`: never.
   * @default 'auto'
   */
  declare motion: Motion;
  /**
   * Speed of the `ticker` layout, in CSS pixels per second.
   * @default 120
   */
  declare tickerSpeed: number;
  /**
   * How screen readers hear new posts: `auto` reads each post while the wall is quiet and, on a
   * busy wall, says how many arrived ("12 new posts") at most every 10 seconds; `count` only counts;
   * `none` is silent. See {@linkcode PostAnnouncer}.
   * @default 'auto'
   */
  declare announce: Announce;
  /**
   * Where session countdowns and screens read the time and wait for it. Replays and tests pass
   * their own; the default is the system clock.
   */
  declare clock: Clock;
  declare private failedImages: ReadonlySet<string>;
  /** What the live region says now. */
  declare private announcement: string;
  /** The UI strings in the element's language; English until another catalog has loaded. */
  private i18n: Translator = english;
  private broadcast: BroadcastModule | undefined;
  private joinParts: JoinModule | undefined;
  private askReady = false;
  /** The post on air at the last render, to animate it out when it leaves. */
  private lastOnAir: Post | undefined;
  private leaving: Post | undefined;

  private readonly connection = new WallController(this, () =>
    this.tag ? { tag: this.tag, server: this.resolvedServer } : undefined,
  );
  // Added after `connection`, so it sees a new wall in the same update that opened it.
  private readonly older = new OlderPostsController(this, () => ({
    wall: this.connection.wall,
    server: this.resolvedServer,
  }));
  private readonly times = new RelativeTimeController(this);
  // Keyboard users who loaded the last page stay in the wall when the button goes away.
  private readonly olderFocus = new OlderFocusController(this);
  // Re-renders the wall when a session starts or ends; the countdown ticks on its own.
  private readonly sessionClock = new SessionClockController(
    this,
    () => this.clock,
    (now) => nextSessionChange(this.connection.state?.wall.sessions, now),
  );

  // New posts reach screen readers through one paced live region, not through the feed itself.
  private announcer: PostAnnouncer | undefined;
  /** Posts that arrived while the announcer's chunk was loading. */
  private unheard: Post[] = [];
  private announcedWall: unknown;

  constructor() {
    super();
    this.addEventListener('chat-wall-post', (event) => this.hear(event.post));
    this.tag = '';
    this.server = '';
    this.layout = Layout.List;
    this.theme = Theme.Light;
    this.background = '';
    this.maxPosts = DEFAULT_WIDGET_POSTS;
    this.locale = '';
    this.history = HistoryMode.Older;
    this.join = false;
    this.joinUrl = '';
    this.ask = false;
    this.motion = Motion.Auto;
    this.tickerSpeed = DEFAULT_TICKER_SPEED;
    this.clock = systemClock;
    this.announce = 'auto';
    this.announcement = '';
    this.failedImages = new Set();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.announcer?.stop();
    this.unheard = [];
  }

  /** Hands a new post to the announcer, loading it the first time. */
  private hear(post: Post): void {
    // A new wall (other tag or server) starts with a clean slate.
    if (this.connection.wall !== this.announcedWall) {
      this.announcer?.stop();
      this.unheard = [];
      this.announcedWall = this.connection.wall;
    }
    if (this.announcer) return this.announcer.add(post);
    this.unheard.push(post);
    announcerModule ??= import('./announcer.js');
    void announcerModule.then((m) => {
      this.announcer ??= new m.PostAnnouncer({
        clock: () => this.clock,
        mode: () => this.announce,
        i18n: () => this.i18n,
        // The same words twice in a row ("3 new posts") must still be heard: vary them invisibly.
        say: (text) => (this.announcement = text === this.announcement ? `${text}\u00a0` : text),
      });
      for (const p of this.unheard.splice(0)) this.announcer.add(p);
    });
  }

  /** The SDK wall behind the element, while connected. */
  get wall(): Wall | undefined {
    return this.connection.wall;
  }

  /** Visible posts, newest first. */
  get posts(): readonly Post[] {
    return this.connection.state?.posts ?? [];
  }

  /** Connection state: `idle` (no tag), `connecting`, `live`, `reconnecting`, `failed` or `closed`. */
  get status(): ConnectionState | 'idle' {
    return this.connection.status;
  }

  private get resolvedServer(): string {
    return this.server || ChatWall.defaultServer || location.origin;
  }

  /** The link of the join panel: `join-url` when it is http(s), else X's compose page with the hashtag. */
  get joinLink(): string {
    let custom: URL | undefined;
    try {
      custom = this.joinUrl ? new URL(this.joinUrl) : undefined;
    } catch {
      custom = undefined;
    }
    if (custom && (custom.protocol === 'https:' || custom.protocol === 'http:')) return custom.href;
    return `https://x.com/intent/post?text=${encodeURIComponent(`#${displayTag(this.tag)}`)}`;
  }

  /**
   * Picks the language before each update; the first time a language is needed its catalog loads
   * (a small chunk) and the update waits for it, so the wall never flashes in English first.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const requested = this.locale || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    const choice = chooseLocale(requested);
    if (choice.intl === this.i18n.locale && choice.lang === this.i18n.lang) return this.useTranslator(this.i18n);
    const next = translatorFor(choice);
    if (!(next instanceof Promise)) return this.useTranslator(next);
    return next.then((translator) => this.useTranslator(translator));
  }

  private useTranslator(translator: Translator): void | Promise<unknown> {
    this.i18n = translator;
    // The host's direction follows its language, so the page lays it out (and mirrors it) as such.
    if (this.getAttribute('dir') !== translator.dir) this.setAttribute('dir', translator.dir);
    return super.scheduleUpdate();
  }

  /** Loads a chunk once per page, then adopts its styles into this element's shadow root. */
  private loadParts(): void {
    const broadcast = BROADCAST_LAYOUTS.includes(this.layout);
    if (broadcast && !this.broadcast) {
      broadcastModule ??= import('./layouts/broadcast.js');
      void broadcastModule.then((m) => {
        this.broadcast = m;
        this.adoptExtraStyles();
      });
    }
    if (this.ask && !this.askReady) {
      askModule ??= import('./ask-form.js');
      void askModule.then(() => {
        this.askReady = true;
        this.requestUpdate();
      });
    }
    if (this.join && !this.joinParts) {
      joinModule ??= import('./join-qr.js');
      void joinModule.then((m) => {
        this.joinParts = m;
        this.adoptExtraStyles();
      });
    }
  }

  private adoptExtraStyles(): void {
    const extra = [this.broadcast?.broadcastStyles, this.joinParts?.joinStyles].filter((s) => s !== undefined);
    if (this.shadowRoot) adoptStyles(this.shadowRoot, [...ChatWall.elementStyles, ...extra]);
    this.requestUpdate();
  }

  /** Notes the post that left the air, so layouts can animate it out (not when motion is off). */
  private trackOnAir(onAir: Post | undefined): void {
    const last = this.lastOnAir;
    this.lastOnAir = onAir;
    if (!last || last.id === onAir?.id) return;
    const still = this.motion === Motion.None || matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.leaving = still ? undefined : last;
  }

  override render() {
    this.loadParts();
    const wanted = this.layout;
    const layout: Layout = Object.hasOwn(layouts, wanted) || BROADCAST_LAYOUTS.includes(wanted) ? wanted : Layout.List;
    const broadcast = this.broadcast && {
      'lower-third': this.broadcast.lowerThirdLayout,
      ticker: this.broadcast.tickerLayout,
      spotlight: this.broadcast.spotlightLayout,
    };
    // A broadcast layout draws once its chunk has loaded (a moment, the first time).
    const renderer = layouts[layout] ?? broadcast?.[layout as keyof typeof broadcast];
    const { state, status, error, attempt } = this.connection;
    const tag = displayTag(this.tag);
    const title = state && state.wall.title !== state.wall.tag ? state.wall.title : `#${tag}`;
    const maxPosts =
      Number.isFinite(this.maxPosts) && this.maxPosts > 0 ? Math.floor(this.maxPosts) : DEFAULT_WIDGET_POSTS;
    const older = this.older;
    const onAir = state?.wall.program?.onAir ?? null;
    this.trackOnAir(onAir?.post);
    const screen = sessionScreen(state?.wall.sessions, this.sessionClock.now);
    const panel = screen && SESSION_SCREENS[layout]?.includes(screen.phase) ? screen : undefined;
    const ctx: LayoutContext = {
      onAir,
      leaving: this.leaving,
      onLeft: () => {
        this.leaving = undefined;
        this.requestUpdate();
      },
      tag,
      owner: this,
      tickerSpeed: this.tickerSpeed,
      posts: state?.posts ?? [],
      maxPosts,
      title,
      state: status,
      status: describeStatus({ state: status, error, attempt, tag, server: this.resolvedServer, i18n: this.i18n }),
      loaded: state !== undefined,
      now: this.times.now,
      locale: this.i18n.locale,
      i18n: this.i18n,
      failedImages: this.failedImages,
      onImageError: (url) => {
        this.failedImages = new Set([...this.failedImages, url]);
      },
      older:
        layout === Layout.List && this.history !== HistoryMode.None
          ? {
              posts: older.shown(state, maxPosts),
              state: older.state,
              error: older.error,
              more: older.hasMore(state, maxPosts),
              load: () => void older.load(tag, maxPosts),
            }
          : undefined,
      wallState: state,
      sessionId: screen?.session.id,
    };
    // Before a session with nothing posted yet, the session panel is the whole screen.
    const waiting = panel?.phase === SessionPhase.Before && ctx.posts.length === 0 && !ctx.status.message;
    return html`<div
      part="base"
      class=${classMap({
        base: true,
        [`layout-${layout}`]: true,
        // The Q&A layout draws its cards like the list does.
        ...(layout === Layout.QA ? { 'layout-list': true } : {}),
      })}
      style=${styleMap({ background: validBackground(this.background) })}
      lang=${this.i18n.locale}
      data-wall=${normaliseTag(this.tag)}
      data-phase=${screen?.phase ?? nothing}
    >
      ${panel ? this.renderSession(panel, `#${tag}`) : nothing} ${waiting || !renderer ? nothing : renderer.render(ctx)}
      ${
        this.ask && this.askReady && (layout === Layout.List || layout === Layout.QA)
          ? html`<chat-wall-ask
              exportparts="ask, ask-button, ask-error, ask-count, ask-notice"
              .server=${this.resolvedServer}
              .tag=${normaliseTag(this.tag)}
              .closed=${Boolean(screen && screen.phase !== SessionPhase.Live)}
              .i18n=${this.i18n}
            ></chat-wall-ask>`
          : nothing
      }
      ${this.join ? this.renderJoin(tag) : nothing}
      <div part="announcer" class="visually-hidden" role="status" aria-atomic="true">${this.announcement}</div>
    </div>`;
  }

  private renderSession(screen: SessionScreen, hashtag: string) {
    return renderSessionScreen(screen, {
      hashtag,
      tag: normaliseTag(this.tag),
      server: this.resolvedServer,
      locale: this.i18n.locale,
      clock: this.clock,
      i18n: this.i18n,
    });
  }

  private renderJoin(tag: string) {
    const qr = this.joinParts?.renderQr(this.joinLink, this.i18n.t('joinQr', { tag }));
    return html`<aside part="join" class="join">
      <div class="join-text">
        <span class="join-call">${this.i18n.t('joinIn')}</span>
        <span class="join-tag" dir="ltr">#${tag}</span>
      </div>
      ${qr ?? nothing}
    </aside>`;
  }
}

/** The value when it is a CSS background the browser understands, else `undefined`. */
function validBackground(value: string): string | undefined {
  const v = value.trim();
  return v && CSS.supports('background', v) ? v : undefined;
}
