import { describe, expect, it } from 'vitest';
import { ok } from '../../src-shared/protocol/ack';
import type { ThreadListItem } from '../../src-shared/protocol/threadProtocol';
import { selectUnreadThreadCount } from './threadsSlice';
import { message, settle, storeHarness } from './testing/storeHarness';

const item = (rootId: string, unreadReplies: number): ThreadListItem => ({
  root: message('deal-room', 1, { id: rootId, thread: { replyCount: 2, lastReplyAt: '2026-11-20T15:32:00Z' } }),
  conversation: { id: 'deal-room', kind: 'channel', title: 'deal-room' },
  unreadReplies,
});

describe('threads the person is in', () => {
  it('counts the threads with unread replies, adds a reply that arrives, and takes what another client read', async () => {
    const { store } = storeHarness({ listThreads: async () => ok({ items: [item('t1', 2), item('t2', 0)], nextCursor: null }) });
    await store.getState().loadThreadList();
    expect(selectUnreadThreadCount(store.getState())).toBe(1);
    store.getState().threadReplied(message('deal-room', 5, { threadId: 't2' }));
    expect(store.getState().threadUnread).toEqual({ t1: { conversationId: 'deal-room', count: 2 }, t2: { conversationId: 'deal-room', count: 1 } });
    // One's own reply (from another client) is not news.
    store.getState().threadReplied(message('deal-room', 6, { threadId: 't1', author: { kind: 'person', id: 'nw-alice', displayName: 'Alice Nguyen', accountId: '100100', accountName: 'Northwind Health', federated: false, photoId: null } }));
    expect(store.getState().threadUnread.t1?.count).toBe(2);
    store.getState().threadReadChanged({ conversationId: 'deal-room', rootId: 't1', lastReadSeq: 6, unreadReplies: 0 });
    expect(selectUnreadThreadCount(store.getState())).toBe(1);
    expect(store.getState().threadList.items.find((candidate) => candidate.root.id === 't1')?.unreadReplies).toBe(0);
  });

  it('the open thread, with the window focused and its replies loaded, is read up to its newest reply', async () => {
    const { store, calls } = storeHarness({
      listThreads: async () => ok({ items: [item('t1', 2)], nextCursor: null }),
      markThreadRead: async () => ok(null),
      getThread: async () => ok({ root: item('t1', 0).root, replies: [message('deal-room', 2, { threadId: 't1' }), message('deal-room', 3, { threadId: 't1' })], hasMore: false }),
    });
    await store.getState().loadThreadList();
    await store.getState().openThreadOf('deal-room', 't1');
    store.setState({ windowFocused: false });
    store.getState().markOpenThreadRead();
    expect(calls('markThreadRead')).toEqual([]);
    store.setState({ windowFocused: true });
    store.getState().markOpenThreadRead();
    await settle();
    expect(calls('markThreadRead')).toEqual([[{ messageId: 't1', seq: 3 }]]);
    expect(selectUnreadThreadCount(store.getState())).toBe(0);
  });
});
