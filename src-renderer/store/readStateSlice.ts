/**
 * Read state (SPEC 9): the backend keeps where the person has read each conversation up to, so
 * every client of theirs agrees. Here: reading the open conversation when its newest message is
 * on screen (as messages arrive, too), telling the backend (`ReadReporter`), and taking what
 * another client of the person read (`conversation:readChanged`).
 */
import type { StateCreator } from 'zustand';
import type { MessageView, ReadState } from '../../src-shared/protocol/model';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';
import { ReadReporter } from './readReporter';

export interface ReadStateSlice {
  /**
   * Where the `New messages` divider goes while a conversation is open: the sequence number the
   * viewer had read up to when they opened it (SPEC 7 "Reading position").
   */
  readMarkers: Record<string, number>;
  /** Puts a conversation's divider after `seq`, or takes it away (undefined). */
  setReadMarker(conversationId: string, seq: number | undefined): void;
  /** Whether the open conversation's log shows its newest message (the reader is at the bottom). */
  logAtLatest: boolean;
  /** Written by the log as the reader scrolls. */
  setLogAtLatest(atLatest: boolean): void;
  /**
   * Reads the open conversation up to its newest message when the person can see it: the window
   * has focus, its messages have loaded and the log shows the newest one.
   */
  markActiveRead(): void;
  /**
   * The conversation marked unread while it is open (`Mark unread`, here or on another client of
   * the person): it is not read again as it sits on screen until it is opened anew.
   */
  heldUnread: string | null;
  /** `Mark unread` (SPEC 9): the conversation becomes unread from this message, on every client of the person; an error to show, or null. */
  markUnread(message: Pick<MessageView, 'id' | 'conversationId'>): Promise<string | null>;
  /** Written by the bridge only: where the person has read a conversation up to changed (maybe on another client). */
  readChanged(read: ReadState): void;
  resetReadState(): void;
}

export const createReadStateSlice: StateCreator<AppState, [], [], ReadStateSlice> = (set, get) => {
  // One per store: marks waiting to be told to the backend.
  const reporter = new ReadReporter((conversationId, seq) => getApi().markRead({ conversationId, seq }));
  /** Takes where the backend says the person has read a conversation up to; `held` when this client marked it unread. */
  const take = (read: ReadState, held = false) =>
    set((state) => {
      const before = state.conversations.find((conversation) => conversation.id === read.conversationId);
      // Moved back (`Mark unread`) in the open conversation: the `New messages` line goes there, and it stays unread while open.
      const back = state.activeConversationId === read.conversationId && (held || (before !== undefined && read.lastReadSeq < before.lastReadSeq));
      return {
        conversations: state.conversations.map((conversation) =>
          conversation.id === read.conversationId ? { ...conversation, lastReadSeq: read.lastReadSeq, unreadCount: read.unreadCount, unreadMentions: read.unreadMentions } : conversation,
        ),
        ...(back ? { heldUnread: read.conversationId, readMarkers: { ...state.readMarkers, [read.conversationId]: read.lastReadSeq } } : {}),
      };
    });
  return {
    readMarkers: {},
    logAtLatest: false,
    heldUnread: null,

    setReadMarker(conversationId, seq) {
      set((state) => {
        if (state.readMarkers[conversationId] === seq) return state;
        const readMarkers = { ...state.readMarkers };
        if (seq === undefined) delete readMarkers[conversationId];
        else readMarkers[conversationId] = seq;
        return { readMarkers };
      });
    },

    setLogAtLatest(logAtLatest) {
      if (get().logAtLatest !== logAtLatest) set({ logAtLatest });
    },

    markActiveRead() {
      const state = get();
      const conversation = state.conversations.find((candidate) => candidate.id === state.activeConversationId);
      if (!conversation || !state.windowFocused || !state.logAtLatest || state.heldUnread === conversation.id) return;
      // Only what is on screen is read: not before the messages have loaded, nor while newer ones are still to load.
      const history = state.histories[conversation.id];
      if (!history || history.hasNewer) return;
      if (conversation.lastReadSeq >= conversation.lastSeq && conversation.unreadCount === 0 && conversation.unreadMentions === 0) return;
      set((current) => ({
        conversations: current.conversations.map((candidate) => (candidate.id === conversation.id ? { ...candidate, unreadCount: 0, unreadMentions: 0, lastReadSeq: Math.max(candidate.lastReadSeq, candidate.lastSeq) } : candidate)),
        // Messages that came while the window was away get the divider too.
        readMarkers: conversation.unreadCount > 0 && !(conversation.id in current.readMarkers) ? { ...current.readMarkers, [conversation.id]: conversation.lastReadSeq } : current.readMarkers,
      }));
      reporter.report(conversation.id, conversation.lastSeq);
    },

    async markUnread(message) {
      const result = await getApi().markUnread({ messageId: message.id });
      if (!result.ok) return result.error.message;
      // Told to this client as to the others (conversation:readChanged); taken now so the badge and the line move at once.
      take(result.data, true);
      return null;
    },

    readChanged(read) {
      // A mark of this client's own still on its way supersedes what the server said of an older one.
      const unanswered = reporter.unanswered(read.conversationId);
      if (unanswered !== null && unanswered > read.lastReadSeq) return;
      take(read);
    },

    resetReadState() {
      reporter.reset();
      set({ readMarkers: {}, logAtLatest: false, heldUnread: null });
    },
  };
};
