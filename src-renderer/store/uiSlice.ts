import type { StateCreator } from 'zustand';
import type { AppState } from './appStore';

export type Section = 'chat' | 'calling' | 'meetings';

/** The colour scheme a person chose; `system` follows the operating system's light or dark setting. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const themeChoices: readonly ThemeChoice[] = ['system', 'light', 'dark'];

export interface UiSlice {
  section: Section;
  /** Whether the window has focus: messages seen then count as read; otherwise they notify. */
  windowFocused: boolean;
  theme: ThemeChoice;
  showSection(section: Section): void;
  setWindowFocused(focused: boolean): void;
  setTheme(theme: ThemeChoice): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  section: 'chat',
  windowFocused: typeof document === 'undefined' ? true : document.hasFocus(),
  theme: 'system',
  showSection: (section) => set({ section }),
  setWindowFocused: (windowFocused) => set({ windowFocused }),
  setTheme: (theme) => set({ theme }),
});
