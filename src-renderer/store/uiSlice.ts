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
  /** A new version of the browser build is waiting: calling this reloads onto it (features/install). */
  pendingUpdate: (() => void) | null;
  /** The call or meeting (`selectLiveKey`) a phone's person put away from full screen; a new one fills the screen again. */
  minimizedLive: string | null;
  showSection(section: Section): void;
  setWindowFocused(focused: boolean): void;
  setTheme(theme: ThemeChoice): void;
  offerUpdate(apply: () => void): void;
  /** Puts this call or meeting away from full screen (a phone), or null to bring it back. */
  minimizeLive(key: string | null): void;
}

/** The call and meeting under way, as one key, or null when there is neither. */
export const selectLiveKey = (state: AppState): string | null =>
  state.currentCall !== null || state.currentMeetingId !== null ? `${state.currentCall?.id ?? ''}|${state.currentMeetingId ?? ''}` : null;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  section: 'chat',
  windowFocused: typeof document === 'undefined' ? true : document.hasFocus(),
  theme: 'system',
  pendingUpdate: null,
  minimizedLive: null,
  showSection: (section) => set({ section }),
  setWindowFocused: (windowFocused) => set({ windowFocused }),
  setTheme: (theme) => set({ theme }),
  offerUpdate: (apply) => set({ pendingUpdate: apply }),
  minimizeLive: (key) => set({ minimizedLive: key }),
});
