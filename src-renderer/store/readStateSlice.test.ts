import { describe, expect, it } from 'vitest';
import { ok } from '../../src-shared/protocol/ack';
import { conversation, message, page, settle, storeHarness } from './testing/storeHarness';

/** Alice's general, 3 unread, open with its messages loaded. */
async function openGeneral(answerMarks: 'at once' | 'later' = 'at once') {
  const answers: Array<() => void> = [];
  const harness = storeHarness({
    listConversations: async () => page([conversation('general', { lastSeq: 3, lastReadSeq: 0, unreadCount: 3, unreadMentions: 1 })]),
    markRead: () => (answerMarks === 'at once' ? Promise.resolve(ok(null)) : new Promise((resolve) => answers.push(() => resolve(ok(null))))),
  });
  await harness.store.getState().loadConversations();
  harness.store.setState({ activeConversationId: 'general', histories: { general: { messages: [1, 2, 3].map((seq) => message('general', seq)), syncedSeq: 3, hasMore: false, hasNewer: false } } });
  return { ...harness, answers };
}
const general = (state: { conversations: Array<{ id: string }> }) => state.conversations.find((candidate) => candidate.id === 'general');

describe('read state', () => {
  it('the open conversation is read once its newest message is on screen, with the window focused', async () => {
    const { store, calls } = await openGeneral();
    store.getState().markActiveRead();
    expect(calls('markRead')).toEqual([]);
    store.getState().setLogAtLatest(true);
    store.setState({ windowFocused: false });
    store.getState().markActiveRead();
    expect(calls('markRead')).toEqual([]);
    store.setState({ windowFocused: true });
    store.getState().markActiveRead();
    expect(general(store.getState())).toMatchObject({ unreadCount: 0, unreadMentions: 0, lastReadSeq: 3 });
    expect(calls('markRead')).toEqual([[{ conversationId: 'general', seq: 3 }]]);
    // The divider stays where the reading began.
    expect(store.getState().readMarkers).toEqual({ general: 0 });
    // Read already: nothing more to say.
    store.getState().markActiveRead();
    expect(calls('markRead')).toHaveLength(1);
  });

  it('not while newer messages are still to load', async () => {
    const { store, calls } = await openGeneral();
    store.setState({ logAtLatest: true, histories: { general: { ...store.getState().histories.general!, hasNewer: true } } });
    store.getState().markActiveRead();
    expect(calls('markRead')).toEqual([]);
  });

  it('messages read as they arrive are told one mark at a time, the newest waiting', async () => {
    const { store, calls, answers } = await openGeneral('later');
    store.setState({ logAtLatest: true });
    for (let seq = 4; seq <= 10; seq++) {
      store.getState().messageReceived(message('general', seq));
      store.getState().markActiveRead();
    }
    expect(calls('markRead')).toEqual([[{ conversationId: 'general', seq: 4 }]]);
    answers.shift()!();
    await settle();
    expect(calls('markRead').map(([mark]) => (mark as { seq: number }).seq)).toEqual([4, 10]);
    expect(general(store.getState())).toMatchObject({ unreadCount: 0, lastReadSeq: 10 });
  });

  it('what another client of the person read shows here; an older mark than this client’s own waiting one does not', async () => {
    const { store, answers } = await openGeneral('later');
    store.getState().readChanged({ conversationId: 'general', lastReadSeq: 2, unreadCount: 1, unreadMentions: 0 });
    expect(general(store.getState())).toMatchObject({ lastReadSeq: 2, unreadCount: 1, unreadMentions: 0 });
    store.setState({ logAtLatest: true });
    store.getState().markActiveRead();
    // Its own mark (3) is on its way: the server's word about 2 is already out of date.
    store.getState().readChanged({ conversationId: 'general', lastReadSeq: 2, unreadCount: 1, unreadMentions: 0 });
    expect(general(store.getState())).toMatchObject({ lastReadSeq: 3, unreadCount: 0 });
    answers.shift()!();
    await settle();
    store.getState().readChanged({ conversationId: 'general', lastReadSeq: 1, unreadCount: 2, unreadMentions: 0 });
    expect(general(store.getState())).toMatchObject({ lastReadSeq: 1, unreadCount: 2 });
  });
});
