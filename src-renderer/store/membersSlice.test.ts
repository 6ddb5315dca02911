import { describe, expect, it } from 'vitest';
import { ok } from '../../src-shared/protocol/ack';
import type { PersonRef } from '../../src-shared/protocol/model';
import { storeHarness } from './testing/storeHarness';

const bella: PersonRef = { kind: 'person', id: 'ct-bella', displayName: 'Bella Martins', accountId: '200200', accountName: 'Contoso Legal', federated: true, photoId: null, title: null, department: null, presence: 'away', statusMessage: 'In court', email: 'bella@contoso.example', phone: null };
const unknown: PersonRef = { kind: 'unknown', displayName: 'UNKNOWN USER', token: 't1', number: 1 };

describe('members', () => {
  it('keeps each channel’s members as the viewer sees them, and follows their presence', async () => {
    const { store } = storeHarness({ getChannelMembers: async () => ok([bella, unknown]) });
    await store.getState().loadMembers('deal-room');
    expect(store.getState().members['deal-room']).toEqual([bella, unknown]);
    store.getState().memberPersonChanged({ ...(bella as Extract<PersonRef, { kind: 'person' }>), presence: 'available', statusMessage: null });
    expect(store.getState().members['deal-room']![0]).toMatchObject({ presence: 'available', statusMessage: null });
    expect(store.getState().members['deal-room']![1]).toBe(unknown);
  });

  it('an invitation gives the new list, or says why not', async () => {
    let refuse = false;
    const { store } = storeHarness({
      inviteToChannel: async () => (refuse ? { ok: false, error: { code: 'forbidden', message: 'You can invite only people in your directory.' } } : ok([bella])),
    });
    expect(await store.getState().inviteToChannel('deal-room', ['ct-bella'])).toBeNull();
    expect(store.getState().members['deal-room']).toEqual([bella]);
    refuse = true;
    expect(await store.getState().inviteToChannel('deal-room', ['fb-bob'])).toBe('You can invite only people in your directory.');
    expect(store.getState().members['deal-room']).toEqual([bella]);
  });
});
