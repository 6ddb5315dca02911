/**
 * The shared budgets of a process that is alone (MemoryBuckets, the default of `npm start`,
 * `npm test` and demos): the contract every implementation meets (../testing/bucketsContract.ts),
 * and what only memory does (forgetting full buckets). RedisBuckets meets the same contract in
 * ./redisBuckets.cluster.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../domain/clock';
import { bucketsContract } from '../testing/bucketsContract';
import { MemoryBuckets } from './buckets';

describe('MemoryBuckets', () => {
  bucketsContract(() => {
    const clock = new FakeClock();
    return { buckets: new MemoryBuckets(clock), wait: async (ms) => clock.advance(ms) };
  });

  it('forgets a key once its bucket is full again, so memory follows the keys used lately', async () => {
    const clock = new FakeClock();
    const buckets = new MemoryBuckets(clock);
    const rate = { burst: 2, perSecond: 1 };
    await buckets.take({ name: 'message', rate }, 'u-alice');
    await buckets.take({ name: 'upload', rate }, 'u-alice');
    buckets.sweep(() => rate);
    expect(buckets.size).toBe(2);
    clock.advance(1_000);
    buckets.sweep(() => rate);
    expect(buckets.size).toBe(0);
  });
});
