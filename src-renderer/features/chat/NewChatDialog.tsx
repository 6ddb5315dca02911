import { useState } from 'react';
import { maxGroupMembers } from '../../../src-shared/protocol/groupProtocol';
import type { PersonSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { PeoplePicker, PeopleSelection } from '../people/PeoplePicker';
import { Dialog, DialogActions } from '../shell/Dialog';
import { FederatedNotes } from './FederatedNotes';

/**
 * `New chat` (SPEC 6): pick one person for a 1:1 chat, or several (up to 9, you making 10) for a
 * group chat; each shows in `Selected people`; `Start chat` opens it. A group whose people do not
 * all see each other is refused by the backend, which says who cannot see whom.
 */
export function NewChatDialog({ onClose }: { onClose: () => void }) {
  const startChat = useAppStore((state) => state.startChat);
  const startGroupChat = useAppStore((state) => state.startGroupChat);
  const me = useAppStore((state) => state.me);
  const [chosen, setChosen] = useState<PersonSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const full = chosen.length >= maxGroupMembers - 1;

  const start = async () => {
    if (chosen.length === 0) return;
    setStarting(true);
    if (chosen.length === 1) {
      onClose();
      await startChat(chosen[0]!.id);
      return;
    }
    const failure = await startGroupChat(chosen.map((person) => person.id));
    setStarting(false);
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <Dialog title="New chat" onClose={onClose} className="dialog--wide">
      <p className="muted dialog__lead">Pick one person for a 1:1 chat, or several for a group chat.</p>
      {full ? (
        <p className="muted" role="status">
          A group chat holds {maxGroupMembers} people, you included.
        </p>
      ) : (
        <PeoplePicker
          exclude={[...(me ? [me.id] : []), ...chosen.map((person) => person.id)]}
          onPick={(person) => {
            setError(null);
            setChosen((current) => [...current, person]);
          }}
        />
      )}
      <PeopleSelection
        people={chosen}
        onRemove={(person) => {
          setError(null);
          setChosen((current) => current.filter((candidate) => candidate.id !== person.id));
        }}
      />
      <FederatedNotes people={chosen} />
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <DialogActions onCancel={onClose} confirmLabel="Start chat" onConfirm={() => void start()} disabled={chosen.length === 0 || starting} />
    </Dialog>
  );
}
