import { describe, expect, it } from 'vitest';
import { ok } from '../../src-shared/protocol/ack';
import { conversation, message, page, settle, storeHarness } from './testing/storeHarness';

describe('histories', () => {
  it('a conversation with unread messages opens just before the first of them, with its divider; else at the newest', async () => {
    const { store, calls } = storeHarness({
      listConversations: async () => page([conversation('general', { lastSeq: 30, lastReadSeq: 25, unreadCount: 5 }), conversation('quiet', { lastSeq: 2, lastReadSeq: 2 })]),
      getHistory: async (request) => ok({ conversationId: request.conversationId, messages: request.afterSeq !== undefined ? [message(request.conversationId, 26)] : [message(request.conversationId, 25)], hasMore: false }),
      getChannelMembers: async () => ok([]),
    });
    await store.getState().loadConversations();
    await store.getState().openConversation('general');
    expect(calls('getHistory')).toEqual([[{ conversationId: 'general', beforeSeq: 26, limit: 20 }], [{ conversationId: 'general', afterSeq: 25, limit: 100 }]]);
    expect(store.getState().histories.general!.messages.map((candidate) => candidate.seq)).toEqual([25, 26]);
    expect(store.getState().readMarkers).toEqual({ general: 25 });
    await store.getState().openConversation('quiet');
    expect(calls('getHistory').at(-1)).toEqual([{ conversationId: 'quiet' }]);
    expect(store.getState().readMarkers).toEqual({ general: 25 });
  });

  it('a message that arrives counts as unread unless the person sees the newest messages of its conversation', async () => {
    const { store } = storeHarness({ listConversations: async () => page([conversation('general', { lastSeq: 1 }), conversation('quiet', { lastSeq: 1 })]) });
    await store.getState().loadConversations();
    store.setState({ activeConversationId: 'general', histories: { general: { messages: [message('general', 1)], syncedSeq: 1, hasMore: false, hasNewer: false } }, logAtLatest: true });
    store.getState().messageReceived(message('general', 2));
    store.getState().messageReceived(message('quiet', 2));
    const [general, quiet] = ['general', 'quiet'].map((id) => store.getState().conversations.find((candidate) => candidate.id === id)!);
    expect(general).toMatchObject({ lastSeq: 2, unreadCount: 0 });
    expect(quiet).toMatchObject({ lastSeq: 2, unreadCount: 1 });
    expect(store.getState().histories.general!.messages.map((candidate) => candidate.seq)).toEqual([1, 2]);
    // Scrolled up, it counts.
    store.setState({ logAtLatest: false });
    store.getState().messageReceived(message('general', 3));
    expect(store.getState().conversations.find((candidate) => candidate.id === 'general')).toMatchObject({ unreadCount: 1 });
    // One's own, a quiet notice and a thread reply never count.
    store.getState().messageReceived(message('quiet', 3, { author: { kind: 'person', id: 'nw-alice', displayName: 'Alice Nguyen', accountId: '100100', accountName: 'Northwind Health', federated: false, photoId: null } }));
    store.getState().messageReceived(message('quiet', 4, { notice: { kind: 'joined' } }));
    store.getState().messageReceived(message('quiet', 5, { threadId: 'quiet-m2' }));
    expect(store.getState().conversations.find((candidate) => candidate.id === 'quiet')).toMatchObject({ lastSeq: 5, unreadCount: 1 });
  });

  it('a message that skips ahead fetches what was missed in between', async () => {
    const { store, calls } = storeHarness({
      listConversations: async () => page([conversation('general', { lastSeq: 1 })]),
      getHistory: async (request) => ok({ conversationId: request.conversationId, messages: [message('general', 2), message('general', 3)], hasMore: false }),
    });
    await store.getState().loadConversations();
    store.setState({ histories: { general: { messages: [message('general', 1)], syncedSeq: 1, hasMore: false, hasNewer: false } } });
    store.getState().messageReceived(message('general', 3));
    await settle();
    await settle();
    expect(calls('getHistory')[0]).toEqual([{ conversationId: 'general', afterSeq: 1 }]);
    expect(store.getState().histories.general!.messages.map((candidate) => candidate.seq)).toEqual([1, 2, 3]);
  });

  it('an edit replaces the message; a deletion takes it away', async () => {
    const { store } = storeHarness();
    store.setState({ histories: { general: { messages: [message('general', 1), message('general', 2)], syncedSeq: 2, hasMore: false, hasNewer: false } } });
    store.getState().messageUpdated(message('general', 1, { text: 'edited', editedAt: '2026-11-20T16:00:00Z' }));
    store.getState().messageDeleted('general', 'general-m2');
    expect(store.getState().histories.general!.messages.map((candidate) => candidate.text)).toEqual(['edited']);
  });
});
