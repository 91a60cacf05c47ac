import type { ReactiveController, ReactiveControllerHost } from 'lit';

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const formatters = new Map<string, Intl.RelativeTimeFormat>();

function formatter(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? '';
  let rtf = formatters.get(key);
  if (!rtf) {
    rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'narrow' });
    formatters.set(key, rtf);
  }
  return rtf;
}

/**
 * "now", "5m ago", "yesterday"… for an ISO time, relative to `now` (ms since the epoch).
 * Anything under a minute, either way, is "now": clocks of sources and viewers drift by seconds.
 * Returns `''` for an unparsable time.
 */
export function formatRelativeTime(iso: string, now: number, locale?: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const seconds = (time - now) / 1000;
  const rtf = formatter(locale);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(0, 'second');
}

/**
 * Keeps a host's relative times fresh: ticks every `intervalMs` while the host is connected and
 * asks it to re-render. Reads the time through `now`, so tests can drive it with fake timers.
 */
export class RelativeTimeController implements ReactiveController {
  /** The time relative labels are computed against, updated on each tick. */
  now: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly intervalMs = 30_000,
    private readonly clock: () => number = Date.now,
  ) {
    this.now = clock();
    host.addController(this);
  }

  hostConnected(): void {
    this.now = this.clock();
    this.timer ??= setInterval(() => {
      this.now = this.clock();
      this.host.requestUpdate();
    }, this.intervalMs);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
