import type { StateCreator } from 'zustand';
import type { AppState } from './appStore';

export type Section = 'chat' | 'calling' | 'meetings';

export interface UiSlice {
  section: Section;
  /** Whether the window has focus: messages seen then count as read; otherwise they notify. */
  windowFocused: boolean;
  showSection(section: Section): void;
  setWindowFocused(focused: boolean): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  section: 'chat',
  windowFocused: typeof document === 'undefined' ? true : document.hasFocus(),
  showSection: (section) => set({ section }),
  setWindowFocused: (windowFocused) => set({ windowFocused }),
});
