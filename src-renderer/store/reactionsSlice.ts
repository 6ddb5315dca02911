/**
 * Reactions and mentions as the renderer holds them: a message's reactions live on the message
 * in its history and in an open thread (written here when they change), and a conversation's unread mentions on its
 * summary. Whether the viewer reacted is read from the people of a reaction (`selectReacted`).
 */
import type { StateCreator } from 'zustand';
import type { MessageView, ReactionView } from '../../src-shared/protocol/model';
import type { MentionListItem, MessageReactions } from '../../src-shared/protocol/reactionProtocol';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';
import type { ListStatus } from './conversationListSlice';

export interface ReactionsSlice {
  /** Adds the viewer's reaction with this emoji, or takes it back when they have it; a refusal shows as the chat's error. */
  toggleReaction(message: MessageView, emoji: string): Promise<void>;
  /** Written by the bridge only: a message's reactions as they now stand. */
  reactionsChanged(change: MessageReactions): void;
  /** Written by the bridge only: a message mentions the viewer; it counts until the conversation is read. */
  mentionReceived(message: MessageView): void;
  /** The messages that mention the person (SPEC 9 `Mentions`), newest first, as far as loaded. */
  mentionList: { items: MentionListItem[]; status: ListStatus; nextCursor: string | null };
  loadMentions(): Promise<void>;
  loadMoreMentions(): Promise<void>;
  resetMentions(): void;
}

/** Whether the viewer is among the people of a reaction (they see themselves by id). */
export function selectReacted(reaction: ReactionView, meId: string | undefined): boolean {
  return meId !== undefined && reaction.people.some((person) => person.kind === 'person' && person.id === meId);
}

export const createReactionsSlice: StateCreator<AppState, [], [], ReactionsSlice> = (set, get) => ({
  mentionList: { items: [], status: 'loading', nextCursor: null },

  async loadMentions() {
    const result = await getApi().listMentions({});
    if (result.ok) set({ mentionList: { items: result.data.items, status: 'loaded', nextCursor: result.data.nextCursor } });
    else set((state) => ({ mentionList: { ...state.mentionList, status: state.mentionList.status === 'loaded' ? 'loaded' : 'failed' } }));
  },

  resetMentions() {
    set({ mentionList: { items: [], status: 'loading', nextCursor: null } });
  },

  async loadMoreMentions() {
    const cursor = get().mentionList.nextCursor;
    if (!cursor) return;
    const result = await getApi().listMentions({ cursor });
    if (result.ok) set((state) => ({ mentionList: { items: [...state.mentionList.items, ...result.data.items], status: 'loaded', nextCursor: result.data.nextCursor } }));
  },

  async toggleReaction(message, emoji) {
    const existing = message.reactions.find((reaction) => reaction.emoji === emoji);
    const mine = existing !== undefined && selectReacted(existing, get().me?.id);
    const api = getApi();
    const result = mine ? await api.removeReaction({ messageId: message.id, emoji }) : await api.addReaction({ messageId: message.id, emoji });
    if (!result.ok) {
      set({ chatError: result.error.message });
      return;
    }
    get().reactionsChanged(result.data);
  },

  reactionsChanged({ conversationId, messageId, reactions }) {
    const withReactions = (message: MessageView): MessageView => (message.id === messageId ? { ...message, reactions } : message);
    set((state) => {
      const changes: Partial<AppState> = {};
      const history = state.histories[conversationId];
      if (history?.messages.some((message) => message.id === messageId)) {
        changes.histories = { ...state.histories, [conversationId]: { ...history, messages: history.messages.map(withReactions) } };
      }
      // The same message may be open in a thread: as its first message, or as one of its replies.
      const threads = Object.values(state.threads).filter((thread) => thread.root?.id === messageId || thread.replies.some((reply) => reply.id === messageId));
      if (threads.length > 0) {
        changes.threads = { ...state.threads };
        for (const thread of threads) {
          changes.threads[thread.rootId] = { ...thread, root: thread.root && withReactions(thread.root), replies: thread.replies.map(withReactions) };
        }
      }
      return changes;
    });
  },

  mentionReceived(message) {
    // Read at once when it lands in the conversation on screen.
    const viewing = message.conversationId === get().activeConversationId && get().windowFocused && get().logAtLatest;
    // The Mentions view, when it was loaded, shows it first.
    if (get().mentionList.status === 'loaded') void get().loadMentions();
    if (viewing) return;
    set((state) => ({
      conversations: state.conversations.map((conversation) =>
        conversation.id === message.conversationId && message.seq > conversation.lastReadSeq ? { ...conversation, unreadMentions: conversation.unreadMentions + 1 } : conversation,
      ),
    }));
  },
});
