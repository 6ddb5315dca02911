import type { StateCreator } from 'zustand';
import type { ConversationSummary, MessageView, PersonRef } from '../../src-shared/protocol/model';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';

export interface ConversationHistory {
  messages: MessageView[];
  hasMore: boolean;
}

export interface ConversationsSlice {
  conversations: ConversationSummary[];
  activeConversationId: string | null;
  histories: Record<string, ConversationHistory>;
  members: Record<string, PersonRef[]>;
  /** A short notice for the person (e.g. a chat removed because a federation changed). */
  notice: string | null;
  chatError: string | null;
  loadConversations(): Promise<void>;
  openConversation(conversationId: string): Promise<void>;
  startChat(userId: string): Promise<void>;
  sendMessage(text: string): Promise<boolean>;
  loadOlder(conversationId: string): Promise<void>;
  dismissNotice(): void;
  /** Written by the bridge only. */
  messageReceived(message: MessageView): void;
  /** Written by the bridge only: visibility changed, so names, chats and members may have too. */
  conversationsStale(): Promise<void>;
}

const bySeq = (a: MessageView, b: MessageView) => a.seq - b.seq;

function merge(existing: MessageView[], incoming: MessageView[]): MessageView[] {
  const byId = new Map(existing.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort(bySeq);
}

export const createConversationsSlice: StateCreator<AppState, [], [], ConversationsSlice> = (set, get) => ({
  conversations: [],
  activeConversationId: null,
  histories: {},
  members: {},
  notice: null,
  chatError: null,

  async loadConversations() {
    const result = await getApi().listConversations();
    if (!result.ok) return;
    const before = get().conversations;
    const ids = new Set(result.data.map((conversation) => conversation.id));
    const removedChats = before.filter((conversation) => conversation.kind === 'direct' && !ids.has(conversation.id));
    const active = get().activeConversationId;
    set({
      conversations: result.data,
      activeConversationId: active && ids.has(active) ? active : null,
      ...(removedChats.length > 0
        ? { notice: `${removedChats.length === 1 ? 'A chat was' : `${removedChats.length} chats were`} removed because a federation changed.` }
        : {}),
    });
  },

  async openConversation(conversationId) {
    set({ activeConversationId: conversationId, chatError: null, section: 'chat' });
    if (!get().conversations.some((conversation) => conversation.id === conversationId)) await get().loadConversations();
    const conversation = get().conversations.find((candidate) => candidate.id === conversationId);
    if (!conversation) {
      set({ activeConversationId: null, chatError: 'You are not a member of that channel.' });
      return;
    }
    const history = await getApi().getHistory({ conversationId });
    if (history.ok) set((state) => ({ histories: { ...state.histories, [conversationId]: { messages: merge(state.histories[conversationId]?.messages ?? [], history.data.messages), hasMore: history.data.hasMore } } }));
    if (conversation.kind === 'channel') {
      const members = await getApi().getChannelMembers({ channelId: conversationId });
      if (members.ok) set((state) => ({ members: { ...state.members, [conversationId]: members.data } }));
    }
  },

  async startChat(userId) {
    const result = await getApi().openChat({ userId });
    if (!result.ok) {
      set({ chatError: result.error.message });
      return;
    }
    get().closeCard();
    set((state) => ({ conversations: state.conversations.some((conversation) => conversation.id === result.data.id) ? state.conversations : [result.data, ...state.conversations] }));
    await get().openConversation(result.data.id);
  },

  async sendMessage(text) {
    const conversationId = get().activeConversationId;
    if (!conversationId || text.trim() === '') return false;
    const result = await getApi().sendMessage({ conversationId, clientId: crypto.randomUUID(), text });
    if (!result.ok) {
      set({ chatError: result.error.message });
      return false;
    }
    get().messageReceived(result.data);
    return true;
  },

  async loadOlder(conversationId) {
    const history = get().histories[conversationId];
    if (!history?.hasMore) return;
    const result = await getApi().getHistory({ conversationId, beforeSeq: history.messages[0]?.seq });
    if (result.ok) {
      set((state) => ({
        histories: { ...state.histories, [conversationId]: { messages: merge(state.histories[conversationId]?.messages ?? [], result.data.messages), hasMore: result.data.hasMore } },
      }));
    }
  },

  dismissNotice() {
    set({ notice: null });
  },

  messageReceived(message) {
    const known = get().conversations.some((conversation) => conversation.id === message.conversationId);
    set((state) => {
      const history = state.histories[message.conversationId];
      return {
        histories: history ? { ...state.histories, [message.conversationId]: { ...history, messages: merge(history.messages, [message]) } } : state.histories,
        conversations: state.conversations
          .map((conversation) =>
            conversation.id === message.conversationId ? { ...conversation, lastSeq: Math.max(conversation.lastSeq, message.seq), lastMessageAt: message.createdAt } : conversation,
          )
          .sort((a, b) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? '')),
      };
    });
    if (!known) void get().loadConversations();
  },

  async conversationsStale() {
    await get().loadConversations();
    // Names in histories and member lists may have changed (UNKNOWN USER ↔ a name): fetch again.
    set({ histories: {}, members: {} });
    const active = get().activeConversationId;
    if (active) await get().openConversation(active);
  },
});

/** The conversation on screen. */
export const selectActiveConversation = (state: ConversationsSlice) =>
  state.conversations.find((conversation) => conversation.id === state.activeConversationId) ?? null;
