/**
 * Message search (SPEC 7): pressing Enter in `Search` asks the backend for messages with those
 * words; the results show in place of the open conversation until one is chosen (which opens
 * its conversation at that message) or they are closed. Filters narrow them to one conversation
 * or one person.
 */
import type { StateCreator } from 'zustand';
import type { MessageSearchHit, PersonSummary } from '../../src-shared/protocol/model';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';

export interface MessageSearchState {
  /** Whether the results are on screen. */
  open: boolean;
  query: string;
  /** Only messages of this conversation, when set. */
  conversationId: string | null;
  /** Only messages of this person, when set. */
  author: PersonSummary | null;
  status: 'loading' | 'loaded' | 'failed';
  hits: MessageSearchHit[];
  nextCursor: string | null;
  error: string | null;
}

export interface MessageSearchSlice {
  messageSearch: MessageSearchState;
  /** Searches messages for `query` with the filters chosen, and shows the results. */
  searchMessages(query: string): Promise<void>;
  setMessageSearchFilters(filters: { conversationId?: string | null; author?: PersonSummary | null }): Promise<void>;
  loadMoreMessageResults(): Promise<void>;
  closeMessageResults(): void;
  resetMessageSearch(): void;
}

const initialSearch: MessageSearchState = { open: false, query: '', conversationId: null, author: null, status: 'loaded', hits: [], nextCursor: null, error: null };

export const createMessageSearchSlice: StateCreator<AppState, [], [], MessageSearchSlice> = (set, get) => {
  /** Fetches the first page for the state as it is now; an answer to an older question is dropped. */
  const run = async () => {
    const asked = get().messageSearch;
    const result = await getApi().searchMessages({
      query: asked.query,
      ...(asked.conversationId ? { conversationId: asked.conversationId } : {}),
      ...(asked.author ? { authorId: asked.author.id } : {}),
    });
    const now = get().messageSearch;
    if (now.query !== asked.query || now.conversationId !== asked.conversationId || now.author !== asked.author) return;
    set({
      messageSearch: result.ok
        ? { ...now, status: 'loaded', hits: result.data.items, nextCursor: result.data.nextCursor, error: null }
        : { ...now, status: 'failed', hits: [], nextCursor: null, error: result.error.message },
    });
  };
  return {
    messageSearch: initialSearch,

    async searchMessages(query) {
      if (query.trim() === '') return;
      set((state) => ({ section: 'chat', messageSearch: { ...state.messageSearch, open: true, query: query.trim(), status: 'loading', hits: [], nextCursor: null, error: null } }));
      await run();
    },

    async setMessageSearchFilters(filters) {
      set((state) => ({ messageSearch: { ...state.messageSearch, ...filters, status: 'loading', hits: [], nextCursor: null, error: null } }));
      await run();
    },

    async loadMoreMessageResults() {
      const asked = get().messageSearch;
      if (!asked.nextCursor) return;
      const result = await getApi().searchMessages({
        query: asked.query,
        cursor: asked.nextCursor,
        ...(asked.conversationId ? { conversationId: asked.conversationId } : {}),
        ...(asked.author ? { authorId: asked.author.id } : {}),
      });
      const now = get().messageSearch;
      if (!result.ok || now.nextCursor !== asked.nextCursor) return;
      set({ messageSearch: { ...now, hits: [...now.hits, ...result.data.items], nextCursor: result.data.nextCursor } });
    },

    closeMessageResults() {
      set((state) => ({ messageSearch: { ...state.messageSearch, open: false } }));
    },

    resetMessageSearch() {
      set({ messageSearch: initialSearch });
    },
  };
};
