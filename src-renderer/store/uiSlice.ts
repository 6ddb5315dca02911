import type { StateCreator } from 'zustand';
import type { AppState } from './appStore';

export type Section = 'chat' | 'calling' | 'meetings';

export interface UiSlice {
  section: Section;
  showSection(section: Section): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  section: 'chat',
  showSection: (section) => set({ section }),
});
