/**
 * The person's own profile (SPEC 9 `Profile`): name, title, department and photo, saved on the
 * server, which checks them and tells everyone who sees the person; `me` follows the answer.
 */
import type { StateCreator } from 'zustand';
import type { Ack } from '../../src-shared/protocol/ack';
import type { ContactCard } from '../../src-shared/protocol/model';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';

export interface ProfileSlice {
  /** Each returns an error message, or null when done. */
  saveProfile(profile: { displayName: string; title: string; department: string }): Promise<string | null>;
  changePhoto(photo: { contentType: string; bytes: ArrayBuffer }): Promise<string | null>;
  removePhoto(): Promise<string | null>;
}

export const createProfileSlice: StateCreator<AppState, [], [], ProfileSlice> = (set, get) => {
  const apply = (result: Ack<ContactCard>): string | null => {
    if (!result.ok) return result.error.message;
    const me = get().me;
    if (me && me.id === result.data.id) set({ me: result.data });
    return null;
  };
  return {
    async saveProfile({ displayName, title, department }) {
      return apply(await getApi().updateProfile({ displayName, title: title.trim() || null, department: department.trim() || null }));
    },
    async changePhoto(photo) {
      return apply(await getApi().uploadPhoto(photo));
    },
    async removePhoto() {
      return apply(await getApi().removePhoto());
    },
  };
};
