/** Writes what the session pushes (connection state, server events) into the store. */
import type { MeridianApi } from '../../src-shared/protocol/api';
import { useAppStore } from '../store/appStore';

export function connectStore(api: MeridianApi): () => void {
  const store = useAppStore.getState;
  const unsubscribers = [
    api.onConnectionChanged((state) => store().connectionChanged(state)),
    api.onServerEvent((event) => {
      switch (event.type) {
        case 'presence:changed':
          store().personChanged(event.payload.person);
          store().ownPersonChanged(event.payload.person);
          break;
        case 'directory:changed':
          void store().directoryChanged();
          void store().conversationsStale();
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
        case 'conversation:changed':
          void store().conversationChanged(event.payload.conversationId);
          break;
        case 'typing:started':
          store().typingStarted(event.payload.conversationId, event.payload.person);
          break;
      }
    }),
  ];
  void api.connectionState().then((state) => store().connectionChanged(state));
  // After a reconnection, fetch the list again: anything written meanwhile shows.
  let previous = store().connection;
  const unsubscribeReconnect = useAppStore.subscribe((state) => {
    if (state.connection === 'connected' && previous !== 'connected' && state.me) void state.conversationsStale();
    previous = state.connection;
  });
  unsubscribers.push(unsubscribeReconnect);
  const focus = () => store().setWindowFocused(true);
  const blur = () => store().setWindowFocused(false);
  window.addEventListener('focus', focus);
  window.addEventListener('blur', blur);
  unsubscribers.push(() => window.removeEventListener('focus', focus), () => window.removeEventListener('blur', blur));
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
