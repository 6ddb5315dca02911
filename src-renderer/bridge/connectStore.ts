/** Writes what the session pushes (connection state, server events) into the store. */
import type { MeridianApi } from '../../src-shared/protocol/api';
import { notifyMention } from '../features/mentions/notifyMention';
import { notificationClicked } from '../features/shell/notify';
import { useAppStore } from '../store/appStore';
import { selectTotalUnread } from '../store/conversationsSlice';

export function connectStore(api: MeridianApi): () => void {
  const store = useAppStore.getState;
  const unsubscribers = [
    api.onConnectionChanged((state) => store().connectionChanged(state)),
    api.onOutboxChanged((entries) => store().outboxChanged(entries)),
    api.onNotificationClicked((tag) => notificationClicked(tag)),
    api.onServerEvent((event) => {
      switch (event.type) {
        case 'presence:changed':
          store().personChanged(event.payload.person);
          store().ownPersonChanged(event.payload.person);
          store().conversationPersonChanged(event.payload.person);
          break;
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
          break;
        case 'reaction:changed':
          store().reactionsChanged(event.payload);
          break;
        case 'mention:received':
          store().mentionReceived(event.payload.message);
          notifyMention(event.payload.message);
          break;
        case 'conversation:changed':
          void store().conversationChanged(event.payload.conversationId);
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
        case 'session:ended':
          store().sessionEnded(event.payload.reason);
          break;
        case 'command:failed':
          console.warn(`Meridian: ${event.payload.command} failed: ${event.payload.error.message}`);
          break;
      }
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
      // catchUp ends by loading the open conversation if it never loaded (opened while offline).
      void (reconnected ? state.catchUp() : state.loadConversations().then(() => store().loadActiveIfMissing()));
      // A search typed while the connection was being made is answered now.
      if (state.searchQuery.trim() !== '') void state.search(state.searchQuery);
      void Promise.all([state.callsReconnected(), state.meetingsReconnected()]);
    }
  });
  unsubscribers.push(unsubscribeReconnect);
  // Drafts are saved per person: whoever signs in (or is restored) gets theirs, and nobody else's.
  unsubscribers.push(
    useAppStore.subscribe((state) => {
      if ((state.me?.id ?? null) !== state.draftsOwner) state.loadDrafts(state.me?.id ?? null);
    }),
  );
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
