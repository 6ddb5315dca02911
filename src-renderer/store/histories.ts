/**
 * How a fetched page of messages becomes a conversation's history: pure functions, apart from
 * the slice so they can be tested alone.
 */
import { applyMissed } from '../../src-shared/session/catchUp';
import type { ConversationHistory } from './historiesSlice';

/** A freshly fetched page as the history, keeping live messages that came after it meanwhile. */
export function withLiveMessages(page: Omit<ConversationHistory, 'syncedSeq'>, current: ConversationHistory | undefined): ConversationHistory {
  const last = page.messages.at(-1)?.seq ?? 0;
  if (page.hasNewer) return { ...page, syncedSeq: last };
  const live = current && !current.hasNewer ? current.messages.filter((message) => message.seq > last) : [];
  const synced = applyMissed({ messages: page.messages, syncedSeq: 0 }, live);
  return { ...page, ...synced };
}

/**
 * The history of a conversation opened again while its messages are still held: the fresh page
 * updates what it covers and adds what is newer, but older messages it brings are left out, so
 * the log keeps its first message. (Replaced, the log would take the page's older messages for a
 * prepend while it is still placing itself, and open above the newest message.) A page that does
 * not join what is held (messages missed in between, or a history opened far from the newest)
 * replaces it.
 */
export function refreshHistory(page: Omit<ConversationHistory, 'syncedSeq'>, current: ConversationHistory | undefined): ConversationHistory {
  const heldFirst = current?.messages[0];
  const pageFirst = page.messages[0];
  const pageLast = page.messages.at(-1);
  if (!current || !heldFirst || !pageFirst || !pageLast || current.hasNewer || page.hasNewer || pageFirst.seq > current.syncedSeq + 1) return withLiveMessages(page, current);
  const messages = [
    ...current.messages.filter((message) => message.seq < pageFirst.seq),
    ...page.messages.filter((message) => message.seq >= heldFirst.seq),
    // Live messages that came after the page was read.
    ...current.messages.filter((message) => message.seq > pageLast.seq),
  ];
  return { messages, hasMore: current.hasMore, hasNewer: false, syncedSeq: Math.max(current.syncedSeq, pageLast.seq) };
}
