/**
 * The renderer's one store, built from slices, each owning one concern (STYLE.md "State in the
 * renderer"); the bridge is the only writer of server events, and side effects such as
 * notifications are the bridge's (../bridge/notifications.ts), never a slice's.
 */
import { create } from 'zustand';
import { createCallsSlice, type CallsSlice } from './callsSlice';
import { createComposerSlice, type ComposerSlice } from './composerSlice';
import { createConversationListSlice, type ConversationListSlice } from './conversationListSlice';
import { createDirectorySlice, type DirectorySlice } from './directorySlice';
import { createDraftsSlice, type DraftsSlice } from './draftsSlice';
import { createMediaDevicesSlice, type MediaDevicesSlice } from './mediaDevicesSlice';
import type { DraftStore } from './draftStorage';
import { createHistoriesSlice, type HistoriesSlice } from './historiesSlice';
import { createMeetingsSlice, type MeetingsSlice } from './meetingsSlice';
import { createMembersSlice, type MembersSlice } from './membersSlice';
import { createMessageSearchSlice, type MessageSearchSlice } from './messageSearchSlice';
import { createPinsSlice, type PinsSlice } from './pinsSlice';
import { createProfileSlice, type ProfileSlice } from './profileSlice';
import { createReactionsSlice, type ReactionsSlice } from './reactionsSlice';
import { createReadStateSlice, type ReadStateSlice } from './readStateSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createThreadsSlice, type ThreadsSlice } from './threadsSlice';
import { createTypingSlice, type TypingSlice } from './typingSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type AppState = SessionSlice &
  DirectorySlice &
  ConversationListSlice &
  HistoriesSlice &
  ReadStateSlice &
  TypingSlice &
  MembersSlice &
  ComposerSlice &
  DraftsSlice &
  UiSlice &
  CallsSlice &
  MeetingsSlice &
  ThreadsSlice &
  MessageSearchSlice &
  ReactionsSlice &
  PinsSlice &
  ProfileSlice &
  MediaDevicesSlice;

/** A store of every slice; tests make their own, with drafts kept in a map of theirs. */
export function createAppStore(draftStore?: DraftStore | null) {
  return create<AppState>()((...args) => ({
    ...createSessionSlice(...args),
    ...createDirectorySlice(...args),
    ...createConversationListSlice(...args),
    ...createHistoriesSlice(...args),
    ...createReadStateSlice(...args),
    ...createTypingSlice(...args),
    ...createMembersSlice(...args),
    ...createComposerSlice(...args),
    ...createDraftsSlice(draftStore)(...args),
    ...createUiSlice(...args),
    ...createCallsSlice(...args),
    ...createMeetingsSlice(...args),
    ...createThreadsSlice(...args),
    ...createMessageSearchSlice(...args),
    ...createReactionsSlice(...args),
    ...createPinsSlice(...args),
    ...createProfileSlice(...args),
    ...createMediaDevicesSlice(...args),
  }));
}

export const useAppStore = createAppStore();
