import { useAppStore } from '../../store/appStore';

const labels = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  'signed-out': 'Signed out',
} as const;

export function ConnectionStatus() {
  const connection = useAppStore((state) => state.connection);
  return (
    <div role="status" className={`connection connection--${connection}`}>
      {labels[connection]}
    </div>
  );
}
