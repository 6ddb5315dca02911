import { useId, useState, type FormEvent } from 'react';
import type { PersonSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { InviteWarning, useInvitationPreview } from '../federation/InviteWarning';
import { PeoplePicker } from '../people/PeoplePicker';
import { FederatedBadge } from '../people/PersonBadges';
import { Dialog, DialogActions } from '../shell/Dialog';

export function NewChannelDialog({ onClose }: { onClose: () => void }) {
  const createChannel = useAppStore((state) => state.createChannel);
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const [members, setMembers] = useState<PersonSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const topicId = useId();
  const invitation = useInvitationPreview(undefined, members.map((member) => member.id));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const failure = await createChannel({ name, topic: topic || undefined, visibility, memberIds: members.map((member) => member.id), confirmSplit: invitation.confirmed });
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <Dialog title="New channel" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={nameId}>Channel name</label>
          <input id={nameId} value={name} onChange={(event) => setName(event.target.value)} required autoFocus maxLength={80} />
        </div>
        <div className="field">
          <label htmlFor={topicId}>Topic</label>
          <input id={topicId} value={topic} onChange={(event) => setTopic(event.target.value)} maxLength={250} />
        </div>
        <fieldset className="field radios">
          <legend>Who can find it</legend>
          <label>
            <input type="radio" name="visibility" checked={visibility === 'public'} onChange={() => setVisibility('public')} /> Public
          </label>
          <label>
            <input type="radio" name="visibility" checked={visibility === 'private'} onChange={() => setVisibility('private')} /> Private
          </label>
        </fieldset>
        <div className="field">
          <span>Members</span>
          <PeoplePicker autoFocus={false} exclude={members.map((member) => member.id)} onPick={(person) => setMembers((current) => [...current, person])} />
          <ul aria-label="Chosen members" className="chips">
            {members.map((member) => (
              <li key={member.id}>
                {member.displayName}
                {member.federated && <FederatedBadge accountName={member.accountName} />}
                <button type="button" className="icon-button" aria-label={`Remove ${member.displayName}`} onClick={() => setMembers((current) => current.filter((candidate) => candidate.id !== member.id))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          {members.some((member) => member.federated) && (
            <p className="warning">
              {members
                .filter((member) => member.federated)
                .map((member) => `${member.displayName} is in ${member.accountName}, a federated account.`)
                .join(' ')}
            </p>
          )}
        </div>
        <InviteWarning invitation={invitation} action="Create" />
        {error && <p role="alert" className="chat__error">{error}</p>}
        <DialogActions onCancel={onClose} confirmLabel="Create" disabled={!invitation.canProceed} />
      </form>
    </Dialog>
  );
}
