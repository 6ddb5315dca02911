/**
 * Where the budgets that must hold across processes are counted (SPEC 8 and 10): a person's
 * command classes and uploads, a person's typing notices per conversation, sign-in attempts per
 * email and per address, the support console's requests. One interface, two implementations:
 *
 * - `MemoryBuckets` (here): this process's token buckets (./rateLimiter.ts), on the injectable
 *   clock. The default — `npm start`, `npm test`, demos: one process, nothing to share, and no
 *   slower than the synchronous check it replaces (its answers are already settled).
 * - `RedisBuckets` (./redisBuckets.ts, with `--redis-url`): rate-limiter-flexible's
 *   RateLimiterRedis, so that a budget spent through one process is spent for all of them.
 *
 * What stays in each process's memory on purpose (per-process protections, not budgets) is
 * listed in ./limits.ts and docs/DEPLOYMENT.md.
 */
import type { Clock } from '../domain/clock';
import { RateLimiter, type Rate, type Verdict } from './rateLimiter';

/** A budget's name (a command class, `upload`, `signInFailuresPerAddress`…) and its rate. */
export interface Budget {
  name: string;
  rate: Rate;
}

export interface Buckets {
  /** Takes one from `key`'s budget, or says how long until one is there (a refusal takes nothing that counts). */
  take(budget: Budget, key: string): Promise<Verdict>;
  /** Whether `key` has one left now, without taking it. */
  peek(budget: Budget, key: string): Promise<Verdict>;
  /** Gives back one that `take` took (a sign-in reserved as a failure that turned out right). */
  give(budget: Budget, key: string): Promise<void>;
  /** Fills `key`'s budget again (a good password ends the count of bad ones). */
  reset(budget: Budget, key: string): Promise<void>;
  /** Forgets what no longer limits anyone (run now and then; Redis keys expire by themselves). */
  sweep(rateOf: (name: string) => Rate | undefined): void;
  close(): Promise<void>;
}

const settled = <T>(value: T) => Promise.resolve(value);

/** The budgets of a process that is alone: token buckets in its memory. */
export class MemoryBuckets implements Buckets {
  private readonly limiter: RateLimiter;

  constructor(clock: Clock) {
    this.limiter = new RateLimiter(clock);
  }

  take(budget: Budget, key: string): Promise<Verdict> {
    return settled(this.limiter.take(`${budget.name}\n${key}`, budget.rate));
  }

  peek(budget: Budget, key: string): Promise<Verdict> {
    return settled(this.limiter.peek(`${budget.name}\n${key}`, budget.rate));
  }

  give(budget: Budget, key: string): Promise<void> {
    this.limiter.give(`${budget.name}\n${key}`, budget.rate);
    return settled(undefined);
  }

  reset(budget: Budget, key: string): Promise<void> {
    this.limiter.reset(`${budget.name}\n${key}`);
    return settled(undefined);
  }

  sweep(rateOf: (name: string) => Rate | undefined): void {
    this.limiter.sweep((key) => rateOf(key.slice(0, key.indexOf('\n'))));
  }

  /** How many keys are remembered now. */
  get size(): number {
    return this.limiter.size;
  }

  close(): Promise<void> {
    return settled(undefined);
  }
}
