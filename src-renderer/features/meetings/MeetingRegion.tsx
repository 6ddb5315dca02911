import { LogOut, Mic, MicOff } from 'lucide-react';
import { useState } from 'react';
import { useAppStore } from '../../store/appStore';
import { selectCurrentMeeting } from '../../store/meetingsSlice';
import { PersonAvatar, personKey, PersonName } from '../people/PersonBadges';

/**
 * `Meeting`: the meeting this client is in, its `Participants` live (UNKNOWN USER for people
 * not seen), mute, `Leave`. In the collapsed dock the participants show as avatars, their names
 * on hover and to assistive technology.
 */
export function MeetingRegion() {
  const meeting = useAppStore(selectCurrentMeeting);
  const leaveMeeting = useAppStore((state) => state.leaveMeeting);
  const showCard = useAppStore((state) => state.showCard);
  const [muted, setMuted] = useState(false);
  if (!meeting) return null;
  return (
    <section aria-label="Meeting" className="meeting dock-item">
      <div className="dock-item__what">
        <strong className="dock-item__title" title={meeting.title}>
          {meeting.title}
        </strong>
        <span className="muted dock-item__detail">
          {meeting.conversationKind === 'channel' ? `# ${meeting.conversationTitle}` : `with ${meeting.conversationTitle}`} · {meeting.participants.length} in it
        </span>
      </div>
      <ul aria-label="Participants" className="meeting__participants">
        {meeting.participants.map((person) => (
          <li key={personKey(person)} className="meeting__participant" title={person.displayName}>
            <PersonAvatar person={person} size="small" />
            <span className="meeting__participant-name">
              <PersonName person={person} onOpen={(userId) => void showCard(userId)} />
            </span>
          </li>
        ))}
      </ul>
      <div className="dock-item__controls">
        <button type="button" className="button" aria-pressed={muted} onClick={() => setMuted(!muted)}>
          {muted ? <MicOff size={16} aria-hidden="true" /> : <Mic size={16} aria-hidden="true" />}
          {muted ? 'Unmute' : 'Mute'}
        </button>
        <button type="button" className="button button--danger" onClick={() => void leaveMeeting()}>
          <LogOut size={16} aria-hidden="true" />
          Leave
        </button>
      </div>
    </section>
  );
}
