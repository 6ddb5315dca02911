import { useEffect, useId } from 'react';
import { useAppStore } from '../../store/appStore';
import { partyLabel, selectRingingCall } from '../../store/callsSlice';
import { notify } from '../shell/notify';
import { PartyName } from './PartyName';

/** `Incoming call`: who calls (their name when the viewer sees them, else the number), `Answer` or `Decline`. */
export function IncomingCallDialog() {
  const call = useAppStore(selectRingingCall);
  const answerCall = useAppStore((state) => state.answerCall);
  const declineCall = useAppStore((state) => state.declineCall);
  const titleId = useId();
  const callId = call?.id;
  const label = call ? partyLabel(call.party) : '';

  useEffect(() => {
    if (callId) notify('Incoming call', label);
  }, [callId, label]);

  if (!call) return null;
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="dialog incoming-call">
        <h2 id={titleId}>Incoming call</h2>
        <p className="incoming-call__who">
          <PartyName party={call.party} />
        </p>
        {call.party.person && <p className="muted">{call.party.number}</p>}
        <div className="incoming-call__actions">
          <button type="button" className="button button--primary" onClick={() => void answerCall(call.id)} autoFocus>
            Answer
          </button>
          <button type="button" className="button button--danger" onClick={() => void declineCall(call.id)}>
            Decline
          </button>
        </div>
      </div>
    </div>
  );
}
