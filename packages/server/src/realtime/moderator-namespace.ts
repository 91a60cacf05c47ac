import {
  ErrorCode,
  MODERATOR_NAMESPACE,
  normaliseTag,
  type ModeratorClientEvents,
  type ModeratorServerEvents,
  type SourceHealth,
  type WallError,
} from '@chat-wall/sdk/protocol';
import type { Logger } from 'pino';
import type { ExtendedError, Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Moderator, TokenService } from '../auth/tokens.js';
import type { Metrics } from '../metrics.js';
import type { Moderation } from '../moderation/moderation.js';
import {
  actRequest,
  auditRequest,
  banRequest,
  bulkApproveRequest,
  listRequest,
  programRequest,
  settingsRequest,
  tagRequest,
} from '../moderation/requests.js';
import type { QaDesks } from '../moderation/qa-desks.js';
import { parseRequest, RequestError } from '../request-error.js';
import { attachQaHandlers } from './qa-handlers.js';
import type { ProgramDesk } from '../moderation/program.js';
import { clientAddress, compileTrustProxy, type TrustProxy } from './client-address.js';
import { TokenWatch } from './moderator-validity.js';
import type { SharedBudget } from './shared-budget.js';
import { TokenBucket } from './token-bucket.js';

export interface ModeratorNamespaceOptions {
  /**
   * Requests one moderator socket may burst, then refill per second.
   * @default { capacity: 50, perSecond: 20 }
   */
  rateLimit?: { capacity: number; perSecond: number };
  /** Sessions, audience questions and insights. */
  qa?: QaDesks;
  /** The producers' desk: `program` / `getProgram` requests and `mod:program` pushes; off without it. */
  program?: ProgramDesk;
  /** The health of the sources feeding a wall the moderator covers (`sources` requests); off without it. */
  sources?: (moderator: Moderator, tag: string) => Record<string, SourceHealth>;
  /** How often open sockets' tokens are looked up again (revocations on other relays). @default 30000 */
  tokenRecheckMs?: number;
  /** How to find the client address that failed sign-ins count against. @default the TCP peer */
  trustProxy?: TrustProxy;
  /**
   * In a cluster: the per-token budget that every relay spends together (keyed by token id), given
   * this relay's own buckets to fall back on; see {@linkcode SharedBudget}.
   */
  shared?: (local: (tokenId: string) => number) => Pick<SharedBudget, 'take'>;
}

interface SocketData {
  moderator: Moderator;
}

type ModeratorSocket = Socket<ModeratorClientEvents, ModeratorServerEvents>;

const room = (tag: string): string => `mod:${tag}`;

/**
 * The moderators' side: sockets authenticate with `auth: { token }` (refused with a
 * `connect_error` whose `data.code` says why), join walls to receive their queue changes,
 * decisions and settings live, and act through acks. Viewer sockets live in another namespace
 * and can never reach these handlers.
 */
export function attachModerators(
  io: Server,
  moderation: Moderation,
  tokens: TokenService,
  metrics: Metrics,
  logger: Logger,
  options: ModeratorNamespaceOptions = {},
): Namespace {
  const nsp: Namespace<ModeratorClientEvents, ModeratorServerEvents> = io.of(MODERATOR_NAMESPACE);
  const limit = options.rateLimit ?? { capacity: 50, perSecond: 20 };
  const trust = compileTrustProxy(options.trustProxy ?? false);

  nsp.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token : undefined;
    tokens.verify(token, clientAddress(socket.handshake, trust)).then(
      (moderator) => {
        (socket.data as SocketData).moderator = moderator;
        next();
      },
      (err: unknown) => {
        const error: WallError & { retryInMs?: number } =
          err instanceof RequestError
            ? { ...err.error, ...(err.detail.retryInMs !== undefined ? { retryInMs: err.detail.retryInMs } : {}) }
            : { code: ErrorCode.Internal, message: 'Internal error' };
        if (!(err instanceof RequestError)) logger.error({ err }, 'moderator auth failed');
        metrics.clientErrors.inc({ code: error.code });
        const refusal: ExtendedError = new Error(error.message);
        refusal.data = error;
        next(refusal);
      },
    );
  });

  const watch = new TokenWatch(nsp, tokens, (socket) => (socket.data as Partial<SocketData>).moderator, {
    ...(options.tokenRecheckMs !== undefined ? { recheckMs: options.tokenRecheckMs } : {}),
  });
  io.httpServer?.once('close', () => watch.close());
  /** The room of `tag`, rid of sockets whose token lapsed: pushes reach valid tokens only. */
  const to = (tag: string) => {
    watch.sweep(room(tag));
    return nsp.to(room(tag));
  };
  moderation.subscribe({
    queue: (change) => to(change.tag).emit('mod:queue', change),
    audit: (entry) => to(entry.tag).emit('mod:audit', entry),
    settings: (tag, settings) => to(tag).emit('mod:settings', { tag, settings }),
    question: (tag, question) => to(tag).emit('mod:question', { tag, question }),
  });
  const desk = options.program;
  desk?.subscribe((program) => to(program.tag).emit('mod:program', program));

  // One budget per token, shared by all its sockets: opening more sockets buys no more requests.
  const buckets = new Map<string, { bucket: TokenBucket; sockets: number }>();
  /** After a token's last socket closes its bucket is kept until it would be full again anyway. */
  const refillMs = (limit.capacity / limit.perSecond) * 1000;
  const clusterBudget = options.shared?.((tokenId) => (buckets.get(tokenId)?.bucket.take() === false ? 1000 : 0));

  nsp.on('connection', (socket: ModeratorSocket) => {
    const tokenId = (socket.data as SocketData).moderator.id;
    let shared = buckets.get(tokenId);
    if (!shared)
      buckets.set(tokenId, (shared = { bucket: new TokenBucket(limit.capacity, limit.perSecond), sockets: 0 }));
    const held = shared;
    held.sockets++;
    socket.on('disconnect', () => {
      if (--held.sockets > 0) return;
      setTimeout(() => {
        if (held.sockets === 0 && buckets.get(tokenId) === held) buckets.delete(tokenId);
      }, refillMs).unref();
    });
    const bucket = held.bucket;

    /** Validates, rate-limits and runs one request; every outcome is answered through the ack. */
    const handle = <T>(
      schema: z.ZodType<T>,
      handler: (moderator: Moderator, request: T) => Promise<object>,
    ): ((...args: unknown[]) => void) => {
      return (...args) => {
        // The ack is the last argument, after whatever the client sent: a client that sends no
        // payload (or extra ones) still gets its answer.
        const ack = args.at(-1);
        if (typeof ack !== 'function') return; // nobody to answer
        const request = args.length > 1 ? args[0] : undefined;
        const reply = ack as (result: object) => void;
        /** Answers a refusal with its error (and what goes with it), anything else as internal. */
        const refuse = (err: unknown): void => {
          if (err instanceof RequestError) {
            metrics.clientErrors.inc({ code: err.error.code });
            return reply(err.toResult());
          }
          logger.error({ err }, 'moderator request failed');
          reply({ ok: false, error: { code: ErrorCode.Internal, message: 'Internal error' } });
        };
        const moderator = (socket.data as SocketData).moderator;
        let pending: Promise<object>;
        try {
          if (tokens.expired(moderator)) {
            refuse(
              new RequestError({
                code: ErrorCode.Unauthorized,
                message: `Moderator token expired at ${moderator.expiresAt}.`,
              }),
            );
            socket.disconnect(true);
            return;
          }
          const tooMany = (): RequestError =>
            new RequestError({ code: ErrorCode.RateLimited, message: 'Too many requests; slow down.' });
          if (clusterBudget) {
            pending = clusterBudget.take(tokenId).then((retryInMs) => {
              if (retryInMs > 0) throw tooMany();
              return handler(moderator, parseRequest(schema, request));
            });
          } else {
            if (!bucket.take()) throw tooMany();
            pending = handler(moderator, parseRequest(schema, request));
          }
        } catch (err) {
          return refuse(err);
        }
        pending.then((result) => reply({ ok: true, ...result }), refuse);
      };
    };

    socket.on(
      'join',
      handle(tagRequest, async (m, { tag }) => {
        const settings = moderation.settings(m, tag); // throws if unknown or out of scope
        const canonical = normaliseTag(tag);
        // Join before reading the queue: a post held meanwhile arrives as an event (clients dedupe by id).
        await socket.join(room(canonical));
        const queue = await moderation.queue(m, canonical, 500);
        return { tag: canonical, settings, queue };
      }),
    );
    socket.on(
      'leave',
      handle(tagRequest, async (_m, { tag }) => {
        await socket.leave(room(normaliseTag(tag)));
        return {};
      }),
    );
    socket.on(
      'act',
      handle(actRequest, async (m, r) => ({ post: await moderation.act(m, r) })),
    );
    socket.on(
      'bulkApprove',
      handle(bulkApproveRequest, async (m, r) => ({
        results: await moderation.bulkApprove(m, r.tag, r.ids, r.reason),
      })),
    );
    socket.on(
      'ban',
      handle(banRequest, (m, r) => moderation.ban(m, r.tag, r.author, r.reason)),
    );
    socket.on(
      'unban',
      handle(banRequest, async (m, r) => ({
        settings: await moderation.unban(m, r.tag, r.author, r.reason),
        removed: [],
      })),
    );
    socket.on(
      'getSettings',
      handle(tagRequest, async (m, r) => ({ settings: moderation.settings(m, r.tag) })),
    );
    socket.on(
      'putSettings',
      handle(settingsRequest, async (m, r) => ({ settings: await moderation.putSettings(m, r.tag, r.settings) })),
    );
    socket.on(
      'audit',
      handle(auditRequest, async (m, r) => ({ entries: await moderation.audit(m, r.tag, r.limit, r.before) })),
    );
    if (desk) {
      socket.on(
        'program',
        handle(programRequest, async (m, r) => ({ program: await desk.act(m, r) })),
      );
      socket.on(
        'getProgram',
        handle(tagRequest, async (m, r) => ({ program: await desk.view(m, r.tag) })),
      );
    }
    socket.on(
      'list',
      handle(listRequest, async (m, r) => ({
        posts: await moderation.list(m, r.tag, r.status, r.limit, r.after, r.order),
      })),
    );
    const sources = options.sources;
    if (sources) {
      socket.on(
        'sources',
        handle(tagRequest, async (m, r) => ({ sources: sources(m, r.tag) })),
      );
    }
    if (options.qa) attachQaHandlers(socket, handle, options.qa);
  });
  return nsp;
}
