/**
 * Keeping a conversation's messages whole across dropped connections: merge by id in sequence
 * order (so nothing shows twice), and after a reconnection fetch everything after the last
 * sequence number seen (so nothing sent meanwhile is missed).
 */
import type { Ack } from '../protocol/ack';
import type { HistoryPage, MessageView } from '../protocol/model';

export function mergeMessages(existing: readonly MessageView[], incoming: readonly MessageView[]): MessageView[] {
  const byId = new Map(existing.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

type GetHistory = (request: { conversationId: string; afterSeq: number }) => Promise<Ack<HistoryPage>>;

/** Every message after `lastSeq`, page by page; null when the conversation cannot be read now. */
export async function fetchMissed(getHistory: GetHistory, conversationId: string, lastSeq: number): Promise<MessageView[] | null> {
  const missed: MessageView[] = [];
  let after = lastSeq;
  for (;;) {
    const page = await getHistory({ conversationId, afterSeq: after });
    if (!page.ok) return null;
    missed.push(...page.data.messages);
    const last = page.data.messages[page.data.messages.length - 1];
    if (!page.data.hasMore || !last) return missed;
    after = last.seq;
  }
}

/** What a client holds of one conversation: its messages, and how far it knows it has them all. */
export interface SyncedMessages {
  messages: MessageView[];
  /** Every message up to this sequence number is in `messages` (or was deleted). */
  syncedSeq: number;
}

/**
 * Adds a message that arrived live. When it skips ahead of `syncedSeq` something was missed
 * (a dropped connection): `gap` says to catch up from `syncedSeq`.
 */
export function receiveMessage(synced: SyncedMessages, message: MessageView): SyncedMessages & { gap: boolean } {
  const messages = mergeMessages(synced.messages, [message]);
  if (message.seq <= synced.syncedSeq) return { messages, syncedSeq: synced.syncedSeq, gap: false };
  if (message.seq === synced.syncedSeq + 1) return { messages, syncedSeq: message.seq, gap: false };
  return { messages, syncedSeq: synced.syncedSeq, gap: true };
}

/** Adds what a catch-up fetched: complete now up to the newest message it holds. */
export function applyMissed(synced: SyncedMessages, missed: readonly MessageView[]): SyncedMessages {
  const messages = mergeMessages(synced.messages, missed);
  return { messages, syncedSeq: Math.max(synced.syncedSeq, messages.at(-1)?.seq ?? 0) };
}
