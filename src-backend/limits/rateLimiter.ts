/**
 * Token buckets keyed by anything (a person and a command class, an email, an address). Each
 * key holds up to `burst` tokens and regains `perSecond`; an action takes one. Time comes from
 * the server's clock, so tests move it by hand. A process's own buckets: behind MemoryBuckets
 * (./buckets.ts) when the process is alone, and for `inboundBytes`, which is asked on every frame
 * and must answer at once. Written here rather than taken from rate-limiter-flexible's
 * RateLimiterMemory (which RedisBuckets uses) because it runs on the injectable clock and
 * answers synchronously.
 */
import type { Clock } from '../domain/clock';

/** How often something may happen: `burst` at once, then `perSecond` on average. */
export interface Rate {
  burst: number;
  perSecond: number;
}

/** Allowed, or refused with how long until it would be allowed. */
export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  /** Takes a token from `key`'s bucket, or says how long until one is there. */
  take(key: string, rate: Rate): Verdict {
    const bucket = this.refilled(key, rate);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      return { ok: true };
    }
    return { ok: false, retryAfterMs: this.waitFor(bucket, rate) };
  }

  /**
   * Takes `amount` tokens from `key`'s bucket whatever it holds (it may go below empty: what has
   * already come in cannot be refused) and says how long until it is no longer in debt.
   */
  spend(key: string, rate: Rate, amount: number): Verdict {
    const bucket = this.refilled(key, rate);
    bucket.tokens -= amount;
    this.buckets.set(key, bucket);
    return bucket.tokens >= 0 ? { ok: true } : { ok: false, retryAfterMs: Math.ceil((-bucket.tokens / rate.perSecond) * 1000) };
  }

  /** Whether `key` has a token now, without taking it. */
  peek(key: string, rate: Rate): Verdict {
    const bucket = this.refilled(key, rate);
    return bucket.tokens >= 1 ? { ok: true } : { ok: false, retryAfterMs: this.waitFor(bucket, rate) };
  }

  /** Gives back one token taken from `key`'s bucket (never more than it holds when full). */
  give(key: string, rate: Rate): void {
    const bucket = this.refilled(key, rate);
    bucket.tokens = Math.min(rate.burst, bucket.tokens + 1);
    this.buckets.set(key, bucket);
  }

  /** Fills `key`'s bucket again (a good password ends the count of bad ones). */
  reset(key: string): void {
    this.buckets.delete(key);
  }

  /**
   * Forgets buckets that have refilled completely: a full bucket says nothing a new one would
   * not, so memory stays proportional to the keys active lately.
   */
  sweep(rateOf: (key: string) => Rate | undefined): void {
    const now = this.clock.now();
    for (const [key, bucket] of this.buckets) {
      const rate = rateOf(key);
      if (!rate || bucket.tokens + ((now - bucket.at) / 1000) * rate.perSecond >= rate.burst) this.buckets.delete(key);
    }
  }

  /** How many keys are remembered now. */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, rate: Rate): Bucket {
    const now = this.clock.now();
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: rate.burst, at: now };
    bucket.tokens = Math.min(rate.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * rate.perSecond);
    bucket.at = now;
    return bucket;
  }

  private waitFor(bucket: Bucket, rate: Rate): number {
    return Math.ceil(((1 - bucket.tokens) / rate.perSecond) * 1000);
  }
}
