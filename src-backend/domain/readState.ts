/**
 * Read state (SPEC 9): where a person has read each conversation up to lives here, on the
 * backend, so every client of theirs (and a reload, and the next sign-in) agrees.
 *
 * A conversation open at its newest message is read as each message arrives, so marks come
 * often. They are gathered for a moment and written together (group commit): the marks of one
 * person in one conversation become one write, however many came, and every mark is answered
 * only once it is on disk, so nothing acknowledged is lost. Marks that moved are told to every
 * client of their person (`conversation:readChanged`).
 */
import type { ReadMark } from '../store/records';
import type { ReadStateRepository } from '../store/repositories';

/** How long read marks are gathered before they are written, unless the server is told otherwise. */
export const defaultReadBatchMs = 200;

interface PendingMark extends ReadMark {
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

export class ReadStateService {
  private readonly pending = new Map<string, PendingMark>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly store: ReadStateRepository,
    private readonly batchMs: number,
    /** Told of the marks that moved, after they are written. */
    private readonly changed: (marks: readonly ReadMark[]) => unknown,
  ) {}

  /** Marks a conversation read up to `seq` (never backwards); resolves once written. */
  markRead(userId: string, conversationId: string, seq: number): Promise<void> {
    const key = `${userId}\n${conversationId}`;
    let mark = this.pending.get(key);
    if (!mark) this.pending.set(key, (mark = { userId, conversationId, seq, waiters: [] }));
    mark.seq = Math.max(mark.seq, seq);
    // Real time, not the server's clock: a test's FakeClock must not hold reads back.
    this.timer ??= setTimeout(() => void this.flush(), this.batchMs);
    const waiters = mark.waiters;
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  }

  /** Puts a person's mark exactly at `seq` (`Mark unread`), at once; a read still gathered for it is dropped. */
  async setMark(userId: string, conversationId: string, seq: number): Promise<void> {
    const key = `${userId}\n${conversationId}`;
    const gathered = this.pending.get(key);
    this.pending.delete(key);
    for (const waiter of gathered?.waiters ?? []) waiter.resolve();
    const moved = await this.store.set({ userId, conversationId, seq });
    if (moved) await this.changed([moved]);
  }

  /** Writes what was gathered now (the batch's end; the server closing). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const marks = [...this.pending.values()];
    this.pending.clear();
    if (marks.length === 0) return;
    let moved: ReadMark[];
    try {
      moved = await this.store.advance(marks.map(({ userId, conversationId, seq }) => ({ userId, conversationId, seq })));
    } catch (error) {
      for (const mark of marks) for (const waiter of mark.waiters) waiter.reject(error);
      return;
    }
    for (const mark of marks) for (const waiter of mark.waiters) waiter.resolve();
    try {
      if (moved.length > 0) await this.changed(moved);
    } catch (error) {
      console.error('[meridian] telling clients of read marks failed:', error);
    }
  }
}
