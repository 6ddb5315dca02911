import { describe, expect, it } from 'vitest';
import type { ConversationHistory } from './historiesSlice';
import { refreshHistory } from './histories';
import { messageAt as message } from '../../src-shared/testing/messageAt';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => message(from + index));
const seqs = (history: ConversationHistory) => history.messages.map((candidate) => candidate.seq);
const held = (from: number, to: number, hasMore = true): ConversationHistory => ({ messages: range(from, to), hasMore, hasNewer: false, syncedSeq: to });

describe('opening a conversation again (refreshHistory)', () => {
  it('keeps the first message it holds when the fresh page reaches further back, so the log is not moved', () => {
    const page = { messages: range(151, 200), hasMore: true, hasNewer: false };
    const refreshed = refreshHistory(page, held(176, 200));
    expect(seqs(refreshed)).toEqual(range(176, 200).map((candidate) => candidate.seq));
    expect(refreshed).toMatchObject({ hasMore: true, hasNewer: false, syncedSeq: 200 });
  });

  it('takes the page’s version of what it covers, adds what is newer, and keeps older pages already loaded', () => {
    const page = { messages: [...range(151, 179), message(180, 'edited meanwhile'), ...range(182, 205)], hasMore: true, hasNewer: false };
    const refreshed = refreshHistory(page, held(1, 200, false));
    expect(seqs(refreshed)).toEqual([...range(1, 180), ...range(182, 205)].map((candidate) => candidate.seq));
    expect(refreshed.messages.find((candidate) => candidate.seq === 180)?.text).toBe('edited meanwhile');
    expect(refreshed).toMatchObject({ hasMore: false, syncedSeq: 205 });
  });

  it('keeps live messages that came after the page was read', () => {
    const refreshed = refreshHistory({ messages: range(151, 200), hasMore: true, hasNewer: false }, held(176, 202));
    expect(seqs(refreshed).at(-1)).toBe(202);
    expect(refreshed.syncedSeq).toBe(202);
  });

  it('replaces what is held when the page does not join it, or it was opened far from the newest', () => {
    const page = { messages: range(300, 349), hasMore: true, hasNewer: false };
    expect(seqs(refreshHistory(page, held(176, 200)))).toEqual(range(300, 349).map((candidate) => candidate.seq));
    const farFromNewest = { ...held(50, 150), hasNewer: true };
    expect(seqs(refreshHistory({ messages: range(151, 200), hasMore: true, hasNewer: false }, farFromNewest))).toEqual(range(151, 200).map((candidate) => candidate.seq));
    expect(seqs(refreshHistory({ messages: range(1, 20), hasMore: false, hasNewer: false }, undefined))).toEqual(range(1, 20).map((candidate) => candidate.seq));
  });
});
