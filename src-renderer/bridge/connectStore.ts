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
          break;
      }
    }),
  ];
  void api.connectionState().then((state) => store().connectionChanged(state));
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
