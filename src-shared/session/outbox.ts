/**
 * The outbox: messages written while offline or not yet acknowledged. Each keeps the id its
 * client gave it, so sending again after a dropped connection or a backend restart is
 * harmless (the backend stores a client id once). An entry leaves the outbox when the backend
 * acknowledges it, and turns `failed` only when the backend refuses it. A message the backend
 * turns away for now (`rate_limited`) stays pending, says why, and goes when the backend said.
 * Signing out, or a session that expires, forgets the entries here but not in storage: they come
 * back, and are sent, when that person signs in again.
 */
import type { MessageView } from '../protocol/model';
import type { SessionClient } from './sessionClient';

export type OutboxStatus = 'pending' | 'sending' | 'failed';

/** A message on its way, as the UI shows it. */
export interface OutboxEntry {
  clientId: string;
  conversationId: string;
  text: string;
  fileId?: string;
  /** A reply: the message that started its thread. */
  threadId?: string;
  status: OutboxStatus;
  /** Why the backend refused it (failed entries), or why it waits (pending ones held back by a rate limit). */
  error: string | null;
  createdAt: string;
}

type Listener = (entries: OutboxEntry[]) => void;

/** Where a person's unsent messages outlive the app (a file in Electron, localStorage in a browser). */
export interface OutboxStorage {
  load(userId: string): unknown;
  save(userId: string, entries: OutboxEntry[]): void;
}

function isEntry(value: unknown): value is OutboxEntry {
  const entry = value as Partial<OutboxEntry> | null;
  return (
    typeof entry === 'object' && entry !== null && typeof entry.clientId === 'string' && typeof entry.conversationId === 'string' && typeof entry.text === 'string' && typeof entry.createdAt === 'string' &&
    (entry.threadId === undefined || typeof entry.threadId === 'string')
  );
}

const retryAfterTimeoutMs = 1_000;

export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly listeners = new Set<Listener>();
  private readonly sentListeners = new Set<(message: MessageView) => void>();
  private flushing = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private owner: { userId: string; storage: OutboxStorage } | null = null;

  constructor(
    private readonly session: SessionClient,
    private readonly newId: () => string = () => globalThis.crypto.randomUUID(),
  ) {
    session.onConnectionChanged((state) => {
      if (state === 'connected') void this.flush();
      if (state === 'signed-out') this.clear();
    });
  }

  /**
   * Binds the outbox to the signed-in person: what they left unsent last time (in `storage`)
   * comes back as pending, and every change is saved for next time.
   */
  attach(userId: string, storage: OutboxStorage | undefined): void {
    this.owner = storage ? { userId, storage } : null;
    if (!storage) return;
    let stored: unknown = [];
    try {
      stored = storage.load(userId);
    } catch {
      stored = [];
    }
    for (const entry of Array.isArray(stored) ? stored.filter(isEntry) : []) {
      if (!this.entries.has(entry.clientId)) this.entries.set(entry.clientId, { ...entry, status: entry.status === 'failed' ? 'failed' : 'pending' });
    }
    this.changed();
    void this.flush();
  }

  /** Queues a message and starts sending; resolves with its entry at once. */
  enqueue(message: { conversationId: string; text: string; clientId?: string; fileId?: string; threadId?: string }): OutboxEntry {
    const entry: OutboxEntry = {
      clientId: message.clientId ?? this.newId(),
      conversationId: message.conversationId,
      text: message.text,
      ...(message.fileId ? { fileId: message.fileId } : {}),
      ...(message.threadId ? { threadId: message.threadId } : {}),
      status: 'pending',
      error: null,
      createdAt: new Date().toISOString(),
    };
    if (!this.entries.has(entry.clientId)) this.entries.set(entry.clientId, entry);
    this.changed();
    void this.flush();
    return entry;
  }

  retry(clientId: string): boolean {
    const entry = this.entries.get(clientId);
    if (!entry) return false;
    entry.status = 'pending';
    entry.error = null;
    this.changed();
    void this.flush();
    return true;
  }

  discard(clientId: string): boolean {
    const removed = this.entries.delete(clientId);
    if (removed) this.changed();
    return removed;
  }

  list(): OutboxEntry[] {
    return [...this.entries.values()].map((entry) => ({ ...entry }));
  }

  onChanged(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called with the stored message each time one is acknowledged. */
  onSent(listener: (message: MessageView) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  /** Sends pending entries one at a time, in the order they were written. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (;;) {
        if (this.session.connectionState !== 'connected') return;
        const entry = [...this.entries.values()].find((candidate) => candidate.status === 'pending');
        if (!entry) return;
        entry.status = 'sending';
        this.changed();
        const answer = await this.session.request(
          'message:send',
          {
            conversationId: entry.conversationId,
            clientId: entry.clientId,
            text: entry.text,
            ...(entry.fileId ? { fileId: entry.fileId } : {}),
            ...(entry.threadId ? { threadId: entry.threadId } : {}),
          } as never,
          { waitWhenRateLimited: false },
        );
        if (!this.entries.has(entry.clientId)) continue; // discarded meanwhile
        if (answer.ok) {
          this.entries.delete(entry.clientId);
          this.changed();
          for (const listener of this.sentListeners) listener(answer.data as MessageView);
        } else if (answer.error.code === 'offline' || answer.error.code === 'timeout') {
          // Not refused, only not delivered: try again (same client id) when the line is back.
          entry.status = 'pending';
          entry.error = null;
          this.changed();
          if (answer.error.code === 'timeout') this.scheduleRetry(retryAfterTimeoutMs);
          return;
        } else if (answer.error.code === 'rate_limited') {
          // Held back, not refused: it stays, says why, and goes when the server said it may.
          entry.status = 'pending';
          entry.error = answer.error.message;
          this.changed();
          this.scheduleRetry(answer.error.retryAfterMs ?? retryAfterTimeoutMs);
          return;
        } else {
          entry.status = 'failed';
          entry.error = answer.error.message;
          this.changed();
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private scheduleRetry(delayMs: number): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, delayMs);
  }

  /** Signed out: forget the entries here; what is stored stays for that person's next sign-in. */
  private clear(): void {
    this.owner = null;
    this.entries.clear();
    this.changed();
  }

  private changed(): void {
    const snapshot = this.list();
    if (this.owner) {
      try {
        this.owner.storage.save(this.owner.userId, snapshot);
      } catch {
        // Storage full or gone: the outbox still works for this run.
      }
    }
    for (const listener of this.listeners) listener(snapshot);
  }
}
