import { describe, expect, it } from 'vitest';
import { ok } from '../../src-shared/protocol/ack';
import { conversation, page, storeHarness } from './testing/storeHarness';

const chatWithBella = conversation('dm-bella', { kind: 'direct', title: 'Bella Martins', lastMessageAt: '2026-11-20T15:10:00Z' });
const general = conversation('general', { lastMessageAt: '2026-11-20T15:00:00Z' });
const quiet = conversation('quiet');

describe('conversation list', () => {
  it('lists every conversation, most recent activity first, those without messages by title', async () => {
    const { store } = storeHarness({ listConversations: async () => page([quiet, general, chatWithBella]) });
    await store.getState().loadConversations();
    expect(store.getState().conversations.map((candidate) => candidate.id)).toEqual(['dm-bella', 'general', 'quiet']);
    expect(store.getState().conversationsStatus).toBe('loaded');
  });

  it('says when chats went with a federation change, and stops saying it when they come back', async () => {
    let lists = [[general, chatWithBella], [general], [general, chatWithBella]];
    const { store } = storeHarness({ listConversations: async () => page(lists.shift()!) });
    await store.getState().loadConversations();
    store.setState({ activeConversationId: 'dm-bella' });
    await store.getState().loadConversations();
    expect(store.getState().notice).toBe('A chat was removed because a federation changed.');
    expect(store.getState().activeConversationId).toBeNull();
    await store.getState().loadConversations();
    expect(store.getState().notice).toBeNull();
    lists = [];
  });

  it('a refused list says so only when none was loaded before', async () => {
    const { store } = storeHarness();
    await store.getState().loadConversations();
    expect(store.getState().conversationsStatus).toBe('failed');
  });

  it('a channel created goes to the top of the list and opens', async () => {
    const created = conversation('new-channel', { title: 'launch' });
    const { store, calls } = storeHarness({
      listConversations: async () => page([general]),
      createChannel: async () => ok(created),
      getHistory: async ({ conversationId }) => ok({ conversationId, messages: [], hasMore: false }),
      getChannelMembers: async () => ok([]),
    });
    await store.getState().loadConversations();
    expect(await store.getState().createChannel({ name: 'launch', visibility: 'public', memberIds: [] })).toBeNull();
    expect(store.getState().conversations.map((candidate) => candidate.id)).toEqual(['new-channel', 'general']);
    expect(store.getState().activeConversationId).toBe('new-channel');
    expect(calls('getHistory')).toEqual([[{ conversationId: 'new-channel' }]]);
  });

  it('leaving the open channel takes it from the list and closes it; a refusal says why', async () => {
    let refuse = false;
    const { store } = storeHarness({
      listConversations: async () => page([general, quiet]),
      leaveChannel: async () => (refuse ? { ok: false, error: { code: 'not_found', message: 'This conversation is not available to you.' } } : ok(null)),
    });
    await store.getState().loadConversations();
    store.setState({ activeConversationId: 'general' });
    await store.getState().leaveChannel('general');
    expect(store.getState().conversations.map((candidate) => candidate.id)).toEqual(['quiet']);
    expect(store.getState().activeConversationId).toBeNull();
    refuse = true;
    await store.getState().leaveChannel('quiet');
    expect(store.getState().chatError).toBe('This conversation is not available to you.');
    expect(store.getState().conversations).toHaveLength(1);
  });

  it('a chat peer’s presence follows them; sign-out forgets everything', async () => {
    const peer = { kind: 'person' as const, id: 'ct-bella', displayName: 'Bella Martins', accountId: '200200', accountName: 'Contoso Legal', federated: true, photoId: null, title: null, department: null, presence: 'away' as const, statusMessage: 'In court', email: 'bella@contoso.example', phone: null };
    const { store } = storeHarness({ listConversations: async () => page([{ ...chatWithBella, peer }]) });
    await store.getState().loadConversations();
    store.getState().conversationPersonChanged({ ...peer, presence: 'available', statusMessage: null });
    expect(store.getState().conversations[0]!.peer).toMatchObject({ presence: 'available', statusMessage: null });
    store.setState({ activeConversationId: 'dm-bella', readMarkers: { 'dm-bella': 3 }, typing: { 'dm-bella': { name: 'Bella', until: 0 } } });
    store.getState().resetConversations();
    expect(store.getState()).toMatchObject({ conversations: [], activeConversationId: null, readMarkers: {}, typing: {}, histories: {}, members: {}, conversationsStatus: 'loading' });
  });
});
