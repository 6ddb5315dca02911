import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../src-shared/protocol/ack';
import { typingNoticeIntervalMs } from '../../src-shared/protocol/conversationProtocol';
import { storeHarness } from './testing/storeHarness';
import { typingShownMs } from './typingSlice';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const bella = { kind: 'person' as const, id: 'ct-bella', displayName: 'Bella Martins', accountId: '200200', accountName: 'Contoso Legal', federated: true, photoId: null, title: null, department: null, presence: 'available' as const, statusMessage: null, email: 'bella@contoso.example', phone: null };

describe('typing', () => {
  it('others hear at most once every few seconds while the person types', () => {
    const { store, calls } = storeHarness({ startTyping: async () => ok(null) });
    store.setState({ activeConversationId: 'general' });
    store.getState().noteTyping();
    vi.advanceTimersByTime(1_000);
    store.getState().noteTyping();
    expect(calls('startTyping')).toEqual([[{ conversationId: 'general' }]]);
    vi.advanceTimersByTime(2_100);
    store.getState().noteTyping();
    expect(calls('startTyping')).toHaveLength(2);
  });

  it('typing again right after a send is told as soon as the server passes another notice', () => {
    const { store, calls } = storeHarness({ startTyping: async () => ok(null) });
    store.setState({ activeConversationId: 'general' });
    store.getState().noteTyping();
    store.getState().noteSent();
    store.getState().noteTyping();
    expect(calls('startTyping')).toHaveLength(1);
    vi.advanceTimersByTime(typingNoticeIntervalMs - 1);
    expect(calls('startTyping')).toHaveLength(1);
    vi.advanceTimersByTime(400);
    expect(calls('startTyping')).toHaveLength(2);
  });

  it('`is typing` shows for a while, and goes as soon as their message arrives', () => {
    const { store } = storeHarness();
    store.getState().typingStarted('general', bella);
    expect(store.getState().typing.general).toMatchObject({ name: 'Bella Martins' });
    vi.advanceTimersByTime(typingShownMs + 200);
    expect(store.getState().typing.general).toBeUndefined();
    store.getState().typingStarted('general', bella);
    store.getState().typingStopped('general', 'Carl Jensen');
    expect(store.getState().typing.general).toBeDefined();
    store.getState().typingStopped('general', 'Bella Martins');
    expect(store.getState().typing.general).toBeUndefined();
  });
});
