import { useEffect, useState } from 'react';
import type { MeetingView } from '../../../src-shared/protocol/meetingProtocol';
import { useAppStore } from '../../store/appStore';
import { isJoinable } from '../../store/meetingsSlice';
import { formatMeetingStart } from '../calling/format';
import { ListPending } from '../shell/ListPending';
import { ScheduleMeetingDialog } from './ScheduleMeetingDialog';
import { useNow } from './useNow';
import './meetings.css';

/** The Meetings section: ongoing and upcoming meetings of the viewer's chats and channels, each with `Join`. */
export function MeetingsPanel() {
  const meetings = useAppStore((state) => state.meetings);
  const loaded = useAppStore((state) => state.meetingsLoaded);
  const loadMeetings = useAppStore((state) => state.loadMeetings);
  const meetingError = useAppStore((state) => state.meetingError);
  const [scheduling, setScheduling] = useState(false);

  useEffect(() => {
    void loadMeetings();
  }, [loadMeetings]);

  const ongoing = meetings.filter((meeting) => meeting.state === 'ongoing');
  const upcoming = meetings.filter((meeting) => meeting.state === 'scheduled');

  return (
    <div className="meetings">
      <header className="meetings__header">
        <h2>Meetings</h2>
        <button type="button" className="button button--primary" onClick={() => setScheduling(true)}>
          Schedule meeting
        </button>
      </header>
      {meetingError && (
        <p role="alert" className="form-error">
          {meetingError}
        </p>
      )}
      {loaded ? (
        <>
          <h3>Ongoing</h3>
          <MeetingList label="Ongoing meetings" meetings={ongoing} empty="No meeting is under way. Start one with Meet now in a chat or channel." />
          <h3>Upcoming</h3>
          <MeetingList label="Upcoming meetings" meetings={upcoming} empty="Nothing scheduled. Schedule a meeting in a channel." />
        </>
      ) : (
        <ListPending what="meetings" />
      )}
      {scheduling && <ScheduleMeetingDialog onClose={() => setScheduling(false)} />}
    </div>
  );
}

function MeetingList({ label, meetings, empty }: { label: string; meetings: MeetingView[]; empty: string }) {
  const joinMeeting = useAppStore((state) => state.joinMeeting);
  const currentMeetingId = useAppStore((state) => state.currentMeetingId);
  const now = useNow();
  return (
    // Focusable by script only: where focus goes after leaving a meeting from this section (MeetingRegion).
    <ul aria-label={label} className="meeting-list" tabIndex={-1}>
      {meetings.length === 0 && <li className="muted meeting-list__empty">{empty}</li>}
      {meetings.map((meeting) => (
        <li key={meeting.id} aria-label={meeting.title} className="meeting-list__item">
          <span className="meeting-list__main">
            <strong>{meeting.title}</strong>
            <span className="muted">
              {meeting.conversationKind === 'channel' ? `# ${meeting.conversationTitle}` : `with ${meeting.conversationTitle}`} · {formatMeetingStart(meeting.startsAt)}
              {meeting.kind === 'scheduled' && ` · ${meeting.durationMinutes} min`}
              {meeting.state === 'ongoing' && ` · ${meeting.participants.length} in the meeting`}
            </span>
          </span>
          {currentMeetingId === meeting.id ? (
            <span className="muted">You are in it</span>
          ) : (
            <button type="button" className="button" disabled={!isJoinable(meeting, now)} onClick={() => void joinMeeting(meeting.id)}>
              Join
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
