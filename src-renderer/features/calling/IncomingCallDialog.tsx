import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store/appStore';
import { partyLabel, selectRingingCall } from '../../store/callsSlice';
import { Dialog } from '../shell/Dialog';
import { notify } from '../shell/notify';
import { PartyName } from './PartyName';

/** `Incoming call`: who calls (their name when the viewer sees them, else the number), `Answer` or `Decline`. */
export function IncomingCallDialog() {
  const call = useAppStore(selectRingingCall);
  const answerCall = useAppStore((state) => state.answerCall);
  const declineCall = useAppStore((state) => state.declineCall);
  const answer = useRef<HTMLButtonElement>(null);
  const callId = call?.id;
  const label = call ? partyLabel(call.party) : '';

  useEffect(() => {
    if (callId) notify('Incoming call', label);
  }, [callId, label]);

  if (!call) return null;
  return (
    // Escape or a stray click must not decline a call: only the buttons answer it.
    <Dialog key={call.id} title="Incoming call" onClose={() => undefined} dismissible={false} initialFocus={answer} className="incoming-call">
      <p className="incoming-call__who">
        <PartyName party={call.party} />
      </p>
      {call.party.person && <p className="muted">{call.party.number}</p>}
      <div className="dialog__actions">
        <button ref={answer} type="button" className="button button--success" onClick={() => void answerCall(call.id)}>
          Answer
        </button>
        <button type="button" className="button button--danger" onClick={() => void declineCall(call.id)}>
          Decline
        </button>
      </div>
    </Dialog>
  );
}
