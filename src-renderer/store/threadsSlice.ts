/**
 * Threads (SPEC 7): the one open beside its conversation, and the replies of each thread loaded.
 * Replies reach the client like any message (`message:created`, or catching up, since they share
 * the conversation's sequence); the conversations slice keeps them for its sequence and hands
 * them here (`repliesArrived`). The people of a thread also hear of each reply on their own
 * (`thread:replied`), which is what notifies them (../bridge/notifications.ts).
 */
import type { StateCreator } from 'zustand';
import type { MessageView } from '../../src-shared/protocol/model';
import type { ThreadListItem, ThreadReadState } from '../../src-shared/protocol/threadProtocol';
import { mergeMessages } from '../../src-shared/session/catchUp';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';
import type { ListStatus } from './conversationListSlice';
import { isOwn } from './messages';
import { ReadReporter } from './readReporter';

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
  /** The threads the person is in (SPEC 9 `Threads`), newest reply first, as far as loaded. */
  threadList: { items: ThreadListItem[]; status: ListStatus; nextCursor: string | null };
  /** Replies the person has not read, per thread (its first message's id), where there are any. */
  threadUnread: Record<string, { conversationId: string; count: number }>;
  loadThreadList(): Promise<void>;
  loadMoreThreads(): Promise<void>;
  /** Reads the open thread up to its newest reply, when the window has focus and its replies have loaded. */
  markOpenThreadRead(): void;
  /** Written by the bridge only: someone replied in a thread the person is in (it counts until read, unless they are reading it). */
  threadReplied(message: MessageView): void;
  /** Written by the bridge only: where the person has read a thread up to changed (maybe on another client). */
  threadReadChanged(read: ThreadReadState): void;
  /** Written by the conversations slice: replies that came live or catching up. */
  repliesArrived(messages: readonly MessageView[]): void;
  threadMessageUpdated(message: MessageView): void;
  threadMessageDeleted(messageId: string): void;
  resetThreads(): void;
}

const initialThreads = {
  openThread: null,
  threads: {},
  focusedReply: null,
  threadList: { items: [], status: 'loading' as ListStatus, nextCursor: null },
  threadUnread: {},
};

/** The unread replies of each thread a page of the list holds, merged into what is known. */
function unreadOf(items: readonly ThreadListItem[], known: Record<string, { conversationId: string; count: number }>): Record<string, { conversationId: string; count: number }> {
  const next = { ...known };
  for (const item of items) {
    if (item.unreadReplies > 0) next[item.root.id] = { conversationId: item.conversation.id, count: item.unreadReplies };
    else delete next[item.root.id];
  }
  return next;
}

export const createThreadsSlice: StateCreator<AppState, [], [], ThreadsSlice> = (set, get) => {
  // One per store: thread read marks on their way to the backend, by the thread's first message.
  const reporter = new ReadReporter((rootId, seq) => getApi().markThreadRead({ messageId: rootId, seq }));
  const setUnread = (rootId: string, entry: { conversationId: string; count: number } | null) =>
    set((state) => {
      const threadUnread = { ...state.threadUnread };
      if (entry && entry.count > 0) threadUnread[rootId] = entry;
      else delete threadUnread[rootId];
      return {
        threadUnread,
        threadList: { ...state.threadList, items: state.threadList.items.map((item) => (item.root.id === rootId ? { ...item, unreadReplies: entry?.count ?? 0 } : item)) },
      };
    });
  return {
  ...initialThreads,

  async loadThreadList() {
    const result = await getApi().listThreads({});
    if (!result.ok) {
      set((state) => ({ threadList: { ...state.threadList, status: state.threadList.status === 'loaded' ? 'loaded' : 'failed' } }));
      return;
    }
    set((state) => ({ threadList: { items: result.data.items, status: 'loaded', nextCursor: result.data.nextCursor }, threadUnread: unreadOf(result.data.items, state.threadUnread) }));
  },

  async loadMoreThreads() {
    const cursor = get().threadList.nextCursor;
    if (!cursor) return;
    const result = await getApi().listThreads({ cursor });
    if (!result.ok) return;
    set((state) => ({
      threadList: { items: [...state.threadList.items, ...result.data.items.filter((item) => !state.threadList.items.some((known) => known.root.id === item.root.id))], status: 'loaded', nextCursor: result.data.nextCursor },
      threadUnread: unreadOf(result.data.items, state.threadUnread),
    }));
  },

  markOpenThreadRead() {
    const state = get();
    const open = state.openThread;
    if (!open || !state.windowFocused) return;
    const thread = state.threads[open.rootId];
    const newest = thread?.replies.at(-1);
    if (thread?.status !== 'loaded' || !newest || !state.threadUnread[open.rootId]) return;
    setUnread(open.rootId, null);
    reporter.report(open.rootId, newest.seq);
  },

  threadReplied(message) {
    const rootId = message.threadId;
    if (!rootId || isOwn(message, get().me?.id)) return;
    const current = get().threadUnread[rootId];
    setUnread(rootId, { conversationId: message.conversationId, count: (current?.count ?? 0) + 1 });
    // Read at once when it lands in the thread on screen (ThreadPanel reads it), and the list shows it first.
    get().markOpenThreadRead();
    if (get().threadList.status === 'loaded') void get().loadThreadList();
  },

  threadReadChanged(read) {
    // A mark of this client's own still on its way supersedes what the server said of an older one.
    const unanswered = reporter.unanswered(read.rootId);
    if (unanswered !== null && unanswered > read.lastReadSeq) return;
    setUnread(read.rootId, { conversationId: read.conversationId, count: read.unreadReplies });
  },

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
    reporter.reset();
    set(initialThreads);
  },
  };
};

/** How many threads have replies the person has not read. */
export const selectUnreadThreadCount = (state: ThreadsSlice) => Object.keys(state.threadUnread).length;

/** The open thread, when it belongs to this conversation. */
export const selectOpenThread = (conversationId: string) => (state: ThreadsSlice) =>
  state.openThread?.conversationId === conversationId ? (state.threads[state.openThread.rootId] ?? null) : null;
