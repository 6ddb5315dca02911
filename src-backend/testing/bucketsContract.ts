/**
 * What every implementation of the shared budgets (../limits/buckets.ts) must do, run against
 * each: MemoryBuckets (../limits/buckets.backend.test.ts) and RedisBuckets on a real Redis
 * (../limits/redisBuckets.cluster.test.ts). `wait(ms)` lets that much time pass: the fake clock's
 * for memory, real time for Redis (which counts in windows of whole seconds).
 */
import { expect, it } from 'vitest';
import type { Buckets, Budget } from '../limits/buckets';

export interface BucketsUnderTest {
  buckets: Buckets;
  wait(ms: number): Promise<void>;
}

/** 3 at once, then 3 a second: a window of 1 s where windows are counted. */
const budget: Budget = { name: 'message', rate: { burst: 3, perSecond: 3 } };
const other: Budget = { name: 'upload', rate: { burst: 3, perSecond: 3 } };

export function bucketsContract(make: () => BucketsUnderTest): void {
  it('grants the burst, then refuses saying when to retry, and grants again once that time has passed', async () => {
    const { buckets, wait } = make();
    for (let i = 0; i < 3; i += 1) expect(await buckets.take(budget, 'u-alice')).toEqual({ ok: true });
    const refused = await buckets.take(budget, 'u-alice');
    expect(refused.ok).toBe(false);
    const retryAfterMs = refused.ok ? 0 : refused.retryAfterMs;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(1_000);
    await wait(retryAfterMs);
    expect(await buckets.take(budget, 'u-alice')).toEqual({ ok: true });
  });

  it('counts each key and each budget on its own', async () => {
    const { buckets } = make();
    for (let i = 0; i < 3; i += 1) await buckets.take(budget, 'u-alice');
    expect((await buckets.take(budget, 'u-alice')).ok).toBe(false);
    expect(await buckets.take(budget, 'u-brian')).toEqual({ ok: true });
    expect(await buckets.take(other, 'u-alice')).toEqual({ ok: true });
  });

  it('peek says whether one is left without taking it', async () => {
    const { buckets } = make();
    for (let i = 0; i < 10; i += 1) expect(await buckets.peek(budget, 'u-alice')).toEqual({ ok: true });
    for (let i = 0; i < 3; i += 1) expect(await buckets.take(budget, 'u-alice')).toEqual({ ok: true });
    const peeked = await buckets.peek(budget, 'u-alice');
    expect(peeked.ok).toBe(false);
    expect(peeked.ok ? 0 : peeked.retryAfterMs).toBeGreaterThan(0);
  });

  it('reset fills a key again, and only that key', async () => {
    const { buckets } = make();
    for (let i = 0; i < 3; i += 1) {
      await buckets.take(budget, 'u-alice');
      await buckets.take(budget, 'u-brian');
    }
    await buckets.reset(budget, 'u-alice');
    expect(await buckets.peek(budget, 'u-alice')).toEqual({ ok: true });
    expect(await buckets.take(budget, 'u-alice')).toEqual({ ok: true });
    expect((await buckets.take(budget, 'u-brian')).ok).toBe(false);
  });

  it('give hands back one taken, and only one: a reservation that turned out not to count', async () => {
    const { buckets } = make();
    for (let i = 0; i < 3; i += 1) await buckets.take(budget, 'u-alice');
    expect((await buckets.take(budget, 'u-alice')).ok).toBe(false);
    await buckets.give(budget, 'u-alice');
    expect(await buckets.take(budget, 'u-alice')).toEqual({ ok: true });
    expect((await buckets.take(budget, 'u-alice')).ok).toBe(false);
  });
}
