import { CalendarPlus, Video } from 'lucide-react';
import { useState } from 'react';
import type { ConversationSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { isJoinable } from '../../store/meetingsSlice';
import { ToolbarButton } from '../shell/ToolbarButton';
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
          <span className="conversation-meetings__what" title={meeting.title}>
            {meeting.state === 'ongoing' ? 'Under way' : 'Starting soon'}: <strong>{meeting.title}</strong>
            {meeting.state === 'ongoing' && <span className="muted"> · {meeting.participants.length} in it</span>}
          </span>
          <button type="button" className="button button--primary" onClick={() => void joinMeeting(meeting.id)}>
            Join
          </button>
        </span>
      ))}
      <ToolbarButton icon={<Video size={16} aria-hidden="true" />} label="Meet now" onClick={() => void startMeeting({ conversationId: conversation.id })} />
      {conversation.kind === 'channel' && <ToolbarButton icon={<CalendarPlus size={16} aria-hidden="true" />} label="Schedule meeting" secondary onClick={() => setScheduling(true)} />}
      {scheduling && <ScheduleMeetingDialog conversationId={conversation.id} onClose={() => setScheduling(false)} />}
    </div>
  );
}
