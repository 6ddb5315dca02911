import { WifiOff } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store/appStore';
import { useOnline } from './useOnline';
import './install.css';

/**
 * The app opened without a network (the service worker's shell): it says `Offline`, and when the
 * network returns it goes on with the session the page kept (a reload's), or lists demo people.
 */
export function OfflineNotice() {
  const online = useOnline();
  const restoreSession = useAppStore((state) => state.restoreSession);
  const loadDemoPeople = useAppStore((state) => state.loadDemoPeople);
  const wasOffline = useRef(!online);
  useEffect(() => {
    if (online && wasOffline.current) {
      void restoreSession();
      void loadDemoPeople();
    }
    wasOffline.current = !online;
  }, [online, restoreSession, loadDemoPeople]);
  if (online) return null;
  return (
    <div role="status" className="offline-notice">
      <WifiOff size={18} aria-hidden="true" />
      <span>
        <strong>Offline</strong> — Meridian cannot reach its server. It goes on as soon as the network returns.
      </span>
    </div>
  );
}
