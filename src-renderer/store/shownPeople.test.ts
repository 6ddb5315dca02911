import { describe, expect, it } from 'vitest';
import type { ContactCard, ConversationSummary, PersonRef, PersonSummary } from '../../src-shared/protocol/model';
import { selectShownPeople } from './shownPeople';

const person = (id: string): PersonSummary => ({ kind: 'person', id, displayName: id, title: null, department: null, accountId: 'a', accountName: 'A', federated: false, photoId: null, presence: 'available', statusMessage: null, email: `${id}@x`, phone: null });
const chat = (peer: string): ConversationSummary => ({ id: `c-${peer}`, kind: 'direct', title: peer, peer: person(peer) }) as ConversationSummary;
const channel = (id: string): ConversationSummary => ({ id, kind: 'channel', title: id, peer: null }) as ConversationSummary;

describe('the people the screen shows', () => {
  const base = { conversations: [chat('bella'), channel('ch-1'), chat('brian')], activeConversationId: null, members: {}, searchResults: null, openCard: null, me: { ...person('alice'), mobile: null, extension: null, timeZone: null } as ContactCard };

  it('are the chat peers of the list, and not the signed-in person', () => {
    expect(selectShownPeople(base)).toEqual(['bella', 'brian']);
  });

  it('add the open card, the open channel’s members (not unknown ones, not other channels’) and search results, most important first', () => {
    const members: Record<string, PersonRef[]> = {
      'ch-1': [person('carl'), { kind: 'unknown', displayName: 'UNKNOWN USER', token: 't', number: 1 }, person('alice')],
      'ch-2': [person('dana')],
    };
    const shown = selectShownPeople({ ...base, activeConversationId: 'ch-1', members, searchResults: { query: 'e', people: [{ ...person('erin'), matchedNumber: null }, { ...person('bella'), matchedNumber: null }], channels: [] }, openCard: { ...person('frank'), mobile: null, extension: null, timeZone: null } });
    expect(shown).toEqual(['frank', 'carl', 'erin', 'bella', 'brian']);
  });

  it('are at most as many as a client may watch', () => {
    const many = Array.from({ length: 700 }, (_, index) => chat(`p${index}`));
    expect(selectShownPeople({ ...base, conversations: many })).toHaveLength(500);
  });
});
