/**
 * Read state (SPEC 9): where a person has read each conversation and each thread up to lives
 * here, on the backend, so every client of theirs (and a reload, and the next sign-in) agrees.
 *
 * A conversation open at its newest message is read as each message arrives, so marks come
 * often. They are gathered for a moment and written together (group commit): the marks of one
 * person in one conversation (or thread) become one write, however many came, and every mark is
 * answered only once it is on disk, so nothing acknowledged is lost. Marks that moved are told to
 * every client of their person (`conversation:readChanged`, `thread:readChanged`).
 */
import type { ReadMark, ThreadReadMark } from '../store/records';
import type { ReadStateRepository, ThreadRepository } from '../store/repositories';

/** How long read marks are gathered before they are written, unless the server is told otherwise. */
export const defaultReadBatchMs = 200;

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

/** Marks of one kind gathered until the batch ends, one per person and conversation (or thread), the furthest kept. */
class Gathered<M extends { userId: string; seq: number }> {
  private readonly pending = new Map<string, { mark: M; waiters: Waiter[] }>();

  add(key: string, mark: M): Promise<void> {
    let entry = this.pending.get(key);
    if (!entry) this.pending.set(key, (entry = { mark, waiters: [] }));
    else entry.mark = { ...entry.mark, seq: Math.max(entry.mark.seq, mark.seq) };
    const waiters = entry.waiters;
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  }

  /** Drops what was gathered for one key (answered: a mark set right after replaces it). */
  drop(key: string): void {
    for (const waiter of this.pending.get(key)?.waiters ?? []) waiter.resolve();
    this.pending.delete(key);
  }

  /** Writes everything gathered with `write` and answers every waiter; returns what moved. */
  async flush(write: (marks: M[]) => Promise<M[]>): Promise<M[]> {
    const entries = [...this.pending.values()];
    this.pending.clear();
    if (entries.length === 0) return [];
    let moved: M[];
    try {
      moved = await write(entries.map((entry) => entry.mark));
    } catch (error) {
      for (const entry of entries) for (const waiter of entry.waiters) waiter.reject(error);
      return [];
    }
    for (const entry of entries) for (const waiter of entry.waiters) waiter.resolve();
    return moved;
  }
}

export interface ReadStateListeners {
  /** Told of the conversation marks that moved, after they are written. */
  conversations(marks: readonly ReadMark[]): unknown;
  /** Told of the thread marks that moved, after they are written. */
  threads(marks: readonly ThreadReadMark[]): unknown;
}

export class ReadStateService {
  private readonly conversationMarks = new Gathered<ReadMark>();
  private readonly threadMarks = new Gathered<ThreadReadMark>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly conversations: ReadStateRepository,
    private readonly threads: ThreadRepository,
    private readonly batchMs: number,
    private readonly listeners: ReadStateListeners,
  ) {}

  /** Marks a conversation read up to `seq` (never backwards); resolves once written. */
  markRead(userId: string, conversationId: string, seq: number): Promise<void> {
    this.schedule();
    return this.conversationMarks.add(`${userId}\n${conversationId}`, { userId, conversationId, seq });
  }

  /** Marks a thread read up to `seq` (never backwards); resolves once written. */
  markThreadRead(userId: string, rootId: string, seq: number): Promise<void> {
    this.schedule();
    return this.threadMarks.add(`${userId}\n${rootId}`, { userId, rootId, seq });
  }

  /** Puts a person's mark in a conversation exactly at `seq` (`Mark unread`), at once; a read still gathered for it is dropped. */
  async setMark(userId: string, conversationId: string, seq: number): Promise<ReadMark | null> {
    this.conversationMarks.drop(`${userId}\n${conversationId}`);
    const moved = await this.conversations.set({ userId, conversationId, seq });
    if (moved) await this.tell(() => this.listeners.conversations([moved]));
    return moved;
  }

  /** Writes what was gathered now (the batch's end; the server closing). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const [conversations, threads] = await Promise.all([
      this.conversationMarks.flush((marks) => this.conversations.advance(marks)),
      this.threadMarks.flush((marks) => this.threads.advance(marks)),
    ]);
    if (conversations.length > 0) await this.tell(() => this.listeners.conversations(conversations));
    if (threads.length > 0) await this.tell(() => this.listeners.threads(threads));
  }

  private schedule(): void {
    // Real time, not the server's clock: a test's FakeClock must not hold reads back.
    this.timer ??= setTimeout(() => void this.flush(), this.batchMs);
  }

  private async tell(announce: () => unknown): Promise<void> {
    try {
      await announce();
    } catch (error) {
      console.error('[meridian] telling clients of read marks failed:', error);
    }
  }
}
