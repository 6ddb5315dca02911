import { SignalLow } from 'lucide-react';
import { useEffect, useState } from 'react';
import { watchConnectionQuality, type QualityLevel } from './connectionQuality';

/** The quality of a connection while it lasts ('unknown' before the first reading). */
export function useConnectionQuality(connection: RTCPeerConnection | null): QualityLevel {
  const [level, setLevel] = useState<{ connection: RTCPeerConnection | null; level: QualityLevel }>({ connection: null, level: 'unknown' });
  useEffect(() => {
    if (!connection) return;
    return watchConnectionQuality(connection, (next) => setLevel({ connection, level: next }));
  }, [connection]);
  return level.connection === connection ? level.level : 'unknown';
}

/** Says `Poor connection` while the connection is poor; nothing otherwise. */
export function ConnectionQualityNotice({ connection }: { connection: RTCPeerConnection | null }) {
  const level = useConnectionQuality(connection);
  return (
    <span role="status" className="connection-quality">
      {level === 'poor' && (
        <>
          <SignalLow size={14} aria-hidden /> Poor connection
        </>
      )}
    </span>
  );
}
