import { RefreshCw } from 'lucide-react';
import { useAppStore } from '../../store/appStore';
import './install.css';

/** `Update available` with `Reload`, when a new version of the browser build is waiting (./serviceWorker.ts). */
export function UpdateAvailable() {
  const update = useAppStore((state) => state.pendingUpdate);
  if (!update) return null;
  return (
    <div role="status" className="update-available">
      <span className="update-available__text">
        <strong>Update available</strong>
        <span className="muted"> — a new version of Meridian is ready.</span>
      </span>
      <button type="button" className="button button--primary" onClick={update}>
        <RefreshCw size={16} aria-hidden="true" />
        Reload
      </button>
    </div>
  );
}
