/**
 * Whose presence the screen shows now: the other person of every chat in the list, the members
 * of the open conversation, the people in search results, and an open contact card. The bridge
 * watches exactly these (`presence:watch`), so the server tells this client of their changes
 * and of no one else's (SPEC 1 rule 4, where someone is looking).
 */
import { maxWatchedPeople } from '../../src-shared/protocol/directoryProtocol';
import type { AppState } from './appStore';

type ShownState = Pick<AppState, 'conversations' | 'activeConversationId' | 'members' | 'searchResults' | 'openCard' | 'me'>;

/** The ids, most important first (what is open, then the list), at most as many as a client may watch. */
export function selectShownPeople(state: ShownState): string[] {
  const ids = new Set<string>();
  if (state.openCard) ids.add(state.openCard.id);
  for (const member of state.activeConversationId ? (state.members[state.activeConversationId] ?? []) : []) {
    if (member.kind === 'person') ids.add(member.id);
  }
  for (const person of state.searchResults?.people ?? []) ids.add(person.id);
  for (const conversation of state.conversations) {
    if (conversation.peer) ids.add(conversation.peer.id);
  }
  if (state.me) ids.delete(state.me.id);
  return [...ids].slice(0, maxWatchedPeople);
}
