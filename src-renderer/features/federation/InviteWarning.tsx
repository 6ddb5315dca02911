/**
 * SPEC 1 rule 6 in the invite and new-channel dialogs: once people are chosen, the backend says
 * who would not see whom, by account; the dialog shows it and its action waits for an explicit
 * "anyway". The backend refuses the invitation without that confirmation all the same.
 */
import { useEffect, useId, useState } from 'react';
import type { InvitationWarning } from '../../../src-shared/protocol/conversationProtocol';
import { getApi } from '../../bridge/api';
import './federation.css';

export interface InvitationPreview {
  /** What the backend said for the people chosen now. */
  warnings: InvitationWarning[];
  /** False while the backend has not answered for the people chosen now. */
  ready: boolean;
  /** The person confirmed these warnings (for the people chosen now: choosing others asks again). */
  confirmed: boolean;
  setConfirmed(confirmed: boolean): void;
  /** The dialog's action may go ahead: answered, and nothing to confirm or confirmed. */
  canProceed: boolean;
}

/** The warnings for inviting `userIds` into a channel, or into a new one when `channelId` is undefined. */
export function useInvitationPreview(channelId: string | undefined, userIds: string[]): InvitationPreview {
  const key = userIds.join(',');
  const [answer, setAnswer] = useState<{ key: string; warnings: InvitationWarning[] } | null>(null);
  const [confirmedKey, setConfirmedKey] = useState<string | null>(null);
  useEffect(() => {
    if (key === '') return;
    let current = true;
    void getApi()
      .previewInvitation({ channelId, userIds: key.split(',') })
      // Without an answer there is nothing to warn about here; the invitation itself refuses and says why.
      .then((result) => {
        if (current) setAnswer({ key, warnings: result.ok ? result.data.warnings : [] });
      });
    return () => {
      current = false;
    };
  }, [channelId, key]);
  const ready = key === '' || answer?.key === key;
  const warnings = ready && answer?.key === key ? answer.warnings : [];
  const confirmed = confirmedKey === key;
  return {
    warnings,
    ready,
    confirmed,
    setConfirmed: (value) => setConfirmedKey(value ? key : null),
    canProceed: ready && (warnings.length === 0 || confirmed),
  };
}

/** The warnings and the confirmation they need; nothing when everyone will see everyone. */
export function InviteWarning({ invitation, action }: { invitation: InvitationPreview; action: string }) {
  const headingId = useId();
  if (invitation.warnings.length === 0) return null;
  return (
    <div className="invite-warning" role="alert" aria-labelledby={headingId}>
      <p id={headingId} className="invite-warning__heading">
        Not everyone will see each other
      </p>
      <ul className="invite-warning__list">
        {invitation.warnings.map((warning) => (
          <li key={warning.personId}>{warning.text}</li>
        ))}
      </ul>
      <p className="invite-warning__why">They will also see those members as UNKNOWN USER: their accounts are not federated with each other.</p>
      <label className="invite-warning__confirm">
        <input type="checkbox" checked={invitation.confirmed} onChange={(event) => invitation.setConfirmed(event.target.checked)} /> {action} anyway
      </label>
    </div>
  );
}
