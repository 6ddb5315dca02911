import { useEffect, useId } from 'react';
import { useAppStore } from '../../store/appStore';
import { notify } from '../shell/notify';

/** `Meeting invitation`: someone started a meeting with the viewer; `Join` or `Dismiss`. */
export function MeetingInvitationDialog() {
  const invitation = useAppStore((state) => state.invitations[0] ?? null);
  const joinMeeting = useAppStore((state) => state.joinMeeting);
  const dismissInvitation = useAppStore((state) => state.dismissInvitation);
  const titleId = useId();
  const meetingId = invitation?.meeting.id;
  const from = invitation?.invitedBy.displayName ?? '';

  useEffect(() => {
    if (meetingId) notify('Meeting invitation', `${from} invites you to a meeting`);
  }, [meetingId, from]);

  if (!invitation) return null;
  const { meeting, invitedBy } = invitation;
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="dialog">
        <h2 id={titleId}>Meeting invitation</h2>
        <p>
          {invitedBy.displayName} invites you to a meeting{meeting.conversationKind === 'channel' ? ` in # ${meeting.conversationTitle}` : ''}.
        </p>
        <div className="dialog__actions">
          <button type="button" className="button button--primary" onClick={() => void joinMeeting(meeting.id)} autoFocus>
            Join
          </button>
          <button type="button" className="button" onClick={() => dismissInvitation(meeting.id)}>
            Dismiss
          </button>
        </div>
      </div>
    </div>
  );
}
