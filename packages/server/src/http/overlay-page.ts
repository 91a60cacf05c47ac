import type { Request, Response } from 'express';
import type { WallRegistry } from '../wall/wall-registry.js';

/**
 * `GET /overlay/:tag`: a ready page for a browser source in OBS, vMix or any broadcast software.
 * Transparent, no scrollbars, a stage of `width`×`height` CSS pixels (1920×1080 unless told), one
 * `<chat-wall>` loaded from this relay's embed script. The page is static markup: no inline script
 * (the relay's CSP is `script-src 'self'`), and every query value is checked against a list before
 * it goes into an attribute, escaped. An unknown parameter or value answers 400 with a readable page
 * listing the valid ones, so a producer sees the mistake in the preview before going on air.
 */

interface Param {
  /** What it does, for the error page and the docs. */
  about: string;
  /** Allowed values, or how to check one. */
  values: readonly string[] | ((value: string) => boolean);
  /** How the valid values read on the error page. */
  shown: string;
  default: string;
}

const whole = (min: number, max: number) => (v: string) => /^\d{1,5}$/.test(v) && +v >= min && +v <= max;

/** Every query parameter of the overlay page. */
export const OVERLAY_PARAMS: Readonly<Record<string, Param>> = {
  layout: {
    about: 'how posts are drawn',
    values: ['lower-third', 'ticker', 'spotlight', 'overlay'],
    shown: 'lower-third, ticker, spotlight, overlay',
    default: 'lower-third',
  },
  theme: { about: 'colour scheme', values: ['dark', 'light', 'auto'], shown: 'dark, light, auto', default: 'dark' },
  join: {
    about: 'show the join panel (the hashtag and a QR code to post with it)',
    values: ['on', 'off'],
    shown: 'on, off',
    default: 'off',
  },
  'join-url': {
    about: "the link the join panel's QR code opens",
    values: (v) => v.length <= 500 && /^https?:\/\/[^\s<>"]+$/i.test(v) && URL.canParse(v),
    shown: 'an http(s) URL',
    default: "X's compose page with the hashtag",
  },
  motion: {
    about: 'in and out animations',
    values: ['auto', 'none'],
    shown: 'auto (off under prefers-reduced-motion), none',
    default: 'auto',
  },
  'ticker-speed': {
    about: 'ticker speed in pixels per second',
    values: whole(10, 2000),
    shown: 'a whole number from 10 to 2000',
    default: '120',
  },
  width: { about: 'stage width in pixels', values: whole(320, 7680), shown: '320 to 7680', default: '1920' },
  height: { about: 'stage height in pixels', values: whole(180, 4320), shown: '180 to 4320', default: '1080' },
  locale: {
    about: 'language of relative times (BCP 47)',
    values: (v) => /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/.test(v),
    shown: 'a language tag such as en or de-CH',
    default: "the browser's",
  },
};

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Checked = { ok: true; values: Record<string, string> } | { ok: false; problem: string };

/** Checks a query against {@linkcode OVERLAY_PARAMS}; fills defaults. `_` (a cache buster) is ignored. */
export function checkOverlayQuery(query: Request['query']): Checked {
  const values: Record<string, string> = {};
  for (const [name, raw] of Object.entries(query)) {
    if (name === '_') continue;
    const param = OVERLAY_PARAMS[name];
    if (!param) return { ok: false, problem: `Unknown parameter "${name}".` };
    if (typeof raw !== 'string') return { ok: false, problem: `"${name}" is given more than once.` };
    const valid = typeof param.values === 'function' ? param.values(raw) : param.values.includes(raw);
    if (!valid) return { ok: false, problem: `"${raw}" is not a valid value of "${name}": use ${param.shown}.` };
    values[name] = raw;
  }
  for (const [name, param] of Object.entries(OVERLAY_PARAMS)) {
    if (!(name in values) && typeof param.values !== 'function') values[name] = param.default;
  }
  values.width ??= '1920';
  values.height ??= '1080';
  return { ok: true, values };
}

const PAGE_STYLE = `html,body{margin:0;padding:0;background:transparent;overflow:hidden}
chat-wall{display:block}`;

/** Answers the overlay page, or the readable 400/404 page. */
export function sendOverlayPage(req: Request, res: Response, walls: WallRegistry): void {
  const tag = String(req.params.tag);
  const wall = walls.get(tag);
  res.set('Cache-Control', 'no-cache');
  if (!wall) {
    res
      .status(404)
      .type('html')
      .send(problemPage(`There is no wall "${tag}" on this server.`, tag));
    return;
  }
  const checked = checkOverlayQuery(req.query);
  if (!checked.ok) {
    res.status(400).type('html').send(problemPage(checked.problem, tag));
    return;
  }
  const v = checked.values;
  const attrs: [string, string | undefined][] = [
    // The host's spelling (askGMP) when the title is just the tag, for the join panel.
    ['tag', /^#?\w+$/.test(wall.config.title ?? '') ? wall.config.title!.replace(/^#/, '') : wall.config.tag],
    ['layout', v.layout],
    ['theme', v.theme],
    ['motion', v.motion],
    ['ticker-speed', v['ticker-speed']],
    ['join-url', v['join-url']],
    ['locale', v.locale],
    ['background', 'transparent'],
    ['history', 'none'],
  ];
  const attributes = attrs
    .filter((a): a is [string, string] => a[1] !== undefined)
    .map(([k, value]) => `${k}="${escapeHtml(value)}"`)
    .join(' ');
  const join = v.join === 'on' ? ' join' : '';
  const size = `width:${v.width}px;height:${v.height}px`;
  res
    .status(200)
    .type('html')
    .send(
      `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>#${escapeHtml(wall.config.tag)} · ${escapeHtml(v.layout!)}</title>
<style>${PAGE_STYLE}</style>
<script type="module" src="/embed/chat-wall.js"></script>
</head>
<body>
<chat-wall ${attributes}${join} style="${size}"></chat-wall>
</body>
</html>
`,
    );
}

/** A readable page (opaque, large type) saying what is wrong and listing every valid parameter. */
function problemPage(problem: string, tag: string): string {
  const rows = Object.entries(OVERLAY_PARAMS)
    .map(
      ([name, p]) =>
        `<tr><th><code>${name}</code></th><td>${escapeHtml(p.about)}</td><td>${escapeHtml(p.shown)}</td><td>${escapeHtml(p.default)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Overlay: bad address</title>
<style>body{margin:0;padding:48px;background:#fff;color:#111;font:24px/1.4 system-ui,sans-serif}
h1{color:#b00020;font-size:40px;margin:0 0 16px}table{border-collapse:collapse;margin-top:24px;font-size:20px}
th,td{border:1px solid #ccc;padding:6px 12px;text-align:left;vertical-align:top}code{font-size:0.95em}</style>
</head>
<body>
<h1>This overlay address has a mistake</h1>
<p>${escapeHtml(problem)}</p>
<p>Example: <code>/overlay/${escapeHtml(encodeURIComponent(tag))}?layout=lower-third&amp;theme=dark</code></p>
<table>
<thead><tr><th>parameter</th><th>what it does</th><th>valid values</th><th>default</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
