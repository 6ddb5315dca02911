import type { StateCreator } from 'zustand';
import type { AppState } from './appStore';
import { readDrafts, writeDrafts, type DraftStore } from './draftStorage';

/** Where a draft belongs: a conversation, or (once threads exist) one thread of it. */
export function draftKey(conversationId: string, threadId?: string): string {
  return threadId ? `${conversationId}/${threadId}` : conversationId;
}

export interface DraftsSlice {
  /** Unsent text by draft key (SPEC 7 "Drafts"): each conversation keeps its own, never another's. */
  drafts: Record<string, string>;
  /** Whose drafts are loaded (they are saved per person). */
  draftsOwner: string | null;
  setDraft(key: string, text: string): void;
  /** Loads a person's saved drafts (at sign-in), or puts them away (`null`: the session ended; they stay saved). */
  loadDrafts(userId: string | null): void;
  /** Deletes the person's saved drafts: they signed out of this machine. */
  discardDrafts(): void;
}

/** The drafts slice, saving to `store` (this browser's storage unless a test gives another). */
export function createDraftsSlice(store?: DraftStore | null): StateCreator<AppState, [], [], DraftsSlice> {
  return (set, get) => ({
    drafts: {},
    draftsOwner: null,
    setDraft(key, text) {
      const { drafts, draftsOwner } = get();
      if ((drafts[key] ?? '') === text) return;
      const next = { ...drafts };
      if (text === '') delete next[key];
      else next[key] = text;
      set({ drafts: next });
      if (draftsOwner) writeDrafts(draftsOwner, next, store);
    },
    loadDrafts(userId) {
      if (userId === get().draftsOwner) return;
      set({ draftsOwner: userId, drafts: userId ? readDrafts(userId, store) : {} });
    },
    discardDrafts() {
      const owner = get().draftsOwner;
      if (owner) writeDrafts(owner, {}, store);
      set({ drafts: {} });
    },
  });
}

/** The draft kept for a key, or empty. */
export const selectDraft = (key: string) => (state: DraftsSlice) => state.drafts[key] ?? '';
