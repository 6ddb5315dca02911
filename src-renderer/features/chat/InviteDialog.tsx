import { useState } from 'react';
import type { PersonSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { InviteWarning, useInvitationPreview } from '../federation/InviteWarning';
import { PeoplePicker } from '../people/PeoplePicker';
import { Dialog, DialogActions } from '../shell/Dialog';

/** Invite people into a channel; warns before bringing in someone from another account. */
export function InviteDialog({ channelId, memberIds, onClose }: { channelId: string; memberIds: string[]; onClose: () => void }) {
  const invite = useAppStore((state) => state.inviteToChannel);
  const [chosen, setChosen] = useState<PersonSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const invitation = useInvitationPreview(channelId, chosen ? [chosen.id] : []);

  const confirm = async () => {
    if (!chosen) return;
    const failure = await invite(channelId, [chosen.id], invitation.confirmed);
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <Dialog title="Invite people" onClose={onClose}>
      <PeoplePicker exclude={memberIds} onPick={setChosen} />
      {chosen && (
        <div className="invite-choice">
          <p>
            Invite <strong>{chosen.displayName}</strong>
            {chosen.title ? `, ${chosen.title}` : ''}?
          </p>
          {chosen.federated && (
            <p className="warning" role="note">
              {chosen.displayName} is in {chosen.accountName}, a federated account.
            </p>
          )}
        </div>
      )}
      <InviteWarning invitation={invitation} action="Invite" />
      {error && <p role="alert" className="chat__error">{error}</p>}
      <DialogActions onCancel={onClose} confirmLabel="Invite" onConfirm={() => void confirm()} disabled={!chosen || !invitation.canProceed} />
    </Dialog>
  );
}
