/**
 * The reactions a person used last, kept in this browser's storage per person: the quick-reaction
 * row offers them beside the usual four (SPEC 9: reacting takes one click). A preference of this
 * browser, nothing the backend needs; whatever is stored is checked before it is offered.
 */
import { useSyncExternalStore } from 'react';

/** The four every row offers first, with the names assistive technology reads. */
export const quickReactions: ReadonlyArray<{ emoji: string; name: string }> = [
  { emoji: '👍', name: 'thumbs up' },
  { emoji: '❤️', name: 'red heart' },
  { emoji: '😂', name: 'face with tears of joy' },
  { emoji: '🎉', name: 'party popper' },
];

/** How many of the person's own recent reactions the row adds to the four. */
export const recentShown = 3;
const kept = 8;

interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const keyOf = (userId: string) => `meridian.recentReactions.${userId}`;
const listeners = new Set<() => void>();
const snapshots = new Map<string, { raw: string | null; value: readonly string[] }>();
const none: readonly string[] = [];

function defaultStore(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** An emoji as a reaction may be: a short string of no letters, digits or spaces (what the backend takes decides the rest). */
const plausible = (value: unknown): value is string => typeof value === 'string' && value.length >= 1 && value.length <= 32 && !/[\p{L}\p{N}\s]/u.test(value);

/** The person's recent reactions here, newest first (nothing unreadable is offered). */
export function readRecentReactions(userId: string, store: KeyValueStore | null = defaultStore()): readonly string[] {
  let raw: string | null = null;
  try {
    raw = store?.getItem(keyOf(userId)) ?? null;
  } catch {
    return none;
  }
  const cached = snapshots.get(userId);
  if (cached && cached.raw === raw) return cached.value;
  let value: readonly string[] = none;
  try {
    const parsed: unknown = raw === null ? [] : JSON.parse(raw);
    if (Array.isArray(parsed)) value = [...new Set(parsed.filter(plausible))].slice(0, kept);
  } catch {
    value = none;
  }
  snapshots.set(userId, { raw, value });
  return value;
}

/** Puts an emoji first among the person's recent reactions. */
export function rememberReaction(userId: string, emoji: string, store: KeyValueStore | null = defaultStore()): void {
  if (!plausible(emoji)) return;
  const next = [emoji, ...readRecentReactions(userId, store).filter((candidate) => candidate !== emoji)].slice(0, kept);
  try {
    store?.setItem(keyOf(userId), JSON.stringify(next));
  } catch {
    // Full or unavailable storage: the row keeps the usual four.
  }
  listeners.forEach((listener) => listener());
}

/** The row's emoji for this person: the usual four, then up to three of their recent others. */
export function quickRow(recent: readonly string[]): Array<{ emoji: string; name: string }> {
  const usual = new Set(quickReactions.map((reaction) => reaction.emoji));
  return [...quickReactions, ...recent.filter((emoji) => !usual.has(emoji)).slice(0, recentShown).map((emoji) => ({ emoji, name: emoji }))];
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

/** The person's recent reactions, following changes made in this window. */
export function useRecentReactions(userId: string | undefined): readonly string[] {
  return useSyncExternalStore(subscribe, () => (userId ? readRecentReactions(userId) : none));
}
