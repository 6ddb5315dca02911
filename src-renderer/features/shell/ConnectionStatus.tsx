import { useAppStore } from '../../store/appStore';
import { useOnline } from '../install/useOnline';

const labels = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  'signed-out': 'Signed out',
} as const;

export function ConnectionStatus() {
  const connection = useAppStore((state) => state.connection);
  // The browser knows the network is gone: say so, beside what the connection is doing about it.
  const offline = !useOnline() && connection !== 'connected';
  return (
    <div role="status" className={`connection connection--${connection}`}>
      <span className="connection__text">{offline ? `Offline · ${labels[connection]}` : labels[connection]}</span>
    </div>
  );
}
