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
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
