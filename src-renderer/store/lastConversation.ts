/**
 * The conversation a person had open, kept in this browser's storage (Electron keeps it in the
 * app's user-data folder) per person, so the app reopens it after a reload or a restart (SPEC 9)
 * and one person's never opens for another. A preference of this browser, not a rule: whether the
 * person may still read it is the backend's to say when it opens.
 */
import type { DraftStore } from './draftStorage';

const keyOf = (userId: string) => `meridian.lastConversation.${userId}`;

function defaultStore(): DraftStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The conversation the person last had open here, or null (none, or nothing readable: ids as the protocol takes them). */
export function readLastConversation(userId: string, store: DraftStore | null = defaultStore()): string | null {
  try {
    const value = store?.getItem(keyOf(userId)) ?? null;
    return value !== null && value.length >= 1 && value.length <= 200 ? value : null;
  } catch {
    return null;
  }
}

/** Keeps (or, with null, forgets: the person went back to the list) the conversation open now. */
export function writeLastConversation(userId: string, conversationId: string | null, store: DraftStore | null = defaultStore()): void {
  try {
    if (conversationId === null) store?.removeItem(keyOf(userId));
    else store?.setItem(keyOf(userId), conversationId);
  } catch {
    // Full or unavailable storage: nothing reopens, nothing breaks.
  }
}
