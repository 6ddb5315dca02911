/**
 * The messages of each conversation the person opened: a page around where they read (or a
 * search result), older and newer pages as they scroll, live messages as they arrive, edits and
 * deletions, and what was missed while the connection was down (catching up by sequence number).
 */
import type { StateCreator } from 'zustand';
import type { Ack } from '../../src-shared/protocol/ack';
import type { MessageView, PersonLabel } from '../../src-shared/protocol/model';
import { applyMissed, fetchMissed, mergeMessages, receiveMessage, type SyncedMessages } from '../../src-shared/session/catchUp';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';
import { refreshHistory, withLiveMessages } from './histories';
import { isNews, isOwn, withThreadSummaries } from './messages';

export interface ConversationHistory extends SyncedMessages {
  /** Older messages remain on the server. */
  hasMore: boolean;
  /**
   * Newer messages remain on the server: the conversation opened at its first unread message,
   * more than a page from the newest. Live messages then wait for `loadNewer` or `jumpToLatest`.
   */
  hasNewer: boolean;
}

/** Why a conversation's messages are not on screen yet. */
export type HistoryLoad = { state: 'loading' } | { state: 'failed'; message: string; offline: boolean };

/** How many messages before the first unread one are fetched with it, for context. */
const contextBeforeUnread = 20;
/** How many messages from the first unread one are fetched at once. */
const unreadPage = 100;

export interface HistoriesSlice {
  histories: Record<string, ConversationHistory>;
  /** Conversations whose messages are being fetched, or could not be. */
  historyLoads: Record<string, HistoryLoad>;
  /**
   * Where a conversation opened at one message (a search result) is to show it: the log opens
   * there and marks it. `nonce` tells one such opening from the next.
   */
  focusedMessages: Record<string, { messageId: string; nonce: number }>;
  /** Fetches what a conversation opens with: from just before the first unread message after `readMarker`, or the newest page. */
  loadOpening(conversationId: string, readMarker: number | undefined): Promise<void>;
  /** Fetches the messages around one message and opens the log there, marked; an error message, or null. */
  loadAround(conversationId: string, target: { id: string; seq: number }): Promise<string | null>;
  loadOlder(conversationId: string): Promise<void>;
  /** The next page after what is loaded, when the conversation opened far from its newest message. */
  loadNewer(conversationId: string): Promise<void>;
  /** Makes sure the newest messages are loaded (replacing a page opened at the first unread). */
  jumpToLatest(conversationId: string): Promise<void>;
  /** Each returns an error message, or null when done. */
  editMessage(messageId: string, text: string): Promise<string | null>;
  deleteMessage(messageId: string): Promise<string | null>;
  /** Written by the bridge only. */
  messageReceived(message: MessageView): void;
  messageUpdated(message: MessageView): void;
  messageDeleted(conversationId: string, messageId: string): void;
  /** Written by the bridge only: a person changed their name or photo; their messages show it at once. */
  authorChanged(person: PersonLabel): void;
  /** Written by the bridge only: back online; fetch what was sent meanwhile. */
  catchUp(): Promise<void>;
  resetHistories(): void;
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

/** Fetches the messages a conversation opens with: from just before the first unread one, or the newest page. */
async function fetchOpening(conversationId: string, readMarker: number | undefined): Promise<Ack<Omit<ConversationHistory, 'syncedSeq'>>> {
  const api = getApi();
  if (readMarker === undefined) {
    const newest = await api.getHistory({ conversationId });
    return newest.ok ? { ok: true, data: { messages: newest.data.messages, hasMore: newest.data.hasMore, hasNewer: false } } : newest;
  }
  return fetchAround(conversationId, readMarker);
}

/** The messages up to `seq` (a few, for context) and a page after it. */
async function fetchAround(conversationId: string, seq: number): Promise<Ack<Omit<ConversationHistory, 'syncedSeq'>>> {
  const api = getApi();
  const [before, after] = await Promise.all([
    api.getHistory({ conversationId, beforeSeq: seq + 1, limit: contextBeforeUnread }),
    api.getHistory({ conversationId, afterSeq: seq, limit: unreadPage }),
  ]);
  if (!before.ok) return before;
  if (!after.ok) return after;
  return { ok: true, data: { messages: mergeMessages(before.data.messages, after.data.messages), hasMore: before.data.hasMore, hasNewer: after.data.hasMore } };
}

const initialHistories = { histories: {}, historyLoads: {}, focusedMessages: {} };

export const createHistoriesSlice: StateCreator<AppState, [], [], HistoriesSlice> = (set, get) => ({
  ...initialHistories,

  async loadOpening(conversationId, readMarker) {
    set((state) => ({ historyLoads: state.histories[conversationId] ? state.historyLoads : { ...state.historyLoads, [conversationId]: { state: 'loading' } } }));
    const opening = await fetchOpening(conversationId, readMarker);
    set((state) => {
      if (!opening.ok) {
        // What was loaded before stays on screen; only a conversation never loaded says why it is empty.
        if (state.histories[conversationId]) return { historyLoads: withoutKey(state.historyLoads, conversationId) };
        const failure: HistoryLoad = { state: 'failed', message: opening.error.message, offline: opening.error.code === 'offline' };
        return { historyLoads: { ...state.historyLoads, [conversationId]: failure } };
      }
      return {
        histories: { ...state.histories, [conversationId]: refreshHistory(opening.data, state.histories[conversationId]) },
        historyLoads: withoutKey(state.historyLoads, conversationId),
        focusedMessages: withoutKey(state.focusedMessages, conversationId),
      };
    });
  },

  async loadAround(conversationId, target) {
    const around = await fetchAround(conversationId, target.seq);
    if (!around.ok) return around.error.message;
    set((state) => ({
      histories: { ...state.histories, [conversationId]: withLiveMessages({ ...around.data, messages: withThreadSummaries(around.data.messages) }, undefined) },
      historyLoads: withoutKey(state.historyLoads, conversationId),
      focusedMessages: { ...state.focusedMessages, [conversationId]: { messageId: target.id, nonce: (state.focusedMessages[conversationId]?.nonce ?? 0) + 1 } },
    }));
    return null;
  },

  async loadOlder(conversationId) {
    const history = get().histories[conversationId];
    if (!history?.hasMore) return;
    const result = await getApi().getHistory({ conversationId, beforeSeq: history.messages[0]?.seq });
    if (result.ok) {
      set((state) => {
        const current = state.histories[conversationId];
        if (!current) return state;
        return { histories: { ...state.histories, [conversationId]: { ...current, messages: mergeMessages(current.messages, result.data.messages), hasMore: result.data.hasMore } } };
      });
    }
  },

  async loadNewer(conversationId) {
    const history = get().histories[conversationId];
    if (!history?.hasNewer) return;
    const result = await getApi().getHistory({ conversationId, afterSeq: history.messages.at(-1)?.seq ?? 0, limit: unreadPage });
    if (!result.ok) return;
    set((state) => {
      const current = state.histories[conversationId];
      if (!current?.hasNewer) return state;
      const messages = withThreadSummaries(mergeMessages(current.messages, result.data.messages));
      return { histories: { ...state.histories, [conversationId]: { ...current, messages, syncedSeq: messages.at(-1)?.seq ?? current.syncedSeq, hasNewer: result.data.hasMore } } };
    });
    get().repliesArrived(result.data.messages);
  },

  async jumpToLatest(conversationId) {
    if (!get().histories[conversationId]?.hasNewer) return;
    const newest = await getApi().getHistory({ conversationId });
    if (!newest.ok) return;
    set((state) => ({
      histories: { ...state.histories, [conversationId]: withLiveMessages({ messages: newest.data.messages, hasMore: newest.data.hasMore, hasNewer: false }, undefined) },
    }));
  },

  async editMessage(messageId, text) {
    const result = await getApi().editMessage({ messageId, text });
    if (!result.ok) return result.error.message;
    get().messageUpdated(result.data);
    return null;
  },

  async deleteMessage(messageId) {
    const conversationId = get().activeConversationId;
    const result = await getApi().deleteMessage({ messageId });
    if (!result.ok) {
      set({ chatError: result.error.message });
      return result.error.message;
    }
    if (conversationId) get().messageDeleted(conversationId, messageId);
    return null;
  },

  messageReceived(message) {
    const state = get();
    const known = state.conversations.some((conversation) => conversation.id === message.conversationId);
    const ownMessage = isOwn(message, state.me?.id);
    // Read as it arrives when the person sees the newest messages of its conversation (SPEC 9).
    const viewing = message.conversationId === state.activeConversationId && state.windowFocused && state.logAtLatest;
    // A reply is news to its thread's people (`thread:replied`), not unread in the conversation.
    const news = isNews(message) && message.threadId === null;
    let gap = false;
    // Whoever was typing has sent what they typed: "is typing…" goes with it, as in Slack and Teams.
    get().typingStopped(message.conversationId, message.author.displayName);
    set((current) => {
      const history = current.histories[message.conversationId];
      // A history opened far from the newest message gets newer ones by loading them, in order.
      const received = history && !history.hasNewer ? receiveMessage(history, message) : null;
      gap = received?.gap ?? false;
      return {
        histories:
          history && received
            ? { ...current.histories, [message.conversationId]: { ...history, messages: message.threadId ? withThreadSummaries(received.messages) : received.messages, syncedSeq: received.syncedSeq } }
            : current.histories,
        conversations: current.conversations
          .map((conversation) =>
            conversation.id === message.conversationId
              ? {
                  ...conversation,
                  lastSeq: Math.max(conversation.lastSeq, message.seq),
                  lastMessageAt: message.createdAt,
                  unreadCount: ownMessage || viewing || !news ? conversation.unreadCount : conversation.unreadCount + 1,
                }
              : conversation,
          )
          .sort((a, b) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? '')),
      };
    });
    if (!known) void get().loadConversations();
    if (message.threadId) get().repliesArrived([message]);
    // A message that skips ahead means some were missed while the line was down.
    if (gap) void get().catchUp();
  },

  messageUpdated(message) {
    set((state) => {
      const history = state.histories[message.conversationId];
      if (!history) return state;
      return { histories: { ...state.histories, [message.conversationId]: { ...history, messages: history.messages.map((candidate) => (candidate.id === message.id ? message : candidate)) } } };
    });
    get().threadMessageUpdated(message);
  },

  authorChanged(person) {
    const relabel = (message: MessageView): MessageView =>
      message.author.kind === 'person' && message.author.id === person.id
        ? { ...message, author: { ...message.author, displayName: person.displayName, photoId: person.photoId, federated: person.federated, accountName: person.accountName } }
        : message;
    set((state) => {
      let histories = state.histories;
      for (const [conversationId, history] of Object.entries(state.histories)) {
        if (!history.messages.some((message) => message.author.kind === 'person' && message.author.id === person.id)) continue;
        histories = { ...histories, [conversationId]: { ...history, messages: history.messages.map(relabel) } };
      }
      return histories === state.histories ? state : { histories };
    });
  },

  messageDeleted(conversationId, messageId) {
    set((state) => {
      const history = state.histories[conversationId];
      if (!history) return state;
      return { histories: { ...state.histories, [conversationId]: { ...history, messages: history.messages.filter((candidate) => candidate.id !== messageId) } } };
    });
    get().threadMessageDeleted(messageId);
  },

  async catchUp() {
    // Where each conversation is complete up to, read before any await: live messages may land meanwhile.
    // One opened far from its newest message loads newer pages as the reader goes, not all at once here.
    const from = Object.entries(get().histories)
      .filter(([, history]) => !history.hasNewer)
      .map(([conversationId, history]) => [conversationId, history.syncedSeq] as const);
    await get().loadConversations();
    for (const [conversationId, syncedSeq] of from) {
      const missed = await fetchMissed((request) => getApi().getHistory(request), conversationId, syncedSeq);
      if (missed === null) continue;
      set((state) => {
        const current = state.histories[conversationId];
        if (!current) return state;
        const synced = applyMissed(current, missed);
        return { histories: { ...state.histories, [conversationId]: { ...current, ...synced, messages: withThreadSummaries(synced.messages) } } };
      });
      get().repliesArrived(missed);
    }
    await get().loadActiveIfMissing();
  },

  resetHistories() {
    set(initialHistories);
  },
});
