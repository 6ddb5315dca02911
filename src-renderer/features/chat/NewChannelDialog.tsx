import { useId, useState, type FormEvent } from 'react';
import type { PersonSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { InviteWarning, useInvitationPreview } from '../federation/InviteWarning';
import { PeoplePicker, PeopleSelection } from '../people/PeoplePicker';
import { Dialog, DialogActions } from '../shell/Dialog';
import { FederatedNotes } from './FederatedNotes';

/** `New channel`: name, topic, Public or Private, and the first members. */
export function NewChannelDialog({ onClose }: { onClose: () => void }) {
  const createChannel = useAppStore((state) => state.createChannel);
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const [members, setMembers] = useState<PersonSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const nameId = useId();
  const topicId = useId();
  const membersId = useId();
  const invitation = useInvitationPreview(undefined, members.map((member) => member.id));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setCreating(true);
    const failure = await createChannel({ name, topic: topic || undefined, visibility, memberIds: members.map((member) => member.id), confirmSplit: invitation.confirmed });
    setCreating(false);
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <Dialog title="New channel" onClose={onClose} className="dialog--wide">
      <form onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={nameId}>Channel name</label>
          <input id={nameId} value={name} onChange={(event) => setName(event.target.value)} required maxLength={80} />
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
        <div className="field" role="group" aria-labelledby={membersId}>
          <span id={membersId}>Members</span>
          <PeoplePicker autoFocus={false} exclude={members.map((member) => member.id)} onPick={(person) => setMembers((current) => [...current, person])} />
          <PeopleSelection people={members} onRemove={(person) => setMembers((current) => current.filter((candidate) => candidate.id !== person.id))} />
          <FederatedNotes people={members} />
        </div>
        <InviteWarning invitation={invitation} action="Create" />
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
        <DialogActions onCancel={onClose} confirmLabel="Create" disabled={creating || !invitation.canProceed} />
      </form>
    </Dialog>
  );
}
