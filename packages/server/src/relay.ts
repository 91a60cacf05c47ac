import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '@chat-wall/sdk/protocol';
import type express from 'express';
import { pino, type Logger } from 'pino';
import { RedisStore } from 'rate-limit-redis';
import { Server } from 'socket.io';
import { systemClock, type Clock } from './clock.js';
import { blueskyConfigSchema, checkXApiBaseUrl, xConfigSchema, type Config } from './config.js';
import { checkAdminTokenStrength } from './auth/admin-token.js';
import type { AuthFailuresOptions } from './auth/auth-failures.js';
import { bearer, TokenService } from './auth/tokens.js';
import { createApp } from './http/app.js';
import type { LimiterStores } from './http/limiter-store.js';
import { createModerationRoutes } from './http/moderation-routes.js';
import { Ingest } from './ingest/ingest.js';
import { Metrics } from './metrics.js';
import { Moderation } from './moderation/moderation.js';
import { SharedFlood } from './moderation/shared-flood.js';
import { RequestError } from './request-error.js';
import { ProgramDesk } from './moderation/program.js';
import type { QaDesks } from './moderation/qa-desks.js';
import { coveredWall } from './moderation/covered-wall.js';
import { SubmissionSwitch } from './moderation/submission-switch.js';
import { QuestionDesk } from './moderation/questions.js';
import { SessionDesk } from './moderation/sessions.js';
import { collectRecap } from './recap/recap.js';
import { clusterAdapter, connectRedis, redactRedisUrl, syncWalls, type RedisClient } from './realtime/cluster.js';
import { attachModerators } from './realtime/moderator-namespace.js';
import { slimHandshakes } from './realtime/slim-handshake.js';
import { attachViewers } from './realtime/viewer-namespace.js';
import { clusterLimits, type ClusterLimits } from './realtime/cluster-limits.js';
import { ConnectionCaps } from './realtime/connection-caps.js';
import { dropSlowReaders } from './realtime/slow-readers.js';
import { compileTrustProxy, type TrustProxy } from './realtime/client-address.js';
import { ReplaySource } from './sources/replay-source.js';
import { LeaseFence } from './sources/lease-fence.js';
import { SourceLease, type LeaseRole } from './sources/source-lease.js';
import type { Source, SourceHealth } from './sources/source.js';
import { XSource } from './sources/x/x-source.js';
import { MastodonSource } from './sources/mastodon/mastodon-source.js';
import { NativeSource } from './sources/native/native-source.js';
import { BlueskySource } from './sources/bluesky/bluesky-source.js';
import { createSubmissionRoutes, type SubmissionLimits } from './http/submission-routes.js';
import { MemoryStore } from './store/memory-store.js';
import { retentionPolicy } from './store/retention.js';
import type { Store } from './store/store.js';
import { openSession, SessionSchedule } from './wall/session-schedule.js';
import { SessionSpendBook } from './wall/session-spend.js';
import { WallRegistry } from './wall/wall-registry.js';
import type { WallLogOptions } from './wall/wall-log.js';

export interface RelayOptions {
  config: Config;
  /** Folder relative paths in the config are resolved against. @default process.cwd() */
  configDir?: string;
  /** @default a new {@linkcode MemoryStore} */
  store?: Store;
  logger?: Logger;
  /** The examples folder: served under `/examples/`, with its `embed/index.html` as `/` (the demo). */
  staticDir?: string;
  /** Extra sources (tests inject their own); keyed by source name. */
  sources?: Source[];
  log?: WallLogOptions;
  /** Collect Node process metrics too. @default false */
  processMetrics?: boolean;
  /**
   * Time for everything that schedules or expires: filters, decisions, token expiry, connection
   * budgets, retention and the X source's reconnect timing (tests inject one).
   * @default the system clock
   */
  clock?: Clock;
  /** How to reach X, for walls that use the `x` source. */
  x?: RelayXOptions;
  /** Recap exports (`GET /api/walls/:tag/export`) per client address per minute. @default 20 */
  exportsPerMinute?: number;
  /** Limits of audience submissions (`POST /api/walls/:tag/submissions`). */
  submissions?: SubmissionLimits;
  /** Token that mints moderator tokens; admin routes are off without one (the CLI reads `CHAT_WALL_ADMIN_TOKEN`). */
  adminToken?: string;
  /** Backoff after failed sign-ins (admin and moderator tokens), per address and overall. */
  authFailures?: AuthFailuresOptions;
  moderation?: {
    /** REST budget per token. @default { windowMs: 60000, limit: 300 } */
    rateLimit?: { windowMs: number; limit: number };
    /** Socket budget per moderator token, all its connections together. @default { capacity: 50, perSecond: 20 } */
    socketRateLimit?: { capacity: number; perSecond: number };
    /** How often open moderator sockets' tokens are looked up again (revocations on other relays). @default 30000 */
    tokenRecheckMs?: number;
  };
  /** Viewer (`/walls`) connection budget per client address. */
  viewers?: {
    /**
     * New connections per client address per minute (a burst of that many, refilled evenly); the CLI
     * reads `CHAT_WALL_VIEWER_CONNECTIONS_PER_MINUTE`.
     * @default 120
     */
    connectionsPerMinute?: number;
    /**
     * A busy wall's events wait at most this long to share one frame to a viewer that subscribed with
     * `batch: true` (the SDK does); a wall whose events are further apart sends each at once.
     * @default 50
     */
    batchWindowMs?: number;
    /**
     * The clock of those windows. Apart from the relay's `clock` so that a test driving the relay's
     * time by hand still sees live events flow; a test of the windows themselves sets this one.
     * @default the system clock
     */
    batchClock?: Clock;
  };
  /** Concurrent connections at the engine, every namespace together. */
  connections?: {
    /**
     * Open connections per client address (IPv6 per /56). A venue where everyone shares one
     * address (conference Wi-Fi behind NAT) needs it above its audience size.
     * The CLI reads `CHAT_WALL_CONNECTIONS_PER_ADDRESS`.
     * @default 500
     */
    perAddress?: number;
    /** Open connections overall; the CLI reads `CHAT_WALL_MAX_CONNECTIONS`. @default 10000 */
    overall?: number;
    /**
     * Bytes the relay may hold unsent for one connection (a client that stopped reading), besides
     * the message being sent, before it ends that connection; the client resumes without loss when
     * it reconnects. The CLI reads `CHAT_WALL_MAX_UNSENT_BYTES`.
     * @default 1048576 (1 MiB)
     */
    maxUnsentBytes?: number;
  };
  /**
   * Behind a reverse proxy: which proxies may name the client in `X-Forwarded-For` (connection
   * budgets, rate limits, failed sign-ins), as express's `trust proxy`: a hop count, addresses or
   * CIDRs; see {@linkcode TrustProxy}. The CLI parses `TRUST_PROXY`.
   * @default none
   */
  trustProxy?: TrustProxy;
  /**
   * Run as one of several relays sharing a PostgreSQL database: socket.io's Redis Streams adapter
   * spans the namespaces, walls stay in step across relays, and only the relay holding the source
   * lease runs the sources. The CLI sets it from `REDIS_URL`.
   */
  cluster?: RelayClusterOptions;
  /**
   * How often walls' `retention` is applied (also once on {@linkcode Relay.listen}), in ms.
   * @default 600000 (10 minutes)
   */
  retentionIntervalMs?: number;
}

/** How a relay joins a cluster (see {@linkcode RelayOptions.cluster}). */
export interface RelayClusterOptions {
  /** `redis://host:port` */
  redisUrl: string;
  /** Source lease lifetime without renewal. @default 8000 */
  leaseTtlMs?: number;
  /** How often the lease is renewed or tried. @default 1000 */
  leaseIntervalMs?: number;
  /** How often walls check the store for events they missed. @default 2000 */
  syncIntervalMs?: number;
  /**
   * How long a relay's open connections keep counting against the cluster's per-address cap after
   * its last heartbeat (a relay killed without closing). @default 15000
   */
  connectionsTtlMs?: number;
}

/** This relay's part in a cluster, for `/healthz`. */
export interface ClusterHealth {
  role: LeaseRole;
  /** Fencing token of the lease, while this relay holds it. */
  leaseToken?: number;
  redis: { state: 'ok' | 'failing'; url: string };
}

/** Access to the X API, for walls that use the `x` source. The CLI fills it from the environment. */
export interface RelayXOptions {
  /** App-only bearer token (`X_BEARER_TOKEN` for the CLI). */
  bearerToken?: string;
  /** `X_API_BASE_URL` for the CLI. @default 'https://api.x.com' */
  baseUrl?: string;
}

/**
 * The relay: sources → ingest → wall logs → socket.io fan-out, plus the HTTP side.
 * Create with {@linkcode Relay.create}, then {@linkcode Relay.listen}; {@linkcode Relay.close} stops everything.
 */
export class Relay {
  readonly http: HttpServer;
  readonly io: Server;
  /** Concurrent connections per address and overall (engine level). */
  readonly connectionCaps: ConnectionCaps;
  private closed = false;
  private retentionTimer: NodeJS.Timeout | undefined;
  /** The retention run in progress, so close() can wait for it. */
  private retention: Promise<void> = Promise.resolve();
  private readonly retentionIntervalMs: number;
  private lease: SourceLease | undefined;
  private clusterSync: { stop(): void } | undefined;
  /** Sources running now (on a cluster follower: only the local ones, such as `native`). */
  private readonly running = new Set<Source>();
  private sourcesChange: Promise<void> = Promise.resolve();
  private readonly redisUrl: string | undefined;
  private readonly clock: Clock;
  /** The viewer namespace's fan-out (its batch windows stop at close). */
  private readonly viewerFanOut: { close(): void };
  /** Opens and closes the X stream with the walls' session windows. */
  private schedule: SessionSchedule | undefined;

  readonly config: Config;

  private constructor(
    readonly walls: WallRegistry,
    readonly store: Store,
    readonly ingest: Ingest,
    readonly sources: Source[],
    readonly metrics: Metrics,
    readonly logger: Logger,
    readonly moderation: Moderation,
    readonly tokens: TokenService,
    options: RelayOptions,
    /** Producers' takes, clears, rundown and auto mode. */
    readonly program: ProgramDesk,
    /** Sessions, audience questions and insights. */
    readonly qa: QaDesks,
    private readonly spend: SessionSpendBook,
    /** The cluster's Redis, when {@linkcode RelayOptions.cluster} is set. */
    readonly redis?: RedisClient,
    /** The limits counted in that Redis. */
    private readonly limits?: ClusterLimits,
    /** The source lease's fencing tokens, recorded in the store. */
    fence?: LeaseFence,
  ) {
    this.config = options.config;
    this.redisUrl = options.cluster?.redisUrl;
    const staticDir = options.staticDir;
    this.retentionIntervalMs = options.retentionIntervalMs ?? 600_000;
    this.clock = options.clock ?? systemClock;
    const trustProxy = compileTrustProxy(options.trustProxy ?? false);
    const limiterStores = redis ? clusterLimiterStores(redis) : undefined;
    const app = createApp({
      ...(limiterStores ? { limiterStores } : {}),
      trustProxy,
      now: () => this.clock.now(),
      ...(options.exportsPerMinute ? { exportsPerMinute: options.exportsPerMinute } : {}),
      walls,
      store,
      metrics,
      logger,
      sources: () => this.health(),
      ...(redis ? { cluster: () => this.clusterHealth() } : {}),
      checkAdmin: (req) => tokens.checkAdmin(bearer(req.get('authorization')), req.ip ?? 'unknown'),
      embedFile: findEmbedBundle(),
      consoleDir: findConsole(),
      apiRoutes: [
        ...nativeRoutes(
          this.sources,
          walls,
          metrics,
          logger,
          () => this.clock.now(),
          options.submissions,
          limiterStores,
        ),
        createModerationRoutes({
          ...(limiterStores ? { limiterStores } : {}),
          moderation,
          tokens,
          metrics,
          logger,
          sources: () => this.sources,
          wallsOf: (source) => walls.tagsFor(source),
          program,
          qa,
          ...(options.moderation?.rateLimit ? { rateLimit: options.moderation.rateLimit } : {}),
        }),
      ],
      ...(staticDir ? { staticDir } : {}),
    });
    this.http = createServer(app);
    this.connectionCaps = new ConnectionCaps(
      {
        perAddress: options.connections?.perAddress ?? 500,
        overall: options.connections?.overall ?? 10_000,
        trustProxy,
        ...(limits ? { shared: limits.connections } : {}),
      },
      metrics,
    );
    this.io = new Server(this.http, {
      // Concurrent connection caps for every namespace, checked before a socket exists.
      allowRequest: this.connectionCaps.allowRequest,
      // WebSocket only: no sticky sessions needed behind a load balancer.
      transports: ['websocket'],
      maxHttpBufferSize: 16 * 1024,
      cors: { origin: true },
      ...(redis ? { adapter: clusterAdapter(redis) } : {}),
    });
    slimHandshakes(this.io);
    const slowReaders = dropSlowReaders(this.io, options.connections?.maxUnsentBytes ?? 1024 * 1024, metrics);
    const connectsPerMinute = options.viewers?.connectionsPerMinute ?? 120;
    this.viewerFanOut = attachViewers(
      this.io,
      walls,
      metrics,
      logger,
      {
        perMinute: connectsPerMinute,
        trustProxy,
        now: () => this.clock.now(),
        ...(limits ? { shared: limits.viewerConnects(connectsPerMinute) } : {}),
      },
      { windowMs: options.viewers?.batchWindowMs ?? 50, clock: options.viewers?.batchClock ?? systemClock },
      slowReaders,
    );
    const socketRateLimit = options.moderation?.socketRateLimit;
    attachModerators(this.io, moderation, tokens, metrics, logger, {
      program,
      qa,
      sources: (moderator, rawTag) => {
        const { config } = coveredWall(moderator, rawTag, (tag) => walls.get(tag));
        const feeding = this.sources.filter((s) => (config.sources as readonly string[]).includes(s.name));
        return Object.fromEntries(feeding.map((s) => [s.name, s.health()]));
      },
      trustProxy,
      ...(socketRateLimit ? { rateLimit: socketRateLimit } : {}),
      ...(limits ? { shared: limits.moderatorRequests(socketRateLimit ?? { capacity: 50, perSecond: 20 }) } : {}),
      ...(options.moderation?.tokenRecheckMs !== undefined
        ? { tokenRecheckMs: options.moderation.tokenRecheckMs }
        : {}),
    });
    if (redis) {
      const cluster = options.cluster!;
      this.clusterSync = syncWalls(this.io, redis, walls, moderation, metrics, logger, {
        ...(cluster.syncIntervalMs ? { syncIntervalMs: cluster.syncIntervalMs } : {}),
      });
      this.lease = new SourceLease({
        redis,
        logger,
        ...(fence ? { fence } : {}),
        ...(cluster.leaseTtlMs ? { ttlMs: cluster.leaseTtlMs } : {}),
        ...(cluster.leaseIntervalMs ? { intervalMs: cluster.leaseIntervalMs } : {}),
        onAcquire: async () => {
          metrics.leaseChanges.inc({ change: 'taken' });
          this.setRole('holder');
          await this.startSources(readsOutside);
        },
        onLose: async () => {
          metrics.leaseChanges.inc({ change: 'lost' });
          this.setRole('follower');
          await this.stopSources(readsOutside);
        },
      });
      this.setRole('follower');
    }
  }

  /**
   * Builds a relay. With {@linkcode RelayOptions.cluster}, connects to Redis first: a Redis that
   * cannot be reached rejects with `RedisUnavailableError`.
   * @throws {@linkcode AdminTokenError} for an admin token under 32 characters, before anything is opened.
   */
  static async create(options: RelayOptions): Promise<Relay> {
    const adminToken = options.adminToken;
    checkAdminTokenStrength(adminToken);
    const logger = options.logger ?? pino({ level: 'info' });
    const redis = options.cluster ? await connectRedis(options.cluster.redisUrl, logger) : undefined;
    const store = options.store ?? new MemoryStore();
    const metrics = new Metrics({ defaults: options.processMetrics ?? false });
    const limits = redis
      ? clusterLimits(redis, metrics, logger, {
          ...(options.cluster?.connectionsTtlMs ? { connectionsTtlMs: options.cluster.connectionsTtlMs } : {}),
        })
      : undefined;
    const walls = await WallRegistry.open(store, options.config.walls, {
      onError: (err, wall, what) => logger.error({ err, wall }, what),
      ...options.log,
    });
    const clock = options.clock ?? systemClock;
    const now = (): number => clock.now();
    const flood = redis
      ? new SharedFlood(redis, logger, () => metrics.limitFallbacks.inc({ limit: 'flood-filters' }))
      : undefined;
    const moderation = await Moderation.open(store, walls, now, flood);
    const program = await ProgramDesk.open(store, walls, moderation, clock);
    const tokens = new TokenService(store, adminToken, now, {
      logger,
      ...(options.authFailures ? { failures: options.authFailures } : {}),
      ...(limits ? { ledger: limits.signIns(options.authFailures) } : {}),
    });
    const sessions = new SessionDesk(walls, now, (entry) => moderation.announce(entry));
    await sessions.seed();
    const submissions = new SubmissionSwitch(walls, now, (entry) => moderation.announce(entry));
    await submissions.seed();
    const questions = new QuestionDesk(walls, store, now, (entry, q) => moderation.announce(entry, q));
    const spend = await SessionSpendBook.open(store, walls);
    const qa: QaDesks = {
      sessions,
      submissions,
      questions,
      insights: async (moderator, tag, sessionId) => {
        const list = sessions.list(moderator, tag);
        const session = sessionId === undefined ? undefined : list.find((s) => s.id === sessionId);
        if (sessionId !== undefined && !session) {
          throw new RequestError({
            code: ErrorCode.NotFound,
            message: `Wall "${tag}" has no session "${sessionId}".`,
          });
        }
        const wall = walls.get(tag)!;
        const recap = await collectRecap(store, wall.log.snapshot.wall, new Date(clock.now()), session);
        return {
          ...(session ? { session, spend: spend.of(wall.config.tag, session.id) } : {}),
          insights: recap.insights,
        };
      },
    };
    const ingest = new Ingest(walls, store, metrics, logger, moderation, now);
    // In a cluster the outside sources' cursor writes carry the lease's fencing token.
    const fence = redis ? new LeaseFence(store) : undefined;
    const sourceStore = fence ? fence.guard(store) : store;
    const sources = [...(options.sources ?? [])];
    const replay = options.config.replay;
    if (replay && !sources.some((s) => s.name === 'replay')) {
      sources.push(
        new ReplaySource({
          ...replay,
          file: path.resolve(options.configDir ?? process.cwd(), replay.file),
          onInvalidLine: (line, message) =>
            logger.warn({ line, file: replay.file }, `replay: skipped line: ${message}`),
        }),
      );
    }
    if (walls.tagsFor('x').length > 0 && !sources.some((s) => s.name === 'x')) {
      const x = options.x ?? {};
      sources.push(
        new XSource({
          bearerToken: x.bearerToken,
          ...(x.baseUrl ? { baseUrl: checkXApiBaseUrl(x.baseUrl) } : {}),
          config: options.config.x ?? xConfigSchema.parse({}),
          wallOptions: (tag) => walls.get(tag)?.config.x,
          store: sourceStore,
          logger,
          metrics,
          clock,
          onReads: (reads) => {
            // Spend per session: reads while a wall's session window is open count for that session.
            const at = clock.now();
            for (const wall of walls.all()) {
              if (!wall.config.sources.includes('x')) continue;
              const session = openSession(wall, at);
              if (session) spend.add(wall.config.tag, session.id, reads);
            }
          },
        }),
      );
    }
    if (walls.tagsFor('native').length > 0 && !sources.some((s) => s.name === 'native')) {
      // In a cluster every relay hashes submitters with the one salt the first relay stored.
      const salt = redis ? await store.claimCursor(SUBMITTER_SALT, randomBytes(32).toString('base64url')) : undefined;
      sources.push(new NativeSource(now, salt));
    }
    if (walls.tagsFor('bluesky').length > 0 && !sources.some((s) => s.name === 'bluesky')) {
      sources.push(
        new BlueskySource({
          config: options.config.bluesky ?? blueskyConfigSchema.parse({}),
          store: sourceStore,
          logger,
          metrics,
          clock,
        }),
      );
    }
    const mastodon = options.config.mastodon;
    if (mastodon && walls.tagsFor('mastodon').length > 0 && !sources.some((s) => s.name === 'mastodon')) {
      sources.push(
        new MastodonSource({
          config: mastodon,
          store: sourceStore,
          logger,
          metrics,
          clock,
        }),
      );
    }
    return new Relay(
      walls,
      store,
      ingest,
      sources,
      metrics,
      logger,
      moderation,
      tokens,
      options,
      program,
      qa,
      spend,
      redis,
      limits,
      fence,
    );
  }

  /** Starts the sources and listens; resolves with the base URL. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.http.listen(port, host);
    await once(this.http, 'listening');
    if (this.lease) {
      // In a cluster the lease decides whether this relay reads the outside sources (now or later);
      // audience submissions arrive at whichever relay the load balancer picks, so every relay takes them.
      await this.startSources((source) => !readsOutside(source));
      this.lease.start();
      this.limits?.connections.start();
    } else {
      await this.startSources();
      // What sources delivered at start (a replay backlog) is on the walls before anyone is told the URL.
      await this.ingest.drain();
    }
    const run = (): void => {
      this.retention = this.retention.then(() => this.applyRetention());
    };
    run();
    this.retentionTimer = setInterval(run, this.retentionIntervalMs).unref();
    return this.url;
  }

  /**
   * Deletes what each wall's `retention` no longer keeps (as of `now`) and takes those posts off
   * the wall. Failures are logged, never thrown: retention runs again at the next interval.
   */
  async applyRetention(now = new Date(this.clock.now())): Promise<void> {
    for (const wall of this.walls.all()) {
      const policy = retentionPolicy(wall.config.retention, now);
      if (!policy) continue;
      try {
        const removed = await wall.log.prune(policy);
        if (removed.length > 0) this.logger.info({ wall: wall.config.tag, removed: removed.length }, 'retention');
      } catch (err) {
        this.logger.error({ err, wall: wall.config.tag }, 'retention failed');
      }
    }
  }

  get url(): string {
    const address = this.http.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`;
  }

  /** Whether this relay runs the sources: `holder` (always, outside a cluster) or `follower`. */
  get role(): LeaseRole {
    return this.lease?.role ?? 'holder';
  }

  private setRole(role: LeaseRole): void {
    this.metrics.clusterRole.set({ role: 'holder' }, role === 'holder' ? 1 : 0);
    this.metrics.clusterRole.set({ role: 'follower' }, role === 'follower' ? 1 : 0);
  }

  /** Starts the sources `which` selects (all by default) that are not running yet. */
  private startSources(which: (source: Source) => boolean = () => true): Promise<void> {
    this.sourcesChange = this.sourcesChange.then(async () => {
      if (this.closed) return;
      for (const source of this.sources) {
        if (!which(source) || this.running.has(source)) continue;
        this.running.add(source);
        if (source.name === 'x') {
          // X costs money per read: it reads only for walls inside a session window (or without sessions).
          const walls = this.walls.tagsFor('x').map((tag) => this.walls.get(tag)!);
          this.schedule = new SessionSchedule(walls, this.clock, (tags) => source.setTags(tags));
          await source.setTags(this.schedule.openTags());
          await source.start(this.ingest);
          await this.schedule.check();
          continue;
        }
        await source.setTags(this.walls.tagsFor(source.name));
        await source.start(this.ingest);
      }
    });
    return this.sourcesChange;
  }

  /** Stops the running sources `which` selects (all by default). */
  private stopSources(which: (source: Source) => boolean = () => true): Promise<void> {
    this.sourcesChange = this.sourcesChange.then(async () => {
      const stopping = [...this.running].filter(which);
      for (const source of stopping) this.running.delete(source);
      if (stopping.some((s) => s.name === 'x')) this.schedule?.stop();
      await Promise.all(stopping.map((s) => s.stop()));
    });
    return this.sourcesChange;
  }

  /** The cluster part of `/healthz`; `undefined` outside a cluster. */
  clusterHealth(): ClusterHealth | undefined {
    if (!this.lease || !this.redis) return undefined;
    const token = this.lease.token;
    return {
      role: this.lease.role,
      ...(token !== undefined ? { leaseToken: token } : {}),
      redis: {
        state: this.redis.isReady && this.lease.redisHealthy ? 'ok' : 'failing',
        url: redactRedisUrl(this.redisUrl ?? ''),
      },
    };
  }

  health(): Record<string, SourceHealth> {
    return Object.fromEntries(this.sources.map((s) => [s.name, s.health()]));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.retentionTimer);
    this.program.close();
    this.schedule?.stop();
    // A holder releases the lease (after stopping its sources), so a follower takes over at once.
    if (this.lease) await this.lease.stop();
    await this.stopSources();
    await this.spend.flush();
    await this.ingest.drain();
    await this.retention;
    this.clusterSync?.stop();
    this.viewerFanOut.close();
    await this.io.close(); // also closes the HTTP server
    await this.limits?.connections.stop();
    if (this.redis) await this.redis.close().catch(() => undefined);
    await this.store.close();
  }
}

/** Store key of the cluster's submitter salt (see {@linkcode NativeSource}). */
const SUBMITTER_SALT = 'native:submitter-salt';

/**
 * Whether a source reads from outside the relay (X, Mastodon, Bluesky, a replay): in a cluster only
 * the lease holder runs those. Audience submissions (`native`) come in through each relay's HTTP API.
 */
function readsOutside(source: Source): boolean {
  return source.name !== 'native';
}

/** The submission route, when a wall takes audience submissions. */
function nativeRoutes(
  sources: readonly Source[],
  walls: WallRegistry,
  metrics: Metrics,
  logger: Logger,
  now: () => number,
  limits: SubmissionLimits | undefined,
  limiterStores: LimiterStores | undefined,
): express.Router[] {
  // Mounted without a native source too: a page whose `ask` form points at a wall that takes no
  // questions gets a readable 403 saying so, not the API's 404.
  const native = sources.find((s): s is NativeSource => s instanceof NativeSource);
  return [
    createSubmissionRoutes({
      walls,
      ...(native ? { native } : {}),
      metrics,
      logger,
      now,
      ...(limits ? { limits } : {}),
      ...(limiterStores ? { limiterStores } : {}),
    }),
  ];
}

/** Rate-limit counts in the cluster's Redis: a budget is the cluster's, whichever relay a request reaches. */
function clusterLimiterStores(redis: RedisClient): LimiterStores {
  return (name) =>
    new RedisStore({
      prefix: `chat-wall:rate:${name}:`,
      sendCommand: (...args: string[]) => redis.sendCommand(args),
    });
}

/**
 * Folder of the built moderator console: in a checkout, the console package's own build (always the
 * latest); in an installed package, the copy the build put in `dist/console` (the console package is
 * private, so it is shipped inside this one).
 */
function findConsole(): string | undefined {
  const candidates = [
    fileURLToPath(new URL('../../console/dist/', import.meta.url)),
    fileURLToPath(new URL('../dist/console/', import.meta.url)),
  ];
  const inCheckout = path.basename(path.resolve(candidates[0]!, '..', '..')) === 'packages';
  return (inCheckout ? candidates : candidates.slice(1)).find((dir) => existsSync(path.join(dir, 'index.html')));
}

/** The embed bundle built by `@chat-wall/widget`, if it has been built. */
function findEmbedBundle(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@chat-wall/widget/embed.js');
  } catch {
    return undefined;
  }
}
