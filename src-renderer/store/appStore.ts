/** The renderer's one store, built from slices; the bridge is the only writer of server events. */
import { create } from 'zustand';
import { createCallsSlice, type CallsSlice } from './callsSlice';
import { createConversationsSlice, type ConversationsSlice } from './conversationsSlice';
import { createDirectorySlice, type DirectorySlice } from './directorySlice';
import { createDraftsSlice, type DraftsSlice } from './draftsSlice';
import { createMediaDevicesSlice, type MediaDevicesSlice } from './mediaDevicesSlice';
import { createMeetingsSlice, type MeetingsSlice } from './meetingsSlice';
import { createMessageSearchSlice, type MessageSearchSlice } from './messageSearchSlice';
import { createReactionsSlice, type ReactionsSlice } from './reactionsSlice';
import { createReadStateSlice, type ReadStateSlice } from './readStateSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createThreadsSlice, type ThreadsSlice } from './threadsSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type AppState = SessionSlice & DirectorySlice & ConversationsSlice & DraftsSlice & UiSlice & CallsSlice & MeetingsSlice & ThreadsSlice & MessageSearchSlice & ReactionsSlice & ReadStateSlice & MediaDevicesSlice;

export const useAppStore = create<AppState>()((...args) => ({
  ...createSessionSlice(...args),
  ...createDirectorySlice(...args),
  ...createConversationsSlice(...args),
  ...createDraftsSlice()(...args),
  ...createUiSlice(...args),
  ...createCallsSlice(...args),
  ...createMeetingsSlice(...args),
  ...createThreadsSlice(...args),
  ...createMessageSearchSlice(...args),
  ...createReactionsSlice(...args),
  ...createReadStateSlice(...args),
  ...createMediaDevicesSlice(...args),
}));
