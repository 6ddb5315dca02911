import { useId, useRef, useState } from 'react';
import { presenceValues, type Presence } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { presenceLabel, PresenceDot } from '../people/PersonBadges';
import { Dialog, DialogActions } from './Dialog';
import { clearAfterChoices, clearAfterLabels, statusClearsAt, type ClearAfter } from './statusClear';

/** `Set status`: presence, a status message and when it clears itself; focus starts on the presence now chosen. */
export function SetStatusDialog({ onClose }: { onClose: () => void }) {
  const me = useAppStore((state) => state.me)!;
  const setPresence = useAppStore((state) => state.setPresence);
  const [presence, setChoice] = useState<Presence>(me.presence);
  const [message, setMessage] = useState(me.statusMessage ?? '');
  const [clearAfter, setClearAfter] = useState<ClearAfter>('never');
  const [error, setError] = useState<string | null>(null);
  const messageId = useId();
  const clearAfterId = useId();
  const countId = useId();
  const chosen = useRef<HTMLInputElement>(null);
  return (
    <Dialog title="Set status" onClose={onClose} initialFocus={chosen}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void setPresence(presence, message.trim() || null, statusClearsAt(clearAfter, new Date())).then((failure) => (failure ? setError(failure) : onClose()));
        }}
      >
        <fieldset className="field status-choices">
          <legend className="visually-hidden">Presence</legend>
          {presenceValues.map((value) => (
            <label key={value} className="status-choice">
              <input ref={value === me.presence ? chosen : undefined} type="radio" name="presence" checked={presence === value} onChange={() => setChoice(value)} />
              <PresenceDot presence={value} /> {presenceLabel(value)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={messageId}>Status message</label>
          <input id={messageId} value={message} maxLength={100} onChange={(event) => setMessage(event.target.value)} placeholder="What are you up to?" aria-describedby={countId} />
          <span id={countId} className="muted field__hint">
            {message.length}/100
          </span>
        </div>
        <div className="field">
          <label htmlFor={clearAfterId}>Clear after</label>
          <select id={clearAfterId} value={clearAfter} onChange={(event) => setClearAfter(event.target.value as ClearAfter)}>
            {clearAfterChoices.map((choice) => (
              <option key={choice} value={choice}>
                {clearAfterLabels[choice]}
              </option>
            ))}
          </select>
        </div>
        {error && <p role="alert" className="form-error">{error}</p>}
        <DialogActions onCancel={onClose} confirmLabel="Save" />
      </form>
    </Dialog>
  );
}
