import { describe, expect, it } from 'vitest';
import { ok } from '../protocol/ack';
import type { MessageView } from '../protocol/model';
import { applyMissed, fetchMissed, mergeMessages, receiveMessage } from './catchUp';
import { messageAt as message } from '../testing/messageAt';

const seqs = (messages: MessageView[]) => messages.map((candidate) => candidate.seq);

describe('catching up', () => {
  it('merges by id in sequence order, each message once', () => {
    expect(seqs(mergeMessages([message(1), message(3)], [message(2), message(3)]))).toEqual([1, 2, 3]);
  });

  it('notices a gap when a live message skips ahead, and stays complete only up to before it', () => {
    const next = receiveMessage({ messages: [message(1)], syncedSeq: 1 }, message(2));
    expect(next).toMatchObject({ syncedSeq: 2, gap: false });
    const skipped = receiveMessage(next, message(5));
    expect(skipped).toMatchObject({ syncedSeq: 2, gap: true });
    expect(seqs(applyMissed(skipped, [message(3), message(4), message(5)]).messages)).toEqual([1, 2, 3, 4, 5]);
  });

  it('fetches page after page from the last complete sequence number', async () => {
    const asked: number[] = [];
    const missed = await fetchMissed(
      async ({ afterSeq }) => {
        asked.push(afterSeq);
        const page = [afterSeq + 1, afterSeq + 2].filter((seq) => seq <= 5).map((seq) => message(seq));
        return ok({ conversationId: 'c', messages: page, hasMore: afterSeq + 2 < 5 });
      },
      'c',
      1,
    );
    expect(asked).toEqual([1, 3]);
    expect(seqs(missed!)).toEqual([2, 3, 4, 5]);
  });
});
