/**
 * Who is typing where (SPEC 6's `… is typing…`), and telling others when the person types:
 * at most one notice every few seconds while they type, and again as soon as the server passes
 * one after they sent what they typed.
 */
import type { StateCreator } from 'zustand';
import { typingNoticeIntervalMs } from '../../src-shared/protocol/conversationProtocol';
import type { PersonRef } from '../../src-shared/protocol/model';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';

/** While one types, others hear of it this often. */
const typingRepeatMs = 3_000;
/** What a notice's trip to the server may take: a notice sent sooner after the last than the server passes would be dropped. */
const tripMarginMs = 300;
/** How long `… is typing…` shows after the last notice, unless their message comes first. */
export const typingShownMs = 5_000;

export interface TypingSlice {
  /** Who is typing, per conversation, and until when it shows. */
  typing: Record<string, { name: string; until: number }>;
  /** The person typed in the open conversation's box. */
  noteTyping(): void;
  /** The person sent what they typed: the next keystroke says they are typing again. */
  noteSent(): void;
  /** Written by the bridge only. */
  typingStarted(conversationId: string, person: PersonRef): void;
  /** Whoever was typing sent it (their message arrived): the line goes. */
  typingStopped(conversationId: string, name: string): void;
  resetTyping(): void;
}

export const createTypingSlice: StateCreator<AppState, [], [], TypingSlice> = (set, get) => {
  // One store's own timing of its notices.
  let lastTypingSent = 0;
  let lastTypingConversation: string | null = null;
  /** When the next typing notice may go: a while after the last while one types; sooner after a send. */
  let nextTypingAt = 0;
  let pendingTyping: ReturnType<typeof setTimeout> | null = null;
  let typingSinceSend = false;

  const forget = (conversationId: string) =>
    set((state) => {
      const typing = { ...state.typing };
      delete typing[conversationId];
      return { typing };
    });

  return {
    typing: {},

    noteTyping() {
      const conversationId = get().activeConversationId;
      if (!conversationId) return;
      const announce = () => {
        lastTypingSent = Date.now();
        nextTypingAt = lastTypingSent + typingRepeatMs;
        lastTypingConversation = conversationId;
        typingSinceSend = false;
        void getApi().startTyping({ conversationId });
      };
      // Throttled: others hear at most once every few seconds while one types.
      if (lastTypingConversation !== conversationId || Date.now() >= nextTypingAt) return announce();
      // Typing again soon after a send: said as soon as the server takes it, even if no key follows.
      if (typingSinceSend && !pendingTyping) {
        pendingTyping = setTimeout(() => {
          pendingTyping = null;
          if (get().activeConversationId === conversationId) announce();
        }, nextTypingAt - Date.now());
      }
    },

    noteSent() {
      // Others stop showing "is typing…" when the message arrives; typing again tells them anew, as
      // soon as the server passes another notice (one per person and conversation every typingNoticeIntervalMs).
      if (pendingTyping) clearTimeout(pendingTyping);
      pendingTyping = null;
      nextTypingAt = lastTypingSent + typingNoticeIntervalMs + tripMarginMs;
      typingSinceSend = true;
    },

    typingStarted(conversationId, person) {
      set((state) => ({ typing: { ...state.typing, [conversationId]: { name: person.displayName, until: Date.now() + typingShownMs } } }));
      setTimeout(() => {
        const entry = get().typing[conversationId];
        if (entry && entry.until <= Date.now()) forget(conversationId);
      }, typingShownMs + 100);
    },

    typingStopped(conversationId, name) {
      if (get().typing[conversationId]?.name === name) forget(conversationId);
    },

    resetTyping() {
      if (pendingTyping) clearTimeout(pendingTyping);
      pendingTyping = null;
      lastTypingConversation = null;
      set({ typing: {} });
    },
  };
};
