import { describe, expect, it } from 'vitest';
import { fail, ok } from '../protocol/ack';
import { collectPages } from './pages';

describe('collectPages', () => {
  it('gathers every page in order, asking for each with the cursor the previous one gave', async () => {
    const asked: Array<string | undefined> = [];
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = { first: { items: [1, 2], nextCursor: 'b' }, b: { items: [3, 4], nextCursor: 'c' }, c: { items: [5], nextCursor: null } };
    const all = await collectPages(async (cursor) => {
      asked.push(cursor);
      return ok(pages[cursor ?? 'first']!);
    });
    expect(all).toEqual(ok([1, 2, 3, 4, 5]));
    expect(asked).toEqual([undefined, 'b', 'c']);
  });

  it('answers with the first refusal', async () => {
    const all = await collectPages(async (cursor) => (cursor ? fail('rate_limited', 'slow down') : ok({ items: [1], nextCursor: 'again' })));
    expect(all).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('stops when a cursor comes round again', async () => {
    const all = await collectPages(async () => ok({ items: [1], nextCursor: 'loop' }));
    expect(all).toEqual(ok([1, 1]));
  });
});
