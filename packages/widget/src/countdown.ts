/**
 * Countdown and session times in the viewer's locale and time zone. Pure functions of a time and
 * "now", so a clock can be injected (see {@linkcode Clock}).
 */
import { cached } from '@chat-wall/sdk';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What a countdown shows at one instant. */
export interface CountdownView {
  /** Whether the time has come (the countdown shows nothing more to wait for). */
  due: boolean;
  /** The wait in words, in the viewer's language: "in 2 days", "in 5 hours", "in 12 minutes". */
  words: string;
  /** Under a day: the wait as a ticking clock, `1:02:05` or `12:05`, in the locale's digits. */
  clock: string | undefined;
  /** How long until the view changes, ms: when to look again. */
  nextChangeIn: number;
}

const relative = new Map<string, Intl.RelativeTimeFormat>();
const digits = new Map<string, Intl.NumberFormat>();

/**
 * The countdown to `target` (ms since the epoch) at `now`. A day or more ahead it speaks in whole
 * days, rounded ("in 2 days"); under a day it adds a clock that ticks every second ("in 5 hours",
 * `4:59:59`), under an hour in minutes and seconds (`12:05`). The clock counts whole seconds
 * rounded up, so it reaches `00:00` exactly at `target`.
 */
export function countdown(target: number, now: number, locale?: string): CountdownView {
  const left = target - now;
  const rtf = cached(relative, locale ?? '', () => new Intl.RelativeTimeFormat(locale, { numeric: 'always' }));
  if (left <= 0) return { due: true, words: rtf.format(0, 'second'), clock: undefined, nextChangeIn: Infinity };
  // Until the clock would read 23:59:59, in days.
  if (left > DAY - SECOND) {
    // Rounded: 47 hours ahead is "in 2 days". The words change when the wait drops below half a
    // day more than a whole number of days, or to 23:59:59, where the clock takes over.
    const days = Math.max(1, Math.round(left / DAY));
    const changesAt = days >= 2 ? (days - 0.5) * DAY - 1 : DAY - SECOND;
    return { due: false, words: rtf.format(days, 'day'), clock: undefined, nextChangeIn: left - changesAt };
  }
  const seconds = Math.ceil(left / SECOND);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const nf = cached(digits, locale ?? '', () => new Intl.NumberFormat(locale, { minimumIntegerDigits: 2 }));
  const plain = cached(digits, `${locale ?? ''}|plain`, () => new Intl.NumberFormat(locale));
  const clock = h > 0 ? `${plain.format(h)}:${nf.format(m)}:${nf.format(s)}` : `${nf.format(m)}:${nf.format(s)}`;
  const words = h > 0 ? rtf.format(h, 'hour') : m > 0 ? rtf.format(m, 'minute') : rtf.format(s, 'second');
  // When the wait drops to the next whole second (always > 0, so a timer makes progress).
  const nextChangeIn = left - (seconds - 1) * SECOND;
  return { due: false, words, clock, nextChangeIn };
}

const ranges = new Map<string, Intl.DateTimeFormat>();

/**
 * When a session runs, in the viewer's locale and time zone: "Tuesday, 1 December, 12:00 – 14:00 GMT".
 * `timeZone` defaults to the viewer's; tests pass one. Returns `''` for times it cannot read.
 */
export function formatSessionTimes(start: string, end: string, locale?: string, timeZone?: string): string {
  const from = Date.parse(start);
  const to = Date.parse(end);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) return '';
  const dtf = cached(
    ranges,
    `${locale ?? ''}|${timeZone ?? ''}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        hour: 'numeric',
        minute: '2-digit',
        timeZoneName: 'short',
        ...(timeZone ? { timeZone } : {}),
      }),
  );
  return dtf.formatRange(from, to);
}

// The clock lives in its own module: the element needs it at first paint, the countdown only
// once a wall has sessions (it loads on demand).
export { systemClock, type Clock } from './clock.js';
