/**
 * Pinned messages (SPEC 9 `Pin`): each conversation's `Pinned messages`, kept by the backend for
 * every member. Here: the list of the open conversation as the viewer sees it (authors per SPEC 1
 * rule 7, as the backend built it), asked for again whenever someone pins or unpins
 * (`conversation:pinsChanged`). A replica for showing; the backend decides.
 */
import type { StateCreator } from 'zustand';
import type { MessageView } from '../../src-shared/protocol/model';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';

export interface PinsSlice {
  /** Each loaded conversation's pinned messages, the latest pinned first. */
  pinned: Record<string, MessageView[]>;
  /** Asks the backend for a conversation's pinned messages. */
  loadPinned(conversationId: string): Promise<void>;
  /** Pins (or unpins) a message for every member; an error to show, or null. */
  setPinned(message: Pick<MessageView, 'id' | 'conversationId'>, pinned: boolean): Promise<string | null>;
  /** Written by the bridge only: someone pinned or unpinned a message of a conversation. */
  pinsChanged(conversationId: string): void;
  /** A message was deleted: it leaves its conversation's list. */
  pinnedMessageDeleted(conversationId: string, messageId: string): void;
  resetPins(): void;
}

export const createPinsSlice: StateCreator<AppState, [], [], PinsSlice> = (set, get) => ({
  pinned: {},

  async loadPinned(conversationId) {
    const result = await getApi().getPinned({ conversationId });
    if (result.ok) set((state) => ({ pinned: { ...state.pinned, [conversationId]: result.data } }));
  },

  async setPinned(message, pinned) {
    const result = await getApi().pinMessage({ messageId: message.id, pinned });
    if (!result.ok) return result.error.message;
    await get().loadPinned(message.conversationId);
    return null;
  },

  pinsChanged(conversationId) {
    // Only lists this client shows are kept up to date; the others load when next shown.
    if (conversationId in get().pinned) void get().loadPinned(conversationId);
  },

  pinnedMessageDeleted(conversationId, messageId) {
    const list = get().pinned[conversationId];
    if (list?.some((message) => message.id === messageId)) set((state) => ({ pinned: { ...state.pinned, [conversationId]: list.filter((message) => message.id !== messageId) } }));
  },

  resetPins() {
    set({ pinned: {} });
  },
});
