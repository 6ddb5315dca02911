import { useEffect, useState, type FormEvent } from 'react';
import type { CallOutcome, CallView } from '../../../src-shared/protocol/callProtocol';
import { useAppStore } from '../../store/appStore';
import { formatDuration } from './format';
import { PartyName } from './PartyName';

const endedLabels: Record<CallOutcome, string> = {
  answered: 'Call ended',
  missed: 'Missed call',
  declined: 'Declined',
  'no answer': 'No answer',
  busy: 'Busy',
  cancelled: 'Cancelled',
  failed: 'Call failed',
  voicemail: 'Voicemail left',
};

function stateLabel(call: CallView): string {
  if (call.state === 'dialing') return 'Dialing…';
  if (call.state === 'ringing') return 'Ringing…';
  if (call.state === 'connected') return call.held ? 'On hold' : 'Connected';
  return endedLabels[call.outcome ?? 'answered'];
}

/** Seconds since a moment, ticking once a second while shown. */
function useElapsed(since: string | null, until: string | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!since || until) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since, until]);
  if (!since) return 0;
  return Math.max(0, ((until ? Date.parse(until) : now) - Date.parse(since)) / 1000);
}

/** `Active call`: who, Federated, state, a running timer, mute and hold, a keypad, `Hang up`; then `Leave voicemail`. */
export function ActiveCall() {
  const call = useAppStore((state) => state.currentCall);
  if (!call) return null;
  return <ActiveCallRegion key={call.id} call={call} />;
}

function ActiveCallRegion({ call }: { call: CallView }) {
  const hangUp = useAppStore((state) => state.hangUp);
  const setCallMuted = useAppStore((state) => state.setCallMuted);
  const setCallHeld = useAppStore((state) => state.setCallHeld);
  const closeCall = useAppStore((state) => state.closeCall);
  const elapsed = useElapsed(call.connectedAt, call.endedAt);
  const [keypad, setKeypad] = useState(false);
  const [tones, setTones] = useState('');
  const [voicemail, setVoicemail] = useState(false);
  const ended = call.state === 'ended';
  const offerVoicemail = ended && call.voicemailAllowed;

  // An ended call with nothing left to do puts itself away after a moment.
  useEffect(() => {
    if (!ended || offerVoicemail || voicemail) return;
    const timer = setTimeout(closeCall, 6000);
    return () => clearTimeout(timer);
  }, [ended, offerVoicemail, voicemail, closeCall]);

  return (
    <section aria-label="Active call" className={`active-call dock-item${ended ? ' active-call--ended' : ''}`}>
      <div className="dock-item__what">
        <strong className="dock-item__title">
          <PartyName party={call.party} />
        </strong>
        <span className="dock-item__detail">
          {call.party.person && <span className="muted">{call.party.number} · </span>}
          <span className="active-call__state" aria-live="polite">
            {stateLabel(call)}
            {call.connectedAt && <span className="active-call__timer"> {formatDuration(elapsed)}</span>}
            {call.muted && !ended && <span className="muted"> · Muted</span>}
          </span>
        </span>
      </div>
      {!ended && (
        <div className="dock-item__controls">
          <button type="button" className="button" aria-pressed={call.muted} onClick={() => void setCallMuted(!call.muted)}>
            {call.muted ? 'Unmute' : 'Mute'}
          </button>
          <button type="button" className="button" aria-pressed={call.held} disabled={call.state !== 'connected'} onClick={() => void setCallHeld(!call.held)}>
            {call.held ? 'Resume' : 'Hold'}
          </button>
          <button type="button" className="button" aria-expanded={keypad} onClick={() => setKeypad(!keypad)}>
            Keypad
          </button>
          <button type="button" className="button button--danger" onClick={() => void hangUp()}>
            Hang up
          </button>
        </div>
      )}
      {keypad && !ended && (
        <div role="group" aria-label="Call keypad" className="keypad keypad--small">
          {['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map((key) => (
            <button key={key} type="button" className="keypad__key" onClick={() => setTones((sent) => (sent + key).slice(-20))}>
              {key}
            </button>
          ))}
          {tones && <span className="muted keypad__tones">Tones: {tones}</span>}
        </div>
      )}
      {ended && (
        <div className="dock-item__controls">
          {offerVoicemail && !voicemail && (
            <button type="button" className="button button--primary" onClick={() => setVoicemail(true)}>
              Leave voicemail
            </button>
          )}
          {!voicemail && (
            <button type="button" className="button button--quiet" onClick={closeCall}>
              Close
            </button>
          )}
        </div>
      )}
      {voicemail && <VoicemailForm onDone={closeCall} onCancel={() => setVoicemail(false)} />}
    </section>
  );
}

/** A short text stands in for the recorded message. */
function VoicemailForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const leaveVoicemail = useAppStore((state) => state.leaveVoicemail);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = await leaveVoicemail(text);
    if (problem) setError(problem);
    else onDone();
  };
  return (
    <form aria-label="Leave voicemail" className="voicemail-form" onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span>Voicemail message</span>
        <textarea value={text} onChange={(event) => setText(event.target.value)} rows={3} maxLength={1000} autoFocus />
      </label>
      {error && <p role="alert">{error}</p>}
      <div className="dock-item__controls">
        <button type="submit" className="button button--primary" disabled={text.trim() === ''}>
          Send voicemail
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
