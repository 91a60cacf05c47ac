/**
 * A relay in a process of its own, on a SQLite file, fed at high speed: what the restart tests
 * kill with SIGKILL and start again. Run with `node --import tsx relay-process.ts`.
 *
 * Env: DB_FILE (required), PORT (default 0), FEED_TOTAL posts to deliver in all, FEED_PER_TICK
 * posts every FEED_TICK_MS, VIEWERS: feeding starts once this many viewers have subscribed, so a
 * test controls what its clients see. MODERATION: the wall's mode (default `post`). The admin token
 * comes from CHAT_WALL_ADMIN_TOKEN, as the CLI reads it.
 *
 * The feeder behaves like a source with a cursor: it stores the newest id it delivered and, on
 * start, backfills from a little before it. Re-delivered posts are dropped as duplicates.
 *
 * Prints `listening <url>` once serving and `done <epoch> <seq>` once every post is recorded.
 */
import { pino } from 'pino';
import { parseConfig } from '../../src/config.js';
import { Relay } from '../../src/relay.js';
import type { Source, SourceHealth, SourceSink } from '../../src/sources/source.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { makePost } from './util.js';

const CURSOR = 'feed:newest';
/** How far before the cursor a restart backfills: more than the feeder lets go unrecorded. */
const OVERLAP = 500;
/**
 * The most posts the feeder delivers ahead of what the relay has recorded. A real source's backfill
 * covers what was in flight at a crash; on a loaded machine an unpaced feeder would outrun ingest by
 * more than the backfill's overlap, and lose posts the relay was never given a second chance at.
 */
const MAX_IN_FLIGHT = 250;

class FeedSource implements Source {
  readonly name = 'replay' as const;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private delivered = 0;
  private resolveDone!: () => void;
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly store: Store,
    private readonly total: number,
    private readonly perTick: number,
    private readonly tickMs: number,
    private readonly ready: Promise<void>,
  ) {}

  async start(sink: SourceSink): Promise<void> {
    const cursor = Number((await this.store.getCursor(CURSOR)) ?? 0);
    let next = Math.max(1, cursor - OVERLAP + 1);
    void this.ready.then(() => {
      const tick = async (): Promise<void> => {
        if (this.stopped) return;
        const behind = next - MAX_IN_FLIGHT;
        if (behind >= 1 && !(await this.store.getPost('askgmp', `replay:${behind}`))) {
          this.timer = setTimeout(() => void tick(), this.tickMs);
          return;
        }
        const last = Math.min(next + this.perTick - 1, this.total);
        for (; next <= last; next++) {
          sink.post(makePost(next));
          this.delivered++;
        }
        void this.store.setCursor(CURSOR, String(last));
        if (next > this.total) this.resolveDone();
        else this.timer = setTimeout(() => void tick(), this.tickMs);
      };
      void tick();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  async setTags(): Promise<void> {}

  health(): SourceHealth {
    return { state: 'running', postsDelivered: this.delivered };
  }
}

const env = process.env;
const store = SqliteStore.open(env.DB_FILE!);
const config = parseConfig({
  walls: [{ tag: 'askGMP', sources: ['replay'], moderation: env.MODERATION ?? 'post' }],
  replay: { file: 'fed-by-the-feeder.jsonl' },
});
let viewersReady!: () => void;
const ready = new Promise<void>((resolve) => (viewersReady = resolve));
const feeder = new FeedSource(
  store,
  Number(env.FEED_TOTAL ?? 3000),
  Number(env.FEED_PER_TICK ?? 10),
  Number(env.FEED_TICK_MS ?? 5),
  ready,
);
const relay = await Relay.create({
  config,
  store,
  logger: pino({ level: 'warn' }, process.stderr),
  sources: [feeder],
  ...(env.CHAT_WALL_ADMIN_TOKEN ? { adminToken: env.CHAT_WALL_ADMIN_TOKEN } : {}),
  // Small numbers so that a short run compacts several times and drops old events.
  log: { retainEvents: Number(env.RETAIN_EVENTS ?? 1000), compactEvery: Number(env.COMPACT_EVERY ?? 250) },
});

let subscribed = 0;
const wanted = Number(env.VIEWERS ?? 0);
if (wanted === 0) viewersReady();
relay.io.of('/walls').on('connection', (socket) => {
  // Registered after the relay's own handler, so this runs once the viewer has its answer.
  socket.on('subscribe', () => {
    if (++subscribed === wanted) viewersReady();
  });
});

const url = await relay.listen(Number(env.PORT ?? 0), '127.0.0.1');
process.stdout.write(`listening ${url}\n`);
await feeder.done;
await relay.ingest.drain();
const { epoch, seq } = relay.walls.get('askgmp')!.log.snapshot;
process.stdout.write(`done ${epoch} ${seq}\n`);
