/**
 * The basic seed (src-shared/testing/federation-basic.json) with one more message in deal-room,
 * named `m-plan`: Bella mentions Alice and Bob, and all three have reacted. Alice and Bob do not
 * see each other, so each shows to the other as UNKNOWN USER, in the reactions and the mention.
 *
 *   const server = await startTestServer(richSeed());
 */
import { basicSeed } from './testServer';

/** The id of the message `richSeed` adds. */
export const planMessageId = 'm-plan';

export function richSeed() {
  const seed = basicSeed() as ReturnType<typeof basicSeed> & { messages: Array<Record<string, unknown>> };
  seed.messages.push({
    id: planMessageId,
    channel: 'ch-ct-deal',
    from: 'ct-bella',
    text: 'Plan for Thursday: <@nw-alice> reviews, <@fb-bob> drafts.',
    at: '2026-11-20T15:20:00Z',
    reactions: { '👍': ['fb-bob', 'nw-alice'], '🎉': ['ct-bella'] },
  });
  return seed;
}
