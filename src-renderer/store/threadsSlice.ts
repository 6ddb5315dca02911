/**
 * Threads (SPEC 7): the one open beside its conversation, and the replies of each thread loaded.
 * Replies reach the client like any message (`message:created`, or catching up, since they share
 * the conversation's sequence); the conversations slice keeps them for its sequence and hands
 * them here (`repliesArrived`). The people of a thread also hear of each reply on their own
 * (`thread:replied`), which is what notifies them (../bridge/notifications.ts).
 */
import type { StateCreator } from 'zustand';
import type { MessageView } from '../../src-shared/protocol/model';
import { mergeMessages } from '../../src-shared/session/catchUp';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';

/** One thread as loaded: its first message and its replies, oldest first. */
export interface ThreadView {
  conversationId: string;
  rootId: string;
  root: MessageView | null;
  replies: MessageView[];
  /** Older replies remain on the server. */
  hasMore: boolean;
  status: 'loading' | 'loaded' | 'failed';
  error: string | null;
}

export interface ThreadsSlice {
  /** The thread open beside its conversation, if any. */
  openThread: { conversationId: string; rootId: string } | null;
  threads: Record<string, ThreadView>;
  /** A reply to show and mark when the thread opens (a search result). */
  focusedReply: { rootId: string; replyId: string } | null;
  /** Opens a thread beside its conversation and loads it; resolves with its first message once loaded (null if it could not be). */
  openThreadOf(conversationId: string, rootId: string, focusReplyId?: string): Promise<MessageView | null>;
  closeThread(): void;
  loadOlderReplies(rootId: string): Promise<void>;
  /** Written by the conversations slice: replies that came live or catching up. */
  repliesArrived(messages: readonly MessageView[]): void;
  threadMessageUpdated(message: MessageView): void;
  threadMessageDeleted(messageId: string): void;
  resetThreads(): void;
}

const initialThreads = { openThread: null, threads: {}, focusedReply: null };

export const createThreadsSlice: StateCreator<AppState, [], [], ThreadsSlice> = (set, get) => ({
  ...initialThreads,

  async openThreadOf(conversationId, rootId, focusReplyId) {
    set((state) => ({
      openThread: { conversationId, rootId },
      focusedReply: focusReplyId ? { rootId, replyId: focusReplyId } : null,
      threads: state.threads[rootId] ? state.threads : { ...state.threads, [rootId]: { conversationId, rootId, root: null, replies: [], hasMore: false, status: 'loading', error: null } },
    }));
    const result = await getApi().getThread({ messageId: rootId });
    if (!result.ok) {
      set((state) => ({ threads: { ...state.threads, [rootId]: { ...state.threads[rootId]!, status: 'failed', error: result.error.message } } }));
      return null;
    }
    set((state) => {
      const current = state.threads[rootId];
      // Replies that came live while it loaded stay.
      const replies = mergeMessages(result.data.replies, current?.replies ?? []);
      return { threads: { ...state.threads, [rootId]: { conversationId, rootId, root: result.data.root, replies, hasMore: result.data.hasMore, status: 'loaded', error: null } } };
    });
    return result.data.root;
  },

  closeThread() {
    set({ openThread: null, focusedReply: null });
  },

  async loadOlderReplies(rootId) {
    const thread = get().threads[rootId];
    if (!thread?.hasMore) return;
    const result = await getApi().getThread({ messageId: rootId, beforeSeq: thread.replies[0]?.seq });
    if (!result.ok) return;
    set((state) => {
      const current = state.threads[rootId];
      return current ? { threads: { ...state.threads, [rootId]: { ...current, replies: mergeMessages(current.replies, result.data.replies), hasMore: result.data.hasMore } } } : state;
    });
  },

  repliesArrived(messages) {
    const replies = messages.filter((message) => message.threadId !== null && get().threads[message.threadId] !== undefined);
    if (replies.length === 0) return;
    set((state) => {
      const threads = { ...state.threads };
      for (const reply of replies) {
        const thread = threads[reply.threadId!]!;
        threads[reply.threadId!] = { ...thread, replies: mergeMessages(thread.replies, [reply]), root: thread.root && reply.thread ? { ...thread.root, thread: reply.thread } : thread.root };
      }
      return { threads };
    });
  },

  threadMessageUpdated(message) {
    set((state) => {
      const asRoot = state.threads[message.id];
      const asReply = message.threadId ? state.threads[message.threadId] : undefined;
      if (!asRoot && !asReply) return state;
      const threads = { ...state.threads };
      if (asRoot) threads[message.id] = { ...asRoot, root: message };
      if (asReply) threads[message.threadId!] = { ...asReply, replies: asReply.replies.map((reply) => (reply.id === message.id ? message : reply)) };
      return { threads };
    });
  },

  threadMessageDeleted(messageId) {
    set((state) => {
      // A thread whose first message is gone (it had no replies left) closes.
      if (state.threads[messageId]) {
        const threads = { ...state.threads };
        delete threads[messageId];
        return { threads, ...(state.openThread?.rootId === messageId ? { openThread: null } : {}) };
      }
      const thread = Object.values(state.threads).find((candidate) => candidate.replies.some((reply) => reply.id === messageId));
      if (!thread) return state;
      return { threads: { ...state.threads, [thread.rootId]: { ...thread, replies: thread.replies.filter((reply) => reply.id !== messageId) } } };
    });
  },

  resetThreads() {
    set(initialThreads);
  },
});

/** The open thread, when it belongs to this conversation. */
export const selectOpenThread = (conversationId: string) => (state: ThreadsSlice) =>
  state.openThread?.conversationId === conversationId ? (state.threads[state.openThread.rootId] ?? null) : null;
