/** The members of channels and group chats the person opened, each as the person may see them (a name, or UNKNOWN USER). */
import type { StateCreator } from 'zustand';
import type { PersonRef, PersonSummary } from '../../src-shared/protocol/model';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';

export interface MembersSlice {
  members: Record<string, PersonRef[]>;
  /** Fetches a channel's (or group chat's) members. */
  loadMembers(channelId: string): Promise<void>;
  /** `confirmSplit`: the person confirmed that some members will not see each other (SPEC 1 rule 6). An error message, or null. */
  inviteToChannel(channelId: string, userIds: string[], confirmSplit?: boolean): Promise<string | null>;
  /** A person's presence changed: their entry in every member list follows. */
  memberPersonChanged(person: PersonSummary): void;
  resetMembers(): void;
}

export const createMembersSlice: StateCreator<AppState, [], [], MembersSlice> = (set) => ({
  members: {},

  async loadMembers(channelId) {
    const members = await getApi().getChannelMembers({ channelId });
    if (members.ok) set((state) => ({ members: { ...state.members, [channelId]: members.data } }));
  },

  async inviteToChannel(channelId, userIds, confirmSplit) {
    const result = await getApi().inviteToChannel({ channelId, userIds, confirmSplit });
    if (!result.ok) return result.error.message;
    set((state) => ({ members: { ...state.members, [channelId]: result.data } }));
    return null;
  },

  memberPersonChanged(person) {
    set((state) => {
      let members = state.members;
      for (const [channelId, list] of Object.entries(state.members)) {
        if (!list.some((member) => member.kind === 'person' && member.id === person.id)) continue;
        members = { ...members, [channelId]: list.map((member) => (member.kind === 'person' && member.id === person.id ? { ...member, ...person } : member)) };
      }
      return members === state.members ? state : { members };
    });
  },

  resetMembers() {
    set({ members: {} });
  },
});

