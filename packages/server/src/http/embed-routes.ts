import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '@chat-wall/sdk/protocol';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';

/**
 * The embed bundle as the widget's build wrote it (`@chat-wall/widget/embed.js` and the
 * `manifest.json` next to it): a content-hashed entry, content-hashed chunks, and `chat-wall.js`, a
 * one-line alias of the entry.
 */
export interface EmbedBundle {
  /** Folder of the build, served under `/embed/`. */
  dir: string;
  /** The always-latest alias (`chat-wall.js`). */
  latestFile: string;
  /** Version of `@chat-wall/widget` that built it. */
  version: string;
  /** The entry's path inside {@linkcode EmbedBundle.dir}, e.g. `chat-wall.CHiGM00l.js`. */
  entry: string;
  /** The entry's bytes: served from memory, so the integrity always matches what is sent. */
  entryBytes: Buffer;
  /** `sha384-…` of {@linkcode EmbedBundle.entryBytes}. */
  integrity: string;
}

const buildManifest = z.object({
  version: z.string().min(1),
  url: z.string().regex(/^\.\/[\w.-]+\.js$/, 'a ./<file>.js next to the manifest'),
});

/** sha384 in the form of the `integrity` attribute (Subresource Integrity). */
export function subresourceIntegrity(bytes: Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/**
 * Reads the build next to `latestFile`. Without a `manifest.json` (a hand-made single-file bundle)
 * only the always-latest URL is served. The integrity is computed here from the bytes, not copied
 * from the build, so the relay never announces a hash of bytes it does not send.
 */
export function loadEmbedBundle(latestFile: string): EmbedBundle | undefined {
  const dir = path.dirname(latestFile);
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) return undefined;
  const parsed = buildManifest.safeParse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${manifestFile}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const entry = parsed.data.url.slice(2);
  const entryBytes = readFileSync(path.join(dir, entry));
  return {
    dir,
    latestFile,
    version: parsed.data.version,
    entry,
    entryBytes,
    integrity: subresourceIntegrity(entryBytes),
  };
}

const notBuilt = {
  code: ErrorCode.NotFound,
  message: 'The embed bundle is not built. Run `pnpm build` in the chat-wall checkout.',
};
const JS = 'text/javascript; charset=utf-8';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * `/embed/`: the pinned entry and its chunks (content-hashed names, cached for good), the
 * always-latest `chat-wall.js` (short cache) and `manifest.json` (`{ version, url, integrity }`).
 * Every answer, errors included, may be read by any origin: pages load these as cross-origin module
 * scripts, which need CORS, and `integrity` needs `crossorigin`.
 */
export function embedRoutes(latestFile: string | undefined, bundle: EmbedBundle | undefined): express.Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    next();
  });

  router.get('/chat-wall.js', (_req, res) => {
    if (!latestFile) return void res.status(404).json({ error: notBuilt });
    // Pages that want every upgrade at once: the alias changes with each release.
    // `root`: an installed package may sit below a dot folder (`node_modules/.pnpm`), which `send`
    // refuses in a full path.
    const options = { root: path.dirname(latestFile), maxAge: '5m', headers: { 'Content-Type': JS } };
    res.sendFile(path.basename(latestFile), options);
  });

  router.get('/manifest.json', (req, res) => {
    if (!bundle) return void res.status(404).json({ error: notBuilt });
    // Absolute, so it can be pasted into a `src` as it is; behind a proxy `TRUST_PROXY` makes the
    // scheme and host the public ones.
    const url = `${req.protocol}://${req.get('host')}${req.baseUrl}/${bundle.entry}`;
    res.set('Cache-Control', 'no-cache').json({ version: bundle.version, url, integrity: bundle.integrity });
  });

  if (bundle) {
    router.get(`/${bundle.entry}`, (_req, res) => {
      res.set({ 'Content-Type': JS, 'Cache-Control': IMMUTABLE }).send(bundle.entryBytes);
    });
    // Chunks and source maps: their names change with their content.
    router.use(
      express.static(bundle.dir, {
        index: false,
        redirect: false,
        immutable: true,
        maxAge: '365d',
        setHeaders: (res, file) => {
          if (file.endsWith('.js')) res.set('Content-Type', JS);
        },
      }),
    );
  }
  router.use((req: Request, res: Response) => {
    res.status(404).json({
      error: bundle ? { code: ErrorCode.NotFound, message: `No embed file ${req.path}.` } : notBuilt,
    });
  });
  return router;
}
