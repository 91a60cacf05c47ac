// SessionPhase is used as a type only: its module (with the session helpers) loads with the session screens.
import {
  displayTag,
  normaliseTag,
  type ConnectionState,
  type Post,
  type SessionPhase,
  type Wall,
  type WallInfo,
  type WallState,
} from '@chat-wall/sdk';
import { adoptStyles, html, LitElement, nothing, type CSSResultOrNative, type PropertyDeclarations } from 'lit';
import { systemClock, type Clock } from './clock.js';
import { chooseLocale, english, translatorFor, type Translator } from './i18n/translator.js';
import type { LayoutContext, OlderPostsView } from './layouts/layout.js';
import { listLayout } from './layouts/list.js';
import type { AskClosed } from './ask-form.js';
import { LazyModule } from './lazy-module.js';
import { olderModule, OlderPostsController } from './older-posts.js';
import type * as SessionPartsModule from './session-parts.js';
import type { SessionScreen } from './session-screen.js';
import { RelativeTimeController } from './relative-time.js';
import type * as AnnouncerParts from './announcer.js';
import type { Announce, PostAnnouncer } from './announcer.js';
import { describeStatus } from './status-message.js';
import type { FeedWindowView } from './feed-window.js';
import { baseStyles, listStyles } from './styles.js';
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
  /** Equal cards in as many columns as the width holds: venue screens (type sized from the width, see `scale`). */
  Grid: 'grid',
  /** Cards of their own heights packed in columns; a new post moves only the column it lands in. */
  Masonry: 'masonry',
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

/**
 * Every layout but `list` loads on demand, the first time an element draws one of them: a page
 * pays for the layouts it shows (see docs/performance.md for the sizes).
 */
const layoutModule = new LazyModule(() => import('./layouts/on-demand.js'));

type SessionParts = typeof SessionPartsModule;
type SessionClockController = InstanceType<SessionParts['SessionClockController']>;

/** The session screens, for walls that have sessions. */
const sessionModule = new LazyModule(() => import('./session-parts.js'));
/** The join panel's QR code. */
const joinModule = new LazyModule(() => import('./join-qr.js'));
/** The list's window over a long feed and its keyed updates (asked for with the list's first drawing). */
const feedModule = new LazyModule(() => import('./feed-window.js'));
/** The question form (it defines `<chat-wall-ask>`). */
const askModule = new LazyModule(() => import('./ask-form.js'));

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

// The announcer loads with the first live post: a wall nobody posts to never needs it.
let announcerModule: Promise<typeof AnnouncerParts> | undefined;

/**
 * Which session screens a layout shows above its posts: every phase, or only before and after
 * (a TV overlay needs no "live now" line). Layouts not listed show none.
 */
const SESSION_SCREENS: Partial<Record<Layout, readonly SessionPhase[]>> = {
  list: ['before', 'live', 'ended'],
  qa: ['before', 'live', 'ended'],
  overlay: ['before', 'ended'],
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
 * @csspart post-media - The media thumbnails (with `images="off"`, their descriptions).
 * @csspart content-warning - The author's content warning, shown instead of the text and media.
 * @csspart reveal - The button that shows a post behind a content warning, or sensitive media.
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
    scale: { type: Number, reflect: true },
    images: { type: String, reflect: true },
    clock: { attribute: false },
    announcement: { state: true },
    failedImages: { state: true },
    revealed: { state: true },
  };

  static override styles = [baseStyles, listStyles];

  /**
   * How many cards the `list` layout draws at first, and how many more each time the reader nears
   * the end (see {@linkcode FeedWindow}); `Infinity` draws every post at once.
   */
  static feedWindow = 40;

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
   * `list`, `overlay`, `qa`, `lower-third`, `ticker`, `spotlight`, `grid` or `masonry`. Unknown values draw as `list`.
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
   * Type size factor of the `grid` and `masonry` layouts, whose type follows the wall's width (28px
   * on a 1920px-wide screen at 1): e.g. `1.5` for a large room. Values outside 0.5–4 are clamped.
   * @default 1
   */
  declare scale: number;
  /**
   * Where session countdowns and screens read the time and wait for it. Replays and tests pass
   * their own; the default is the system clock.
   */
  declare clock: Clock;
  /**
   * `off`: no remote images at all (for sites that forbid third-party requests): avatars show
   * initials and media their descriptions. `on`: images load, lazily, without a referrer.
   * @default 'on'
   */
  declare images: 'on' | 'off';
  declare private failedImages: ReadonlySet<string>;
  /** What the live region says now. */
  declare private announcement: string;
  /** Posts whose content warning or sensitive media the viewer chose to see. */
  declare private revealed: ReadonlySet<string>;
  /** The UI strings in the element's language; English until another catalog has loaded. */
  private i18n: Translator = english;
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

  /** Styles of the chunks this element uses, adopted next to its own. */
  private readonly chunkStyles = new Set<CSSResultOrNative>();
  /** Chunks this element waits for, to render again when each arrives. */
  private readonly awaiting = new Set<LazyModule<unknown>>();
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
  /** Which posts the list draws, once a wall has held more than `feedWindow` (see feed-window.ts). */
  private feed: FeedWindowView | undefined;
  /**
   * Re-renders the wall when a session starts or ends (the countdown ticks on its own); comes with
   * the session screens' chunk, for walls that have sessions.
   */
  private sessionClock: SessionClockController | undefined;

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
    this.scale = 1;
    this.clock = systemClock;
    this.announce = 'auto';
    this.announcement = '';
    this.failedImages = new Set();
    this.revealed = new Set();
    this.images = 'on';
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

  /** The chunk's module if it has loaded; else starts loading it and renders again once it has. */
  private need<T>(chunk: LazyModule<T>): T | undefined {
    if (chunk.value !== undefined) return chunk.value;
    if (!this.awaiting.has(chunk)) {
      this.awaiting.add(chunk);
      void chunk.load().then(() => {
        this.awaiting.delete(chunk);
        this.requestUpdate();
      });
    }
    return undefined;
  }

  /**
   * Also waits for the chunks the element asked for (a layout, the session screens, the QR code…)
   * and the render that draws with them: once it resolves, what the element shows is complete.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    // Also an update asked for by the last one (a layout that measured itself).
    while (this.awaiting.size > 0 || this.isUpdatePending) {
      await Promise.all([...this.awaiting].map((chunk) => chunk.load()));
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  /** Adopts a chunk's styles into this element's shadow root (once), next to the element's own. */
  private useStyles(styles: CSSResultOrNative | undefined): void {
    if (!styles || this.chunkStyles.has(styles)) return;
    this.chunkStyles.add(styles);
    const own = (this.constructor as typeof ChatWall).elementStyles;
    if (this.shadowRoot) adoptStyles(this.shadowRoot, [...own, ...this.chunkStyles]);
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
    const wanted = this.layout;
    const layout: Layout = Object.values(Layout).includes(wanted) ? wanted : Layout.List;
    // A layout other than `list` draws once its chunk has loaded (a moment, the first time).
    const renderer = layout === Layout.List ? listLayout : this.need(layoutModule)?.layouts[layout];
    this.useStyles(renderer?.styles);
    const { state, status, error, attempt } = this.connection;
    const tag = displayTag(this.tag);
    const title = state && state.wall.title !== state.wall.tag ? state.wall.title : `#${tag}`;
    const maxPosts =
      Number.isFinite(this.maxPosts) && this.maxPosts > 0 ? Math.floor(this.maxPosts) : DEFAULT_WIDGET_POSTS;
    const onAir = state?.wall.program?.onAir ?? null;
    this.trackOnAir(onAir?.post);
    const sessions = state?.wall.sessions;
    const sessionParts = sessions?.length ? this.need(sessionModule) : undefined;
    this.useStyles(sessionParts?.styles);
    // Added with the chunk; it reads the clock before each later update, this one reads it here.
    this.sessionClock ??= sessionParts
      ? new sessionParts.SessionClockController(
          this,
          () => this.clock,
          (now) => sessionParts.nextSessionChange(this.connection.state?.wall.sessions, now),
        )
      : undefined;
    const screen = sessionParts?.sessionScreen(sessions, this.sessionClock?.now || this.clock.now());
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
      images: this.images !== 'off',
      revealed: this.revealed,
      onReveal: (id) => {
        this.revealed = new Set([...this.revealed, id]);
      },
      older:
        layout === Layout.List && this.history !== HistoryMode.None ? this.olderView(state, tag, maxPosts) : undefined,
      wallState: state,
      sessionId: screen?.session.id,
      feedWindow: layout === Layout.List ? this.feedView() : undefined,
    };
    // Before a session with nothing posted yet, the session panel is the whole screen.
    // One CSS value (CSS.supports parsed it whole), so it cannot close the declaration.
    const background = validBackground(this.background);
    const waiting = panel?.phase === 'before' && ctx.posts.length === 0 && !ctx.status.message;
    return html`<div
      part="base"
      class="base layout-${layout}${layout === Layout.QA ? ' layout-list' : ''}"
      style="--_scale: ${scaleOf(this.scale)};${background ? ` background: ${background}` : ''}"
      lang=${this.i18n.locale}
      data-wall=${normaliseTag(this.tag)}
      data-phase=${screen?.phase ?? nothing}
    >
      ${panel && sessionParts ? this.renderSession(sessionParts, panel, `#${tag}`) : nothing}
      ${waiting || !renderer ? nothing : renderer.render(ctx)}
      ${
        this.ask && this.need(askModule) && (layout === Layout.List || layout === Layout.QA)
          ? this.need(askModule)?.renderAsk(
              this.resolvedServer,
              normaliseTag(this.tag),
              askClosed(state?.wall, screen?.phase),
              this.i18n,
            )
          : nothing
      }
      ${this.join ? this.renderJoin(tag) : nothing}
      <div part="announcer" class="visually-hidden" role="status" aria-atomic="true">${this.announcement}</div>
    </div>`;
  }

  /**
   * The list's window over a long feed and its keyed updates, from a chunk asked for with the
   * list's first drawing (it loads while the wall connects); until it is there, the newest
   * `feedWindow` posts drawn plainly.
   */
  private feedView(): FeedWindowView {
    const size = ChatWall.feedWindow;
    this.feed ??= this.need(feedModule)?.open(this, () => ChatWall.feedWindow);
    return this.feed ?? { slice: (posts) => posts.slice(0, size) };
  }

  /** Older posts for the list, and their button once its chunk is there (loaded when there are more). */
  private olderView(state: WallState | undefined, tag: string, maxPosts: number): OlderPostsView {
    const older = this.older;
    const view: OlderPostsView = {
      posts: older.shown(state, maxPosts),
      state: older.state,
      error: older.error,
      more: older.hasMore(state, maxPosts),
      load: () => void older.load(tag, maxPosts),
    };
    const chunk = view.more ? this.need(olderModule) : undefined;
    this.useStyles(chunk?.olderStyles);
    return { ...view, button: chunk?.renderOlder(view, this.i18n) };
  }

  private renderSession(parts: SessionParts, screen: SessionScreen, hashtag: string) {
    return parts.renderSessionScreen(screen, {
      hashtag,
      tag: normaliseTag(this.tag),
      server: this.resolvedServer,
      locale: this.i18n.locale,
      clock: this.clock,
      i18n: this.i18n,
    });
  }

  private renderJoin(tag: string) {
    // The panel draws with its chunk (the QR encoder), a moment after the first render.
    const join = this.need(joinModule);
    this.useStyles(join?.joinStyles);
    return join?.renderJoin(tag, this.joinLink, this.i18n) ?? nothing;
  }
}

/** The value when it is a CSS background the browser understands, else `undefined`. */
function validBackground(value: string): string | undefined {
  const v = value.trim();
  return v && CSS.supports('background', v) ? v : undefined;
}

/** The `scale` factor, clamped to 0.5–4 (1 when it is not a number). */
function scaleOf(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.min(Math.max(value, 0.5), 4) : 1;
}

/** Why the ask form takes no question now, from the wall's state and its session; `''` when it does. */
function askClosed(wall: WallInfo | undefined, phase: SessionPhase | undefined): AskClosed {
  if (wall && !wall.submissions) return 'none';
  if (wall?.submissions?.open === false) return 'closed';
  return phase !== undefined && phase !== 'live' ? 'session' : '';
}
