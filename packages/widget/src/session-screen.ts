import { currentSession, nextSession, previousSession, SessionPhase, type Session } from '@chat-wall/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import type { Clock } from './countdown.js';
import { formatSessionTimes } from './countdown.js';
import { liveCountdown } from './countdown-directive.js';
import { enSession } from './i18n/en-session.js';
import { addEnglish, type Translator } from './i18n/translator.js';
import { LINK_REL } from './render-segments.js';

// English strings travel with this part (the entry has only the first paint's).
addEnglish(enSession);

/** The session a wall's screen is about, and the one before it. */
export interface SessionScreen {
  /** `before`: title, countdown, how to take part; `live`: the wall; `ended`: the recap link. */
  phase: SessionPhase;
  session: Session;
  /** Before a session: the last one that ended, for its recap. */
  previous?: Session | undefined;
}

const time = (iso: string): number => Date.parse(iso);

/**
 * Which session a screen shows at `now`: the running one; else the next one (with the last ended
 * one, for its recap); else the last ended one. `undefined` for a wall without sessions, which
 * shows as a plain wall.
 */
export function sessionScreen(sessions: readonly Session[] | undefined, now: number): SessionScreen | undefined {
  if (!sessions?.length) return undefined;
  const live = currentSession(sessions, now);
  if (live) return { phase: SessionPhase.Live, session: live };
  const previous = previousSession(sessions, now);
  const next = nextSession(sessions, now);
  if (next) return { phase: SessionPhase.Before, session: next, previous };
  return previous ? { phase: SessionPhase.Ended, session: previous } : undefined;
}

/** The first start or end after `now`: when the screen changes next. */
export function nextSessionChange(sessions: readonly Session[] | undefined, now: number): number | undefined {
  const times = (sessions ?? []).flatMap((s) => [time(s.start), time(s.end)]).filter((t) => t > now);
  return times.length ? Math.min(...times) : undefined;
}

/** What the session screens need besides the session. */
export interface SessionScreenContext {
  /** The wall's hashtag as shown, with `#`. */
  hashtag: string;
  /** Canonical tag, for the recap URL. */
  tag: string;
  /** Base URL of the relay. */
  server: string;
  locale: string | undefined;
  clock: Clock;
  /** The UI strings, in the element's language. */
  i18n: Translator;
}

/** Where the relay serves a session's recap as Markdown. */
export function recapUrl(server: string, tag: string, sessionId: string): string {
  const url = new URL(`/api/walls/${encodeURIComponent(tag)}/export`, server);
  url.searchParams.set('format', 'md');
  url.searchParams.set('session', sessionId);
  return url.href;
}

/**
 * The panel above the wall for a session: before it, its title, times, a live countdown and how
 * to take part; while it runs, a slim "live now" line; after it, "ended" with a link to its recap.
 */
export function renderSessionScreen(screen: SessionScreen, ctx: SessionScreenContext): TemplateResult {
  const { session } = screen;
  const t = ctx.i18n.t.bind(ctx.i18n);
  const when = formatSessionTimes(session.start, session.end, ctx.locale);
  switch (screen.phase) {
    case SessionPhase.Before:
      return html`<section part="session" class="session before" data-phase="before" data-session-id=${session.id}>
        <p class="kicker">${t('nextSession')}</p>
        <h2 class="session-title">${session.title}</h2>
        ${when ? html`<p class="when">${when}</p>` : nothing}
        <p part="countdown" class="countdown" role="timer" aria-atomic="true">
          <span class="starts">${t('starts')}</span>
          ${liveCountdown({ target: time(session.start), locale: ctx.locale, clock: ctx.clock })}
        </p>
        ${session.description ? html`<p class="description">${session.description}</p>` : nothing}
        <p class="take-part">${renderTakePart(t('takePart', { hashtag: '\u0000' }), ctx.hashtag)}</p>
        ${screen.previous ? renderRecapLink(screen.previous, ctx, t('lastRecap')) : nothing}
      </section>`;
    case SessionPhase.Live:
      return html`<section part="session" class="session live" data-phase="live" data-session-id=${session.id}>
        <span class="live-dot" aria-hidden="true"></span>
        <p class="session-line">
          <span class="kicker">${t('liveNow')}</span> <span class="session-title">${session.title}</span>
        </p>
      </section>`;
    case SessionPhase.Ended:
      return html`<section part="session" class="session ended" data-phase="ended" data-session-id=${session.id}>
        <p class="kicker">${t('sessionEnded')}</p>
        <h2 class="session-title">${session.title}</h2>
        ${when ? html`<p class="when">${when}</p>` : nothing} ${renderRecapLink(session, ctx, t('readRecap'))}
      </section>`;
  }
}

/** The "take part" sentence with the hashtag, wherever the language puts it, in bold. */
function renderTakePart(sentence: string, hashtag: string): TemplateResult {
  const [before = '', after = ''] = sentence.split('\u0000');
  return html`${before}<strong class="hashtag" dir="ltr">${hashtag}</strong>${after}`;
}

function renderRecapLink(session: Session, ctx: SessionScreenContext, label: string): TemplateResult {
  return html`<p class="recap">
    <a part="recap-link" href=${recapUrl(ctx.server, ctx.tag, session.id)} rel=${LINK_REL} target="_blank"
      >${label}<span class="visually-hidden">: ${session.title}</span></a
    >
  </p>`;
}
