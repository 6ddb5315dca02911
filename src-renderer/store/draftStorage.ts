/**
 * Where drafts outlive a restart: this browser's storage (Electron keeps it in the app's
 * user-data folder), one entry per person, so one person's drafts never show to another.
 */

/** The part of the Web Storage API drafts need (tests give a map-backed one). */
export type DraftStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const keyOf = (userId: string) => `meridian.drafts.${userId}`;

function defaultStore(): DraftStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The drafts saved for a person; anything unreadable counts as none. */
export function readDrafts(userId: string, store: DraftStore | null = defaultStore()): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(keyOf(userId)) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
  } catch {
    return {};
  }
}

export function writeDrafts(userId: string, drafts: Record<string, string>, store: DraftStore | null = defaultStore()): void {
  try {
    if (Object.keys(drafts).length === 0) store?.removeItem(keyOf(userId));
    else store?.setItem(keyOf(userId), JSON.stringify(drafts));
  } catch {
    // Full or unavailable storage: the drafts still live for this session.
  }
}
