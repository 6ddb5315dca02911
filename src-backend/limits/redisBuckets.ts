/**
 * Budgets shared by every process on one Redis (`--redis-url`, SPEC 10): a person's budget spent
 * through one process is spent for all of them, and sign-in failures from one address count
 * wherever they arrive. rate-limiter-flexible's RateLimiterRedis (one atomic Lua script per
 * check) rather than a script of our own: it is well kept, and its insurance limiter is what this
 * deployment does when Redis does not answer.
 *
 * **How a rate is counted there.** RateLimiterRedis counts in fixed windows, not token buckets:
 * a rate of `burst` at once and `perSecond` on average is `floor(burst)` per window of
 * `ceil(burst / perSecond)` seconds (at least 1), its window starting at the first use. The
 * average is the same as the bucket's; at most twice the burst gets through across the end of a
 * window; after a burst the person waits for the window's end rather than for one token.
 *
 * **When Redis does not answer** (down, restarting, slower than `commandTimeoutMs`) each check
 * is answered by an in-memory RateLimiterMemory of the same rates (`insuranceLimiter`): every
 * process then counts alone, as a single process does, and grants its full budget. Not failing
 * closed: refusing every command and sign-in of everyone while Redis restarts would be an outage
 * made by the limiter; every limit still bounds what one person costs each process, and the
 * multiple of the budget is the number of processes, for as long as Redis is away. The change
 * is logged once each way.
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Buckets, Budget } from './buckets';
import type { Rate, Verdict } from './rateLimiter';

export interface RedisBucketsOptions {
  /** How long a check waits for Redis before the process counts alone (1 s by default). */
  commandTimeoutMs?: number;
  /** The keys' prefix in Redis (`meridian:limits:` by default; tests give each run its own). */
  keyPrefix?: string;
}

/** A rate as RateLimiterRedis counts it: `points` per window of `duration` seconds (see the top of this file). */
export function windowOf(rate: Rate): { points: number; duration: number } {
  const points = Math.max(1, Math.floor(rate.burst));
  return { points, duration: Math.max(1, Math.ceil(points / rate.perSecond)) };
}

interface Limiter {
  rate: Rate;
  limiter: RateLimiterRedis;
}

export class RedisBuckets implements Buckets {
  private readonly limiters = new Map<string, Limiter>();
  private readonly keyPrefix: string;
  private alone = false;

  /** `client` is this limiter's own connection (closed by close()); open() makes one. */
  constructor(
    private readonly client: Redis,
    options: RedisBucketsOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? 'meridian:limits:';
    client.on('ready', () => {
      if (this.alone) console.log('[meridian] Redis answers again: rate limits count across processes again.');
      this.alone = false;
    });
    client.on('close', () => {
      if (!this.alone) console.error('[meridian] Redis does not answer: rate limits count in this process alone until it does.');
      this.alone = true;
    });
    client.on('error', () => undefined);
  }

  /** Connects to `url` (failing at once with why when Redis does not answer). */
  static async open(url: string, options: RedisBucketsOptions = {}): Promise<RedisBuckets> {
    const client = new Redis(url, {
      lazyConnect: true,
      connectionName: 'meridian-limits',
      // A check never waits for a connection: without one it goes to the insurance limiter at once.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw new Error(`Redis for rate limits does not answer: ${(error as Error).message}`);
    }
    return new RedisBuckets(client, options);
  }

  async take(budget: Budget, key: string): Promise<Verdict> {
    const limiter = this.limiterOf(budget);
    try {
      await limiter.consume(key, 1);
      return { ok: true };
    } catch (refusal) {
      const verdict = verdictOf(refusal);
      // rate-limiter-flexible counts a refused point too; a refusal takes nothing here (as in
      // memory), so that a point given back (`give`) is one that can be taken again.
      if (refusal instanceof RateLimiterRes && refusal.consumedPoints > limiter.points) await limiter.reward(key, 1).catch(() => undefined);
      return verdict;
    }
  }

  async peek(budget: Budget, key: string): Promise<Verdict> {
    const limiter = this.limiterOf(budget);
    const used = await limiter.get(key);
    return used && used.consumedPoints >= limiter.points ? { ok: false, retryAfterMs: Math.max(1, used.msBeforeNext) } : { ok: true };
  }

  async give(budget: Budget, key: string): Promise<void> {
    await this.limiterOf(budget).reward(key, 1);
  }

  async reset(budget: Budget, key: string): Promise<void> {
    await this.limiterOf(budget).delete(key);
  }

  /** Nothing to forget: every key in Redis expires with its window. */
  sweep(): void {}

  async close(): Promise<void> {
    this.alone = true;
    this.client.disconnect();
  }

  /** The limiter of a budget, made at its first use (and again if its rate changed). */
  private limiterOf(budget: Budget): RateLimiterRedis {
    let found = this.limiters.get(budget.name);
    if (!found || found.rate !== budget.rate) {
      const { points, duration } = windowOf(budget.rate);
      const keyPrefix = `${this.keyPrefix}${budget.name}`;
      const limiter = new RateLimiterRedis({
        storeClient: this.client,
        keyPrefix,
        points,
        duration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
      });
      found = { rate: budget.rate, limiter };
      this.limiters.set(budget.name, found);
    }
    return found.limiter;
  }
}

/** A refusal of rate-limiter-flexible as a Verdict; anything else (neither Redis nor the insurance answered) is thrown on. */
function verdictOf(refusal: unknown): Verdict {
  if (refusal instanceof RateLimiterRes) return { ok: false, retryAfterMs: Math.max(1, refusal.msBeforeNext) };
  throw refusal;
}
