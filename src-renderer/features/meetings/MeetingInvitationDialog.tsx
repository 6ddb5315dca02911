import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store/appStore';
import { Dialog } from '../shell/Dialog';
import { notify } from '../shell/notify';

/** `Meeting invitation`: someone started a meeting with the viewer; `Join` or `Dismiss` (Escape dismisses too). */
export function MeetingInvitationDialog() {
  const invitation = useAppStore((state) => state.invitations[0] ?? null);
  const joinMeeting = useAppStore((state) => state.joinMeeting);
  const dismissInvitation = useAppStore((state) => state.dismissInvitation);
  const join = useRef<HTMLButtonElement>(null);
  const meetingId = invitation?.meeting.id;
  const from = invitation?.invitedBy.displayName ?? '';

  useEffect(() => {
    if (meetingId) notify('Meeting invitation', `${from} invites you to a meeting`);
  }, [meetingId, from]);

  if (!invitation) return null;
  const { meeting, invitedBy } = invitation;
  return (
    <Dialog key={meeting.id} title="Meeting invitation" onClose={() => dismissInvitation(meeting.id)} initialFocus={join}>
      <p>
        {invitedBy.displayName} invites you to a meeting{meeting.conversationKind === 'channel' ? ` in # ${meeting.conversationTitle}` : ''}.
      </p>
      <div className="dialog__actions">
        <button ref={join} type="button" className="button button--primary" onClick={() => void joinMeeting(meeting.id)}>
          Join
        </button>
        <button type="button" className="button" onClick={() => dismissInvitation(meeting.id)}>
          Dismiss
        </button>
      </div>
    </Dialog>
  );
}
