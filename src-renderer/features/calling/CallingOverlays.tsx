import { useEffect } from 'react';
import { useAppStore } from '../../store/appStore';
import { ErrorToast } from '../shell/ErrorToast';
import { IncomingCallDialog } from './IncomingCallDialog';
import './calling.css';

/**
 * What calling shows over every section: the incoming call, and why a call placed from outside
 * the Calling section was refused. Loads voicemail for the Calling tab's count.
 */
export function CallingOverlays() {
  const loadVoicemails = useAppStore((state) => state.loadVoicemails);
  const resetCalls = useAppStore((state) => state.resetCalls);
  const callError = useAppStore((state) => state.callError);
  const clearCallError = useAppStore((state) => state.clearCallError);
  const section = useAppStore((state) => state.section);

  useEffect(() => {
    void loadVoicemails();
    return () => resetCalls();
  }, [loadVoicemails, resetCalls]);

  return (
    <>
      {callError && section !== 'calling' && <ErrorToast message={callError} onDismiss={clearCallError} />}
      <IncomingCallDialog />
    </>
  );
}
