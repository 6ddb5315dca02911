import { useState } from 'react';
import { useAppStore } from '../../store/appStore';
import { selectCurrentMeeting } from '../../store/meetingsSlice';
import { PersonAvatar, PersonName } from '../people/PersonBadges';

/** `Meeting`: the meeting this client is in, its `Participants` live (UNKNOWN USER for people not seen), mute, `Leave`. */
export function MeetingRegion() {
  const meeting = useAppStore(selectCurrentMeeting);
  const leaveMeeting = useAppStore((state) => state.leaveMeeting);
  const showCard = useAppStore((state) => state.showCard);
  const [muted, setMuted] = useState(false);
  if (!meeting) return null;
  return (
    <section aria-label="Meeting" className="meeting">
      <header className="meeting__header">
        <strong>{meeting.title}</strong>
        <span className="muted">{meeting.conversationKind === 'channel' ? `# ${meeting.conversationTitle}` : `with ${meeting.conversationTitle}`}</span>
      </header>
      <ul aria-label="Participants" className="meeting__participants">
        {meeting.participants.map((person) => (
          <li key={person.kind === 'person' ? person.id : person.token} className="meeting__participant">
            <PersonAvatar person={person} />
            <PersonName person={person} onOpen={(userId) => void showCard(userId)} />
          </li>
        ))}
      </ul>
      <div className="meeting__controls">
        <button type="button" className="button" aria-pressed={muted} onClick={() => setMuted(!muted)}>
          {muted ? 'Unmute' : 'Mute'}
        </button>
        <button type="button" className="button button--danger" onClick={() => void leaveMeeting()}>
          Leave
        </button>
      </div>
    </section>
  );
}
