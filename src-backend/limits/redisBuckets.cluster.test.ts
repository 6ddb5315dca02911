/**
 * The shared budgets on a real Redis (RedisBuckets, `--redis-url`): the contract every
 * implementation meets (../testing/bucketsContract.ts), a budget spent through one process's
 * connection refused through another's, and what happens when Redis stops answering.
 *
 * Needs a redis-server (found or started: ../testing/services.ts): `npm test`'s cluster stage,
 * or `npx vitest run --project cluster src-backend/limits/redisBuckets.cluster.test.ts`.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bucketsContract } from '../testing/bucketsContract';
import { ensureRedis, type Service } from '../testing/services';
import type { Budget } from './buckets';
import { RedisBuckets, windowOf } from './redisBuckets';

let redis: Extract<Service, { url: string }>;
const opened: RedisBuckets[] = [];

beforeAll(async () => {
  const found = await ensureRedis();
  if ('unavailable' in found) throw new Error(`Redis: ${found.unavailable}.`);
  redis = found;
}, 60_000);

afterAll(async () => {
  for (const buckets of opened) await buckets.close();
  await redis?.stop();
});

/** Budgets of their own for each test: keys no other run or test shares. */
const freshPrefix = () => `meridian-test:limits:${randomBytes(6).toString('hex')}:`;

async function open(keyPrefix = freshPrefix()): Promise<RedisBuckets> {
  const buckets = await RedisBuckets.open(redis.url, { keyPrefix });
  opened.push(buckets);
  return buckets;
}

describe('RedisBuckets', () => {
  let current: RedisBuckets;
  bucketsContract(() => ({ buckets: current, wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) }));
  // Each contract test uses the same keys: a fresh prefix before each keeps them apart.
  beforeEach(async () => void (current = await open()));

  it('a budget spent through one process is refused through another, and sign-in failures count the same way', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await open(prefix), await open(prefix)];
    const message: Budget = { name: 'message', rate: { burst: 5, perSecond: 1 } };
    for (let i = 0; i < 3; i += 1) expect((await a.take(message, 'u-alice')).ok).toBe(true);
    for (let i = 0; i < 2; i += 1) expect((await b.take(message, 'u-alice')).ok).toBe(true);
    const onB = await b.take(message, 'u-alice');
    const onA = await a.take(message, 'u-alice');
    expect(onB.ok).toBe(false);
    expect(onA.ok).toBe(false);
    // Nobody else is held back by Alice's budget.
    expect((await b.take(message, 'u-brian')).ok).toBe(true);

    const failures: Budget = { name: 'signInFailuresPerAddress', rate: { burst: 2, perSecond: 0.2 } };
    await a.take(failures, '203.0.113.9');
    expect(await b.peek(failures, '203.0.113.9')).toEqual({ ok: true });
    await b.take(failures, '203.0.113.9');
    const peeked = await a.peek(failures, '203.0.113.9');
    expect(peeked.ok).toBe(false);
    expect(peeked.ok ? 0 : peeked.retryAfterMs).toBeGreaterThan(9_000);
    // The right password ends the count where it is checked, for every process.
    await a.reset(failures, '203.0.113.9');
    expect(await b.peek(failures, '203.0.113.9')).toEqual({ ok: true });
  });

  it('when Redis stops answering, each process counts alone (the insurance limiter) instead of failing', async () => {
    const prefix = freshPrefix();
    const client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
    await client.connect();
    const buckets = new RedisBuckets(client, { keyPrefix: prefix });
    const budget: Budget = { name: 'message', rate: { burst: 3, perSecond: 0.1 } };
    expect((await buckets.take(budget, 'u-alice')).ok).toBe(true);
    // The connection is gone for good (as when Redis is down): the checks go on, from memory, at the same rate.
    client.disconnect();
    const verdicts = [];
    for (let i = 0; i < 4; i += 1) verdicts.push((await buckets.take(budget, 'u-alice')).ok);
    expect(verdicts).toEqual([true, true, true, false]);
    expect((await buckets.peek(budget, 'u-alice')).ok).toBe(false);
    await buckets.close();
  });

  it('counts a rate as its burst per window of burst / perSecond seconds, whole seconds, at least one', () => {
    expect(windowOf({ burst: 50, perSecond: 10 })).toEqual({ points: 50, duration: 5 });
    expect(windowOf({ burst: 10, perSecond: 1 / 30 })).toEqual({ points: 10, duration: 300 });
    expect(windowOf({ burst: 3, perSecond: 2 })).toEqual({ points: 3, duration: 2 });
    expect(windowOf({ burst: 2.5, perSecond: 1e9 })).toEqual({ points: 2, duration: 1 });
  });
});
