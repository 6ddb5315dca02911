/**
 * The conversation list: every chat, group chat and channel of the person, most recent activity
 * first, the one open, and the actions that add to it or take from it (a chat started, a channel
 * created, joined or left). Opening a conversation asks the histories slice for its messages.
 */
import type { StateCreator } from 'zustand';
import type { ConversationSettings } from '../../src-shared/protocol/conversationProtocol';
import type { ConversationSummary, NotifyLevel, PersonSummary } from '../../src-shared/protocol/model';
import { collectPages } from '../../src-shared/session/pages';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';

/** How a list that comes from the server stands: being fetched, there, or refused. */
export type ListStatus = 'loading' | 'loaded' | 'failed';

export interface ConversationListSlice {
  conversations: ConversationSummary[];
  conversationsStatus: ListStatus;
  activeConversationId: string | null;
  /** A short notice for the person (e.g. a chat removed because a federation changed). */
  notice: string | null;
  chatError: string | null;
  /** Forgets every conversation and what hangs off them (sign-out, a session ended). */
  resetConversations(): void;
  loadConversations(): Promise<void>;
  /** Opens a conversation at its first unread message (with the divider), else at the newest. */
  openConversation(conversationId: string): Promise<void>;
  /** Back to the list (a phone's one pane): nothing is open, so new messages count as unread and notify. */
  closeConversation(): void;
  /** Opens a conversation at one of its messages (a search result); a reply opens its thread beside it. */
  openConversationAt(conversationId: string, message: { id: string; seq: number; threadId: string | null }): Promise<void>;
  /** Loads the active conversation's messages if they are not there (back online). */
  loadActiveIfMissing(): Promise<void>;
  startChat(userId: string): Promise<void>;
  /** Starts a group chat with these people (SPEC 7), or opens the one they already have; an error message, or null. */
  startGroupChat(userIds: string[]): Promise<string | null>;
  dismissNotice(): void;
  /** `confirmSplit`: the person confirmed that some members will not see each other (SPEC 1 rule 6). Returns an error message, or null. */
  createChannel(input: { name: string; topic?: string; visibility: 'public' | 'private'; memberIds: string[]; confirmSplit?: boolean }): Promise<string | null>;
  joinChannel(channelId: string): Promise<void>;
  leaveChannel(channelId: string): Promise<void>;
  /** Returns an error message, or null when done. */
  updateChannel(channelId: string, changes: { name?: string; topic?: string | null }): Promise<string | null>;
  /** The person's own `Mute` and `Notifications` of a conversation (SPEC 9); an error message, or null. */
  changeConversationSettings(conversationId: string, settings: { muted?: boolean; notify?: NotifyLevel }): Promise<string | null>;
  /** Names a group chat for every member (null: clears its name); an error message, or null. */
  renameGroup(conversationId: string, name: string | null): Promise<string | null>;
  /** Written by the bridge only: the person changed their settings of a conversation (here or on another client). */
  conversationSettingsChanged(settings: ConversationSettings): void;
  /** Written by the bridge only: a conversation's name, topic or members changed, or the viewer joined or left it. */
  conversationChanged(conversationId: string): Promise<void>;
  /** Written by the bridge only: visibility changed, so names, chats and members may have too. */
  conversationsStale(): Promise<void>;
  /** Written by the bridge only: a person's presence changed; chat peers and members follow. */
  conversationPersonChanged(person: PersonSummary): void;
}

/** Most recent activity first; conversations without messages by title. */
export const byActivity = (a: ConversationSummary, b: ConversationSummary) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? '') || a.title.localeCompare(b.title);

const initialList = { conversations: [], conversationsStatus: 'loading' as ListStatus, activeConversationId: null, notice: null, chatError: null };

export const createConversationListSlice: StateCreator<AppState, [], [], ConversationListSlice> = (set, get) => {
  /** The 1:1 chats a federation change took from the list, and the notice that said so (one store's own). */
  let chatsRemoved: string[] = [];
  let removalNotice: string | null = null;

  /** Puts a conversation the server just gave at the top of the list (replacing what was there of it). */
  const putFirst = (conversation: ConversationSummary) =>
    set((state) => ({ conversations: [conversation, ...state.conversations.filter((candidate) => candidate.id !== conversation.id)] }));

  return {
    ...initialList,

    resetConversations() {
      chatsRemoved = [];
      removalNotice = null;
      set(initialList);
      get().resetHistories();
      get().resetPins();
      get().resetMembers();
      get().resetTyping();
      get().resetReadState();
      get().resetThreads();
      get().resetMentions();
      get().resetMessageSearch();
      set({ chatPane: null });
    },

    async loadConversations() {
      // The server hands the list out a page at a time; the list shows all of it, newest activity first.
      const result = await collectPages((cursor) => getApi().listConversations(cursor ? { cursor } : {}));
      if (!result.ok) {
        if (get().conversationsStatus !== 'loaded') set({ conversationsStatus: 'failed' });
        return;
      }
      result.data.sort(byActivity);
      const before = get().conversations;
      const ids = new Set(result.data.map((conversation) => conversation.id));
      const removedChats = before.filter((conversation) => conversation.kind === 'direct' && !ids.has(conversation.id));
      const active = get().activeConversationId;
      // Chats that went with a federation change come back with the federation: the notice of their removal goes then.
      const stillRemoved = chatsRemoved.filter((id) => !ids.has(id));
      const allBack = chatsRemoved.length > 0 && stillRemoved.length === 0 && get().notice === removalNotice;
      chatsRemoved = [...stillRemoved, ...removedChats.map((conversation) => conversation.id)];
      const notice = removedChats.length > 0 ? `${removedChats.length === 1 ? 'A chat was' : `${removedChats.length} chats were`} removed because a federation changed.` : null;
      if (notice) removalNotice = notice;
      set({
        conversations: result.data,
        conversationsStatus: 'loaded',
        activeConversationId: active && ids.has(active) ? active : null,
        ...(notice ? { notice } : allBack ? { notice: null } : {}),
      });
    },

    async openConversation(conversationId) {
      // Opened anew: a conversation held unread (`Mark unread`) is read as it shows again.
      set({ activeConversationId: conversationId, chatError: null, section: 'chat', chatPane: null, heldUnread: null });
      if (!get().conversations.some((conversation) => conversation.id === conversationId)) await get().loadConversations();
      const conversation = get().conversations.find((candidate) => candidate.id === conversationId);
      if (!conversation) {
        // Offline, the list itself may not be there yet: say so rather than "not a member".
        if (get().conversationsStatus === 'loaded') set({ activeConversationId: null, chatError: 'You are not a member of that channel.' });
        return;
      }
      // SPEC 7: open at the first unread message, with a divider before it; else at the newest.
      const readMarker = conversation.unreadCount > 0 ? conversation.lastReadSeq : undefined;
      get().setReadMarker(conversationId, readMarker);
      await Promise.all([get().loadOpening(conversationId, readMarker), conversation.kind !== 'direct' ? get().loadMembers(conversationId) : undefined]);
    },

    closeConversation() {
      if (get().activeConversationId === null) return;
      get().closeThread();
      set({ activeConversationId: null });
    },

    async openConversationAt(conversationId, message) {
      // Opened anew: a conversation held unread (`Mark unread`) is read as it shows again.
      set({ activeConversationId: conversationId, chatError: null, section: 'chat', chatPane: null, heldUnread: null });
      get().requestComposerFocus(conversationId);
      if (!get().conversations.some((conversation) => conversation.id === conversationId)) await get().loadConversations();
      const conversation = get().conversations.find((candidate) => candidate.id === conversationId);
      if (!conversation) return;
      // A reply shows in its thread, beside the log opened at the message that started it.
      let target = { id: message.id, seq: message.seq };
      if (message.threadId) {
        const thread = await get().openThreadOf(conversationId, message.threadId, message.id);
        if (thread) target = { id: thread.id, seq: thread.seq };
      }
      if (conversation.kind !== 'direct') void get().loadMembers(conversationId);
      get().setReadMarker(conversationId, undefined);
      const failure = await get().loadAround(conversationId, target);
      if (failure) set({ chatError: failure });
    },

    async loadActiveIfMissing() {
      const active = get().activeConversationId;
      if (active && !get().histories[active]) await get().openConversation(active);
    },

    async startChat(userId) {
      const result = await getApi().openChat({ userId });
      if (!result.ok) {
        set({ chatError: result.error.message });
        return;
      }
      get().closeCard();
      set((state) => ({ conversations: state.conversations.some((conversation) => conversation.id === result.data.id) ? state.conversations : [result.data, ...state.conversations] }));
      get().requestComposerFocus(result.data.id);
      await get().openConversation(result.data.id);
    },

    async startGroupChat(userIds) {
      const result = await getApi().createGroup({ memberIds: userIds });
      if (!result.ok) return result.error.message;
      putFirst(result.data);
      get().requestComposerFocus(result.data.id);
      await get().openConversation(result.data.id);
      return null;
    },

    dismissNotice() {
      set({ notice: null });
    },

    async createChannel(input) {
      const result = await getApi().createChannel(input);
      if (!result.ok) return result.error.message;
      putFirst(result.data);
      // Said where a screen reader hears it, and seen beside the new channel, selected in its sorted place.
      set({ notice: `Channel #${result.data.title} created` });
      get().requestComposerFocus(result.data.id);
      await get().openConversation(result.data.id);
      return null;
    },

    async joinChannel(channelId) {
      const result = await getApi().joinChannel({ channelId });
      if (!result.ok) {
        set({ chatError: result.error.message });
        return;
      }
      putFirst(result.data);
      get().requestComposerFocus(channelId);
      await get().openConversation(channelId);
    },

    async leaveChannel(channelId) {
      const result = await getApi().leaveChannel({ channelId });
      if (!result.ok) {
        set({ chatError: result.error.message });
        return;
      }
      set((state) => ({
        conversations: state.conversations.filter((conversation) => conversation.id !== channelId),
        activeConversationId: state.activeConversationId === channelId ? null : state.activeConversationId,
      }));
    },

    async updateChannel(channelId, changes) {
      const result = await getApi().updateChannel({ channelId, ...changes });
      if (!result.ok) return result.error.message;
      set((state) => ({ conversations: state.conversations.map((conversation) => (conversation.id === channelId ? result.data : conversation)) }));
      return null;
    },

    async changeConversationSettings(conversationId, settings) {
      const result = await getApi().changeConversationSettings({ conversationId, ...settings });
      if (!result.ok) return result.error.message;
      get().conversationSettingsChanged(result.data);
      return null;
    },

    async renameGroup(conversationId, name) {
      const result = await getApi().renameGroup({ conversationId, name });
      if (!result.ok) return result.error.message;
      set((state) => ({ conversations: state.conversations.map((conversation) => (conversation.id === conversationId ? result.data : conversation)) }));
      return null;
    },

    conversationSettingsChanged({ conversationId, muted, notify }) {
      set((state) => ({ conversations: state.conversations.map((conversation) => (conversation.id === conversationId ? { ...conversation, muted, notify } : conversation)) }));
    },

    async conversationChanged(conversationId) {
      await get().loadConversations();
      const stillThere = get().conversations.some((conversation) => conversation.id === conversationId);
      if (stillThere && conversationId === get().activeConversationId) await get().loadMembers(conversationId);
    },

    async conversationsStale() {
      await get().loadConversations();
      // Names in histories and member lists may have changed (UNKNOWN USER ↔ a name): fetch again.
      get().resetHistories();
      get().resetMembers();
      const active = get().activeConversationId;
      if (active) await get().openConversation(active);
    },

    conversationPersonChanged(person) {
      set((state) =>
        state.conversations.some((conversation) => conversation.peer?.id === person.id)
          ? {
              conversations: state.conversations.map((conversation) =>
                // A direct chat is titled by its peer's name (SPEC 6), which may have changed with the rest.
                conversation.peer?.id === person.id ? { ...conversation, title: person.displayName, peer: { ...conversation.peer, ...person } } : conversation,
              ),
            }
          : state,
      );
      get().memberPersonChanged(person);
    },
  };
};

/** Unread messages across all conversations: a muted one counts only its mentions (SPEC 9). */
export const selectTotalUnread = (state: ConversationListSlice) =>
  state.conversations.reduce((total, conversation) => total + (conversation.muted ? conversation.unreadMentions : conversation.unreadCount), 0);

/** The conversation on screen. */
export const selectActiveConversation = (state: ConversationListSlice) =>
  state.conversations.find((conversation) => conversation.id === state.activeConversationId) ?? null;
