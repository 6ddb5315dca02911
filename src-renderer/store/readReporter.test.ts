import { describe, expect, it } from 'vitest';
import { ReadReporter } from './readReporter';

/** A reporter whose sends wait until the test answers them. */
function reporter() {
  const sent: Array<{ conversationId: string; seq: number; answer: () => void }> = [];
  const reads = new ReadReporter((conversationId, seq) => new Promise<void>((resolve) => sent.push({ conversationId, seq, answer: resolve })));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { reads, sent, settle };
}

describe('ReadReporter', () => {
  it('sends one mark at a time per conversation; while one is in flight only the newest waits', async () => {
    const { reads, sent, settle } = reporter();
    reads.report('general', 1);
    for (let seq = 2; seq <= 30; seq++) reads.report('general', seq);
    reads.report('deal-room', 7);
    expect(sent.map(({ conversationId, seq }) => [conversationId, seq])).toEqual([['general', 1], ['deal-room', 7]]);
    expect(reads.unanswered('general')).toBe(30);
    sent[0]!.answer();
    await settle();
    expect(sent.map(({ seq }) => seq)).toEqual([1, 7, 30]);
    sent[2]!.answer();
    sent[1]!.answer();
    await settle();
    expect(reads.unanswered('general')).toBeNull();
    expect(reads.unanswered('deal-room')).toBeNull();
    expect(sent).toHaveLength(3);
  });

  it('never sends a mark behind one already sent', async () => {
    const { reads, sent, settle } = reporter();
    reads.report('general', 5);
    reads.report('general', 3);
    sent[0]!.answer();
    await settle();
    expect(sent.map(({ seq }) => seq)).toEqual([5]);
  });

  it('a failed send does not stop later marks', async () => {
    const attempts: number[] = [];
    const reads = new ReadReporter(async (_conversationId, seq) => {
      attempts.push(seq);
      if (seq === 1) throw new Error('offline');
    });
    reads.report('general', 1);
    reads.report('general', 2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(attempts).toEqual([1, 2]);
  });
});
