import { Grid3x3, Pause, PhoneOff } from 'lucide-react';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { CallOutcome, CallView } from '../../../src-shared/protocol/callProtocol';
import { ConnectionQualityNotice, MediaToggles, MediaVideo, RemoteAudio, useLocalMedia, type LocalMedia } from '../../media';
import { partyLabel } from '../../store/callsSlice';
import { useAppStore } from '../../store/appStore';
import { callMedia } from './callMedia';
import type { CallPeer, CallPeerState } from './callPeer';
import { formatDuration } from './format';
import { PartyName } from './PartyName';
import { VoicemailRecorder } from './VoicemailRecorder';

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
  if (call.state === 'connected') return call.held ? (call.heldByMe ? 'On hold' : 'On hold by the other party') : 'Connected';
  return endedLabels[call.outcome ?? 'answered'];
}

const noSubscription = () => () => undefined;

/** The state of a call's peer connection (or of none). */
function usePeer(peer: CallPeer | null): CallPeerState | null {
  return useSyncExternalStore(peer?.subscribe ?? noSubscription, peer ? peer.getSnapshot : () => null);
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
  const media = useSyncExternalStore(callMedia.subscribe, callMedia.getSnapshot);
  const ownMedia = media.callId === call.id ? media.media : null;
  const peer = usePeer(media.callId === call.id ? media.peer : null);
  const elapsed = useElapsed(call.connectedAt, call.endedAt);
  const [keypad, setKeypad] = useState(false);
  const [tones, setTones] = useState('');
  const [voicemail, setVoicemail] = useState(false);
  const ended = call.state === 'ended';
  const offerVoicemail = ended && call.voicemailAllowed;
  const connected = call.state === 'connected';
  const who = partyLabel(call.party);

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
        {call.simulated && !ended && <span className="active-call__note">Simulated outside line</span>}
        {call.remoteMuted && connected && <span className="active-call__note">{who} is muted</span>}
        {peer && connected && !call.held && peer.media !== 'connected' && (
          <span className="active-call__note">{peer.media === 'connecting' ? 'Connecting audio…' : 'Looking for a better connection…'}</span>
        )}
        {peer && connected && <ConnectionQualityNotice connection={peer.connection} />}
      </div>
      {peer && connected && <CallVideos peer={peer} media={ownMedia} who={who} held={call.held} />}
      {!ended && (
        <div className="dock-item__controls">
          <MediaToggles media={ownMedia} disabled={call.held || call.simulated} onMutedChange={(muted) => void setCallMuted(muted)} />
          <button
            type="button"
            className="button media-toggle"
            aria-pressed={call.held}
            disabled={!connected || (call.held && !call.heldByMe)}
            title={call.held ? 'Resume the call' : 'Put the call on hold'}
            onClick={() => void setCallHeld(!call.held)}
          >
            <Pause size={16} aria-hidden />
            <span className="media-toggle__label">Hold</span>
          </button>
          <button type="button" className="button media-toggle" aria-expanded={keypad} title="Keypad" onClick={() => setKeypad(!keypad)}>
            <Grid3x3 size={16} aria-hidden />
            <span className="media-toggle__label">Keypad</span>
          </button>
          <button type="button" className="button button--danger" onClick={() => void hangUp()}>
            <PhoneOff size={16} aria-hidden />
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
      {voicemail && <VoicemailRecorder onDone={closeCall} onCancel={() => setVoicemail(false)} />}
    </section>
  );
}

/** The other party's voice, their camera and screen when on, and one's own camera as a small mirror. */
function CallVideos({ peer, media, who, held }: { peer: CallPeerState; media: LocalMedia | null; who: string; held: boolean }) {
  const local = useLocalMedia(media);
  const ownCamera = useMemo(() => (local.camera ? new MediaStream([local.camera]) : null), [local.camera]);
  const showing = !held && (peer.remoteCamera || peer.remoteScreen || ownCamera);
  return (
    <>
      <RemoteAudio stream={peer.remoteAudio} paused={held} />
      {showing && (
        <div className="call-videos">
          {peer.remoteScreen && <MediaVideo stream={peer.remoteScreen} label={`Screen shared by ${who}`} className="call-videos__screen" />}
          {(peer.remoteCamera || ownCamera) && (
            <div className={`call-videos__camera${peer.remoteCamera ? '' : ' call-videos__camera--self'}`}>
              {peer.remoteCamera && <MediaVideo stream={peer.remoteCamera} label={`Video of ${who}`} className="call-videos__remote" />}
              {ownCamera && <MediaVideo stream={ownCamera} label="Your camera" mirrored className="call-videos__self" />}
            </div>
          )}
        </div>
      )}
    </>
  );
}
