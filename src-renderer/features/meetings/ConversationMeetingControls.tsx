import { useState } from 'react';
import type { ConversationSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { isJoinable } from '../../store/meetingsSlice';
import { ScheduleMeetingDialog } from './ScheduleMeetingDialog';
import { useNow } from './useNow';
import './meetings.css';

/**
 * Meetings in a chat or channel: `Meet now`, `Schedule meeting` (channels), and a meeting under
 * way (or about to start) shown with `Join`. Made to sit in a conversation's header.
 */
export function ConversationMeetingControls({ conversation }: { conversation: Pick<ConversationSummary, 'id' | 'kind'> }) {
  const startMeeting = useAppStore((state) => state.startMeeting);
  const joinMeeting = useAppStore((state) => state.joinMeeting);
  const currentMeetingId = useAppStore((state) => state.currentMeetingId);
  const meetings = useAppStore((state) => state.meetings);
  const [scheduling, setScheduling] = useState(false);
  const now = useNow();
  const joinable = meetings.filter((meeting) => meeting.conversationId === conversation.id && meeting.id !== currentMeetingId && isJoinable(meeting, now));

  return (
    <div className="conversation-meetings" aria-label="Meetings in this conversation" role="group">
      {joinable.map((meeting) => (
        <span key={meeting.id} className="conversation-meetings__live">
          <span>
            {meeting.state === 'ongoing' ? 'Meeting under way' : 'Starting soon'}: <strong>{meeting.title}</strong>
            {meeting.state === 'ongoing' && <span className="muted"> · {meeting.participants.length} in it</span>}
          </span>
          <button type="button" className="button button--primary" onClick={() => void joinMeeting(meeting.id)}>
            Join
          </button>
        </span>
      ))}
      <button type="button" className="button" onClick={() => void startMeeting({ conversationId: conversation.id })}>
        Meet now
      </button>
      {conversation.kind === 'channel' && (
        <button type="button" className="button" onClick={() => setScheduling(true)}>
          Schedule meeting
        </button>
      )}
      {scheduling && <ScheduleMeetingDialog conversationId={conversation.id} onClose={() => setScheduling(false)} />}
    </div>
  );
}
