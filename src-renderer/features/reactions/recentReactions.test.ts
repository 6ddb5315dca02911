import { describe, expect, it } from 'vitest';
import { quickRow, readRecentReactions, rememberReaction } from './recentReactions';

function memoryStore(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value) };
}

describe('recent reactions', () => {
  it('keeps the newest first, once each, per person', () => {
    const store = memoryStore();
    rememberReaction('u1', '🚀', store);
    rememberReaction('u1', '👀', store);
    rememberReaction('u1', '🚀', store);
    expect(readRecentReactions('u1', store)).toEqual(['🚀', '👀']);
    expect(readRecentReactions('u2', store)).toEqual([]);
  });

  it('offers nothing it cannot trust from storage', () => {
    expect(readRecentReactions('u1', memoryStore({ 'meridian.recentReactions.u1': '{not json' }))).toEqual([]);
    expect(readRecentReactions('u1', memoryStore({ 'meridian.recentReactions.u1': '{"a":1}' }))).toEqual([]);
    expect(readRecentReactions('u1', memoryStore({ 'meridian.recentReactions.u1': JSON.stringify(['🚀', 42, '<img src=x>', 'x'.repeat(40), '', '🚀', '👀']) }))).toEqual(['🚀', '👀']);
  });

  it('the row is the usual four, then up to three recent others', () => {
    const names = quickRow(['👍', '🚀', '👀', '🔥', '✅']).map((reaction) => reaction.name);
    expect(names).toEqual(['thumbs up', 'red heart', 'face with tears of joy', 'party popper', '🚀', '👀', '🔥']);
  });
});
