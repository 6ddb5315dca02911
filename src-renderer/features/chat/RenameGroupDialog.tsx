import { useId, useState } from 'react';
import type { ConversationSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { Dialog, DialogActions } from '../shell/Dialog';

/**
 * `Rename` of a group chat (SPEC 9 Messages): a name every member sees, with the rules of a
 * channel's name; `Clear name` titles it by its members again. Each member sees a notice of it.
 */
export function RenameGroupDialog({ conversation, onClose }: { conversation: ConversationSummary; onClose: () => void }) {
  const renameGroup = useAppStore((state) => state.renameGroup);
  const [name, setName] = useState(conversation.named ? conversation.title : '');
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const save = (value: string | null) => void renameGroup(conversation.id, value).then((failure) => (failure ? setError(failure) : onClose()));
  return (
    <Dialog title="Rename chat" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save(name);
        }}
      >
        <div className="field">
          <label htmlFor={nameId}>Chat name</label>
          <input id={nameId} value={name} onChange={(event) => setName(event.target.value)} required maxLength={80} autoComplete="off" />
        </div>
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
        {conversation.named && (
          <button type="button" className="button button--quiet" onClick={() => save(null)}>
            Clear name
          </button>
        )}
        <DialogActions onCancel={onClose} confirmLabel="Save" />
      </form>
    </Dialog>
  );
}
