/** Lists the server hands out a page at a time (SPEC 8: pages, not whole lists), gathered whole where a client needs all of it. */
import type { Ack } from '../protocol/ack';
import type { Page } from '../protocol/model';

/** Fetches every page of a list, in order; the first refusal is the answer. */
export async function collectPages<T>(fetchPage: (cursor: string | undefined) => Promise<Ack<Page<T>>>): Promise<Ack<T[]>> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    if (!page.ok) return page;
    items.push(...page.data.items);
    const next = page.data.nextCursor;
    // A cursor that comes round again would never end: stop there.
    if (next === null || seen.has(next)) return { ok: true, data: items };
    seen.add(next);
    cursor = next;
  }
}
