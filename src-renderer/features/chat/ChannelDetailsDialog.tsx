import { useId, useState } from 'react';
import { useAppStore } from '../../store/appStore';
import { Dialog, DialogActions } from '../shell/Dialog';

/** `Edit channel`: its name and topic (members of the owner account). */
export function ChannelDetailsDialog({ channelId, name, topic, onClose }: { channelId: string; name: string; topic: string | null; onClose: () => void }) {
  const updateChannel = useAppStore((state) => state.updateChannel);
  const [newName, setNewName] = useState(name);
  const [newTopic, setNewTopic] = useState(topic ?? '');
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const topicId = useId();
  return (
    <Dialog title="Edit channel" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void updateChannel(channelId, { name: newName, topic: newTopic }).then((failure) => (failure ? setError(failure) : onClose()));
        }}
      >
        <div className="field">
          <label htmlFor={nameId}>Channel name</label>
          <input id={nameId} value={newName} onChange={(event) => setNewName(event.target.value)} required maxLength={80} />
        </div>
        <div className="field">
          <label htmlFor={topicId}>Topic</label>
          <input id={topicId} value={newTopic} onChange={(event) => setNewTopic(event.target.value)} maxLength={250} />
        </div>
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
        <DialogActions onCancel={onClose} confirmLabel="Save" />
      </form>
    </Dialog>
  );
}
