/** Writes what the session pushes (connection state, server events) into the store. */
import type { MeridianApi } from '../../src-shared/protocol/api';
import { callMedia } from '../features/calling/callMedia';
import { connectMeetingMedia, meetingMediaOffered, meetingMeshSignalled, meetingStreamsChanged } from '../features/meetings/meetingMediaController';
import { notificationClicked } from '../features/shell/notify';
import { forgetPhotos } from '../features/people/photos';
import { useAppStore } from '../store/appStore';
import { selectTotalUnread } from '../store/conversationListSlice';
import { notifyOf } from './notifications';
import { selectShownPeople } from '../store/shownPeople';
import { readLastConversation, writeLastConversation } from '../store/lastConversation';
import { parseRoute } from '../features/panes/appRoute';

export function connectStore(api: MeridianApi): () => void {
  const store = useAppStore.getState;
  const unsubscribers = [
    api.onConnectionChanged((state) => store().connectionChanged(state)),
    api.onOutboxChanged((entries) => store().outboxChanged(entries)),
    api.onNotificationClicked((tag) => notificationClicked(tag)),
    api.onServerEvent((event) => {
      switch (event.type) {
        case 'presence:changed':
          for (const person of event.payload.people) {
            store().personChanged(person);
            store().ownPersonChanged(person);
            store().conversationPersonChanged(person);
          }
          break;
        case 'person:changed': {
          // A profile change (name, title, department, photo) of someone the viewer sees, or their own.
          const { person } = event.payload;
          store().personChanged(person);
          store().ownPersonChanged(person);
          store().conversationPersonChanged(person);
          store().authorChanged(person);
          // A group chat titled by their name hears conversation:changed from the server (their group chats' members only).
          break;
        }
        case 'directory:changed':
          void store().directoryChanged();
          void store().conversationsStale();
          void store().callsStale();
          void store().meetingsStale();
          break;
        case 'message:created':
          store().messageReceived(event.payload.message);
          break;
        case 'message:updated':
          store().messageUpdated(event.payload.message);
          break;
        case 'message:deleted':
          store().messageDeleted(event.payload.conversationId, event.payload.messageId);
          store().pinnedMessageDeleted(event.payload.conversationId, event.payload.messageId);
          break;
        case 'conversation:pinsChanged':
          store().pinsChanged(event.payload.conversationId);
          break;
        case 'reaction:changed':
          store().reactionsChanged(event.payload);
          break;
        case 'mention:received':
          store().mentionReceived(event.payload.message);
          break;
        case 'conversation:readChanged':
          store().readChanged(event.payload);
          break;
        case 'conversation:settingsChanged':
          store().conversationSettingsChanged(event.payload);
          break;
        case 'conversation:changed':
          void store().conversationChanged(event.payload.conversationId);
          break;
        case 'thread:replied':
          // Heard by the people of the thread: it counts until read, and notifies them (notifyOf, below).
          store().threadReplied(event.payload.message);
          break;
        case 'thread:readChanged':
          store().threadReadChanged(event.payload);
          break;
        case 'typing:started':
          store().typingStarted(event.payload.conversationId, event.payload.person);
          break;
        case 'call:ringing':
          store().callRinging(event.payload.call);
          break;
        case 'call:updated':
          store().callUpdated(event.payload.call);
          break;
        case 'call:signal':
          callMedia.signalReceived(event.payload.callId, event.payload.signal);
          break;
        case 'call:recorded':
          store().callRecorded(event.payload.record);
          break;
        case 'voicemail:received':
          store().voicemailReceived(event.payload.voicemail);
          break;
        case 'voicemail:updated':
          store().voicemailUpdated(event.payload.voicemail);
          break;
        case 'voicemail:deleted':
          store().voicemailDeleted(event.payload.voicemailId);
          break;
        case 'meeting:updated':
          store().meetingUpdated(event.payload.meeting);
          break;
        case 'meeting:invited':
          store().meetingInvited(event.payload.meeting, event.payload.invitedBy);
          break;
        case 'meeting:media-offered':
          meetingMediaOffered(event.payload);
          break;
        case 'meeting:mesh-signalled':
          meetingMeshSignalled(event.payload);
          break;
        case 'meeting:streams-changed':
          meetingStreamsChanged(event.payload);
          break;
        case 'session:ended':
          store().sessionEnded(event.payload.reason);
          break;
        case 'command:failed':
          console.warn(`Meridian: ${event.payload.command} failed: ${event.payload.error.message}`);
          break;
        default:
          // Every event is handled: a new one that is not fails to compile here.
          return event satisfies never;
      }
      notifyOf(event, store());
    }),
  ];
  void api.connectionState().then((state) => store().connectionChanged(state));
  // Once signed in and connected (whichever comes last) load the list; after a reconnection,
  // catch up every open conversation from its last sequence number.
  let previous = store().connection;
  let ready = false;
  const unsubscribeReconnect = useAppStore.subscribe((state) => {
    const nowReady = state.connection === 'connected' && state.me !== null;
    const becameReady = nowReady && !ready;
    const reconnected = previous === 'reconnecting';
    // Updated before acting: an action that sets state synchronously re-enters this listener.
    ready = nowReady;
    previous = state.connection;
    if (becameReady) {
      reportTimeZone(api);
      // catchUp ends by loading the open conversation if it never loaded (opened while offline).
      void (reconnected ? state.catchUp() : state.loadConversations().then(() => Promise.all([store().loadActiveIfMissing(), reopenLastConversation()])));
      // The threads the person is in, for their unread replies (the Threads view).
      void state.loadThreadList();
      // A search typed while the connection was being made is answered now.
      if (state.searchQuery.trim() !== '') void state.search(state.searchQuery);
      void Promise.all([state.callsReconnected(), state.meetingsReconnected()]);
    }
  });
  unsubscribers.push(unsubscribeReconnect);
  unsubscribers.push(connectMeetingMedia(api));
  // Drafts are saved per person: whoever signs in (or is restored) gets theirs, and nobody else's.
  unsubscribers.push(
    useAppStore.subscribe((state) => {
      if ((state.me?.id ?? null) !== state.draftsOwner) state.loadDrafts(state.me?.id ?? null);
    }),
  );
  unsubscribers.push(keepLastConversation());
  // Photos of the people one saw go with the session.
  unsubscribers.push(
    useAppStore.subscribe((state, previous) => {
      if (state.me === null && previous.me !== null) forgetPhotos();
    }),
  );
  unsubscribers.push(watchShownPeople(api));
  // The media of the call this window carries follows the store from here.
  unsubscribers.push(callMedia.start(api));
  // The unread total goes to the app icon (Electron) or the page title (browser build).
  let badge = -1;
  unsubscribers.push(
    useAppStore.subscribe((state) => {
      const total = state.me ? selectTotalUnread(state) : 0;
      if (total === badge) return;
      badge = total;
      void api.setBadgeCount(total);
    }),
  );
  const focus = () => store().setWindowFocused(true);
  const blur = () => store().setWindowFocused(false);
  window.addEventListener('focus', focus);
  window.addEventListener('blur', blur);
  unsubscribers.push(() => window.removeEventListener('focus', focus), () => window.removeEventListener('blur', blur));
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}

/** Tells the server this computer's time zone, for the local time on the person's card (SPEC 9); nothing where the runtime names none. */
function reportTimeZone(api: MeridianApi): void {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (timeZone) void api.setTimeZone({ timeZone });
}

/** Keeps the conversation the person opens (or that they went back to the list) for the next load (store/lastConversation.ts). */
function keepLastConversation(): () => void {
  let person: string | null = null;
  let open: string | null = null;
  return useAppStore.subscribe((state) => {
    const now = state.activeConversationId;
    const same = state.me !== null && state.me.id === person;
    person = state.me?.id ?? null;
    // Signing in or out changes whose it is: nothing is written for that.
    if (same && now !== open && state.conversationsStatus === 'loaded') writeLastConversation(person!, now);
    open = now;
  });
}

/**
 * After a reload, a restart or signing in again, the conversation the person had open here opens
 * again (SPEC 9), unless the address names another place, or it is no longer theirs.
 */
async function reopenLastConversation(): Promise<void> {
  const state = useAppStore.getState();
  const route = parseRoute(window.location.hash);
  if (!state.me || state.activeConversationId !== null || (route !== null && (route.section !== 'chat' || route.conversationId !== null))) return;
  const last = readLastConversation(state.me.id);
  if (last !== null && state.conversations.some((conversation) => conversation.id === last)) await state.openConversation(last);
}

/** How long the people on screen must hold still before the server is told (typing a search changes them fast). */
const watchSettleMs = 150;

/**
 * Keeps the server told whose presence this client shows (store/shownPeople.ts), and again after
 * every reconnection (the server forgets a socket's watch when it goes); applies the answer, how
 * the newly watched people are now, so no change falls between their list and the watch.
 */
function watchShownPeople(api: MeridianApi): () => void {
  let sent: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const send = () => {
    timer = null;
    const state = useAppStore.getState();
    if (state.connection !== 'connected' || !state.me) return;
    const userIds = selectShownPeople(state);
    const key = userIds.join('\n');
    if (key === sent) return;
    sent = key;
    void api.watchPresence({ userIds }).then((result) => {
      if (!result.ok) {
        sent = null; // asked again at the next change
        return;
      }
      for (const person of result.data) {
        useAppStore.getState().personChanged(person);
        useAppStore.getState().conversationPersonChanged(person);
      }
    });
  };
  const unsubscribe = useAppStore.subscribe((state, previous) => {
    // A new connection watches nothing yet: whatever was sent before must go again.
    if (state.connection !== previous.connection) sent = null;
    if (state.connection !== 'connected' || !state.me) return;
    if (timer === null) timer = setTimeout(send, watchSettleMs);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
