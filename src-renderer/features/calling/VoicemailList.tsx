import { useAppStore } from '../../store/appStore';
import { partyLabel } from '../../store/callsSlice';
import { formatDuration, formatWhen } from './format';
import { ListPending } from '../shell/ListPending';
import { PartyName } from './PartyName';
import { VoicemailPlayer } from './VoicemailPlayer';

/** `Voicemail`: from whom (resolved for the viewer), when, how long, `Play` for a recording, the transcript or note; listened or not; delete. */
export function VoicemailList() {
  const voicemails = useAppStore((state) => state.voicemails);
  const markListened = useAppStore((state) => state.markVoicemailListened);
  const deleteVoicemail = useAppStore((state) => state.deleteVoicemail);
  const dial = useAppStore((state) => state.dial);

  if (!voicemails) return <ListPending what="voicemail" />;
  return (
    <ul aria-label="Voicemail" className="call-list">
      {voicemails.length === 0 && <li className="muted call-list__empty">No voicemail.</li>}
      {voicemails.map((voicemail) => (
        <li key={voicemail.id} className={`call-list__item${voicemail.listened ? '' : ' call-list__item--unread'}`} aria-label={`Voicemail from ${partyLabel(voicemail.from)}`}>
          <span className="call-list__main">
            <span className="call-list__who">
              <PartyName party={voicemail.from} /> {!voicemail.listened && <span className="voicemail__new">New</span>}
            </span>
            <span className="muted">
              {formatWhen(voicemail.at)} · {formatDuration(voicemail.durationSec)}
            </span>
            {voicemail.transcript && <span className="voicemail__transcript">“{voicemail.transcript}”</span>}
            {voicemail.note && <span className="voicemail__note">Note: {voicemail.note}</span>}
          </span>
          <span className="call-list__actions">
            {voicemail.audio && <VoicemailPlayer voicemail={{ ...voicemail, audio: voicemail.audio }} />}
            <button type="button" className="button" onClick={() => void markListened(voicemail.id, !voicemail.listened)}>
              {voicemail.listened ? 'Mark as new' : 'Mark as listened'}
            </button>
            {voicemail.from.dial && (
              <button type="button" className="button" aria-label={`Call ${partyLabel(voicemail.from)}`} onClick={() => void dial(voicemail.from.dial!)}>
                Call
              </button>
            )}
            <button type="button" className="button button--quiet" onClick={() => void deleteVoicemail(voicemail.id)}>
              Delete
            </button>
          </span>
        </li>
      ))}
    </ul>
  );
}
