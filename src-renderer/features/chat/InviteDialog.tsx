import { useState } from 'react';
import type { PersonSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { InviteWarning, useInvitationPreview } from '../federation/InviteWarning';
import { PeoplePicker, PeopleSelection } from '../people/PeoplePicker';
import { Dialog, DialogActions } from '../shell/Dialog';
import { FederatedNotes } from './FederatedNotes';

/**
 * `Invite people` into a channel: pick as many as needed (each shows in `Selected people`), then
 * `Invite`. A group chat's `Add people` is the same dialog with its own words.
 */
export function InviteDialog({
  channelId,
  memberIds,
  onClose,
  title = 'Invite people',
  actionLabel = 'Invite',
}: {
  channelId: string;
  memberIds: string[];
  onClose: () => void;
  title?: string;
  actionLabel?: string;
}) {
  const invite = useAppStore((state) => state.inviteToChannel);
  const [chosen, setChosen] = useState<PersonSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const invitation = useInvitationPreview(channelId, chosen.map((person) => person.id));

  const confirm = async () => {
    if (chosen.length === 0) return;
    setSending(true);
    const failure = await invite(
      channelId,
      chosen.map((person) => person.id),
      invitation.confirmed,
    );
    setSending(false);
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <Dialog title={title} onClose={onClose} className="dialog--wide">
      <PeoplePicker exclude={[...memberIds, ...chosen.map((person) => person.id)]} onPick={(person) => setChosen((current) => [...current, person])} />
      <PeopleSelection people={chosen} onRemove={(person) => setChosen((current) => current.filter((candidate) => candidate.id !== person.id))} />
      <FederatedNotes people={chosen} />
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <InviteWarning invitation={invitation} action={actionLabel} />
      <DialogActions onCancel={onClose} confirmLabel={actionLabel} onConfirm={() => void confirm()} disabled={chosen.length === 0 || sending || !invitation.canProceed} />
    </Dialog>
  );
}
