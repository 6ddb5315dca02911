import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../src-shared/protocol/ack';
import type { PersonSummary } from '../../src-shared/protocol/model';
import { conversation, me, message, page, storeHarness } from './testing/storeHarness';

describe('profile', () => {
  it('saves name, title and department (empty ones as none), and `me` follows the server’s answer', async () => {
    const { store, calls } = storeHarness({ updateProfile: async (payload) => ok({ ...me(), displayName: payload.displayName, title: payload.title ?? null, department: payload.department ?? null }) });
    expect(await store.getState().saveProfile({ displayName: 'Alice N.', title: '  ', department: 'Cardiology' })).toBeNull();
    expect(calls('updateProfile')).toEqual([[{ displayName: 'Alice N.', title: null, department: 'Cardiology' }]]);
    expect(store.getState().me).toMatchObject({ displayName: 'Alice N.', title: null, department: 'Cardiology' });
  });

  it('a refusal is said, and nothing changes', async () => {
    const { store } = storeHarness({ updateProfile: async () => fail('bad_request', '"Unknown User" reads as UNKNOWN USER') });
    expect(await store.getState().saveProfile({ displayName: 'Unknown User', title: '', department: '' })).toContain('reads as UNKNOWN USER');
    expect(store.getState().me).toEqual(me());
  });

  it('a new photo and its removal show on `me`', async () => {
    const { store } = storeHarness({ uploadPhoto: async () => ok({ ...me(), photoId: 'p-1' }), removePhoto: async () => ok(me()) });
    expect(await store.getState().changePhoto({ contentType: 'image/png', bytes: new ArrayBuffer(8) })).toBeNull();
    expect(store.getState().me?.photoId).toBe('p-1');
    expect(await store.getState().removePhoto()).toBeNull();
    expect(store.getState().me?.photoId).toBeNull();
  });
});

describe('a person who changed their profile (person:changed)', () => {
  const bella: PersonSummary = { kind: 'person', id: 'ct-bella', displayName: 'Bella Martins-Reyes', accountId: '200200', accountName: 'Contoso Legal', federated: true, photoId: 'p-9', title: 'General Counsel', department: 'Legal', presence: 'available', statusMessage: null, email: 'bella@contoso.example', phone: null };

  it('renames her direct chat and her messages already on screen, and leaves everyone else’s as they were', async () => {
    const { store } = storeHarness({ listConversations: async () => page([conversation('chat', { kind: 'direct', title: 'Bella Martins', peer: { ...bella, displayName: 'Bella Martins', photoId: null } })]) });
    await store.getState().loadConversations();
    const hers = message('chat', 1, { author: { kind: 'person', id: 'ct-bella', displayName: 'Bella Martins', accountId: '200200', accountName: 'Contoso Legal', federated: true, photoId: null } });
    const brians = message('chat', 2);
    store.setState({ histories: { chat: { messages: [hers, brians], syncedSeq: 2, hasMore: false, hasNewer: false } } });
    store.getState().conversationPersonChanged(bella);
    store.getState().authorChanged(bella);
    expect(store.getState().conversations[0]).toMatchObject({ title: 'Bella Martins-Reyes', peer: { photoId: 'p-9', title: 'General Counsel' } });
    const [first, second] = store.getState().histories.chat!.messages;
    expect(first!.author).toMatchObject({ displayName: 'Bella Martins-Reyes', photoId: 'p-9' });
    expect(second).toBe(brians);
  });
});
