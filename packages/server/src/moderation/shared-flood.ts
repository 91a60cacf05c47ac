import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { createClient } from 'redis';
import type { FloodInput, FloodRecall } from './pipeline.js';

type RedisClient = ReturnType<typeof createClient>;

/**
 * The flood memory of one post, in one round trip: the text's last sighting (answered, then set to
 * now, kept for the window) and the author's posts within the rate cap's window (older ones
 * dropped, this one added, the set kept for the window). Times are the relay's clock, as on a lone
 * relay. KEYS: text key, author key. ARGV: now, text window (0: off), author window (0: off), a
 * unique member. Returns { ms since the text was seen or -1, count }.
 */
const REMEMBER = `
local now = tonumber(ARGV[1])
local seen = -1
if tonumber(ARGV[2]) > 0 then
  local last = tonumber(redis.call('GET', KEYS[1]))
  if last and now - last < tonumber(ARGV[2]) then seen = math.max(0, now - last) end
  redis.call('SET', KEYS[1], now, 'PX', ARGV[2])
end
local count = 0
if tonumber(ARGV[3]) > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[3]))
  redis.call('ZADD', KEYS[2], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  count = redis.call('ZCARD', KEYS[2])
end
return { seen, count }`;

/**
 * The duplicate and rate-cap filters' memory shared by the relays of a cluster through Redis, so a
 * flood split over relays (audience submissions reach whichever relay the load balancer picks; a
 * new source holder after a takeover) is caught as on one relay. The rules are the pipeline's own:
 * this only answers what {@linkcode FloodGuard} would, for every relay's posts together.
 *
 * Keys per wall: `chat-wall:flood:<tag>:text:<sha256 of the text>` (the last sighting) and
 * `chat-wall:flood:<tag>:author:<author>` (a sorted set of post times), each expiring with its
 * window, so memory follows the post rate. No library keeps "when was this last seen" together
 * with a sliding count in one atomic step; the script is short.
 *
 * While Redis cannot be reached `remember` answers `undefined` and the relay screens with its own
 * memory (which it keeps warm meanwhile): a flood split over relays is then caught per relay only.
 */
export class SharedFlood {
  private warned = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly logger?: Logger,
    private readonly onFallback?: () => void,
  ) {}

  async remember(tag: string, input: FloodInput, now: number): Promise<FloodRecall | undefined> {
    const textMs = input.text !== undefined ? input.textWindowMs! : 0;
    const authorMs = input.authorWindowMs ?? 0;
    if (textMs === 0 && authorMs === 0) return { seenAgo: undefined, count: 0 };
    if (!this.redis.isReady) return this.fellBack(new Error('Redis connection is not ready'));
    const prefix = `chat-wall:flood:${tag}`;
    const text = createHash('sha256')
      .update(input.text ?? '')
      .digest('base64url');
    try {
      const [seen, count] = (await this.redis.eval(REMEMBER, {
        keys: [`${prefix}:text:${text}`, `${prefix}:author:${input.author}`],
        arguments: [String(now), String(textMs), String(authorMs), `${now}:${randomUUID()}`],
      })) as [number, number];
      this.warned = false;
      return { seenAgo: seen >= 0 ? seen : undefined, count };
    } catch (err) {
      return this.fellBack(err);
    }
  }

  private fellBack(err: unknown): undefined {
    this.onFallback?.();
    if (!this.warned) {
      this.warned = true;
      this.logger?.warn(
        { err: (err as Error).message },
        'flood filters: Redis unreachable, this relay remembers alone',
      );
    }
    return undefined;
  }
}
