import type { StateCreator } from 'zustand';
import type { AppState } from './appStore';

export type Section = 'chat' | 'calling' | 'meetings';

/** What the Chat section shows in place of a conversation: the Threads or the Mentions view (SPEC 9). */
export type ChatPane = 'threads' | 'mentions';

/** The colour scheme a person chose; `system` follows the operating system's light or dark setting. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const themeChoices: readonly ThemeChoice[] = ['system', 'light', 'dark'];

export interface EditingMessage {
  messageId: string;
  inThread: boolean;
  fromBox: boolean;
}

export interface UiSlice {
  section: Section;
  /** Whether the window has focus: messages seen then count as read; otherwise they notify. */
  windowFocused: boolean;
  theme: ThemeChoice;
  /**
   * The `Message` box of this conversation is to take focus once it is on screen (SPEC 9: after
   * `Start chat`, `Create`, a search result, a message result or a conversation chosen). Made
   * when the person chose where to go; taken back once the box has focus.
   */
  composerFocus: { conversationId: string } | null;
  /** How many such requests were made: a dialog that closes after one leaves focus to the box, not to its opener. */
  composerFocusRequests: number;
  requestComposerFocus(conversationId: string): void;
  composerFocused(): void;
  /**
   * The message being edited in place, one at a time: in the log or in its thread (a thread's first
   * message shows in both); `fromBox` when Up arrow in an empty `Message` or `Reply` box began it
   * (SPEC 9), so focus goes back there after.
   */
  editing: EditingMessage | null;
  setEditing(editing: EditingMessage | null): void;
  /** The conversation list shows only what is unread (SPEC 9 `Unread only`). */
  unreadOnly: boolean;
  setUnreadOnly(unreadOnly: boolean): void;
  /** The view shown in the Chat section instead of the open conversation, if any. */
  chatPane: ChatPane | null;
  showChatPane(pane: ChatPane | null): void;
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
  unreadOnly: false,
  editing: null,
  setEditing: (editing) => set({ editing }),
  setUnreadOnly: (unreadOnly) => set({ unreadOnly }),
  chatPane: null,
  showChatPane: (chatPane) => set({ chatPane }),
  composerFocus: null,
  composerFocusRequests: 0,
  requestComposerFocus: (conversationId) => set((state) => ({ composerFocus: { conversationId }, composerFocusRequests: state.composerFocusRequests + 1 })),
  composerFocused: () => set({ composerFocus: null }),
  pendingUpdate: null,
  minimizedLive: null,
  showSection: (section) => set({ section }),
  setWindowFocused: (windowFocused) => set({ windowFocused }),
  setTheme: (theme) => set({ theme }),
  offerUpdate: (apply) => set({ pendingUpdate: apply }),
  minimizeLive: (key) => set({ minimizedLive: key }),
});
