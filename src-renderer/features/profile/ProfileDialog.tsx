import { useId, useRef, useState } from 'react';
import { maxDisplayNameLength, maxProfileTextLength, photoTypes } from '../../../src-shared/protocol/profileProtocol';
import { useAppStore } from '../../store/appStore';
import { Avatar } from '../people/PersonBadges';
import { Dialog, DialogActions } from '../shell/Dialog';

/**
 * `Profile` (SPEC 9): the person edits their own display name, title and department (saved with
 * `Save`), and changes or removes their photo (at once, as Slack and Teams do). The server checks
 * everything and says why it refuses; everyone who sees the person sees the change at once.
 */
export function ProfileDialog({ onClose }: { onClose: () => void }) {
  const me = useAppStore((state) => state.me)!;
  const saveProfile = useAppStore((state) => state.saveProfile);
  const changePhoto = useAppStore((state) => state.changePhoto);
  const removePhoto = useAppStore((state) => state.removePhoto);
  const [displayName, setDisplayName] = useState(me.displayName);
  const [title, setTitle] = useState(me.title ?? '');
  const [department, setDepartment] = useState(me.department ?? '');
  const [error, setError] = useState<string | null>(null);
  const [photoNote, setPhotoNote] = useState('');
  const [busy, setBusy] = useState(false);
  const chooser = useRef<HTMLInputElement>(null);
  const changeButton = useRef<HTMLButtonElement>(null);
  const nameId = useId();
  const titleId = useId();
  const departmentId = useId();

  const photoDone = (failure: string | null, note: string) => {
    setBusy(false);
    setError(failure);
    setPhotoNote(failure ? '' : note);
  };

  return (
    <Dialog title="Profile" onClose={onClose} className="profile-dialog">
      <div className="profile-dialog__photo">
        <Avatar name={me.displayName} colorKey={me.id} size="profile" photoId={me.photoId} alt={me.photoId ? 'Your photo' : undefined} />
        <div className="profile-dialog__photo-actions">
          {/* Not disabled while a photo saves: focus comes back here after `Remove photo`, which goes. */}
          <button ref={changeButton} type="button" className="button" aria-disabled={busy} onClick={() => !busy && chooser.current?.click()}>
            Change photo
          </button>
          {me.photoId && (
            <button
              type="button"
              className="button button--quiet"
              disabled={busy}
              onClick={() => {
                setBusy(true);
                void removePhoto().then((failure) => {
                  photoDone(failure, 'Photo removed.');
                  changeButton.current?.focus();
                });
              }}
            >
              Remove photo
            </button>
          )}
          <span className="muted field__hint" role="status">
            {busy ? 'Saving photo…' : photoNote}
          </span>
        </div>
        <input
          ref={chooser}
          type="file"
          hidden
          tabIndex={-1}
          aria-label="Photo file"
          accept={photoTypes.join(',')}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (!file) return;
            setBusy(true);
            void file
              .arrayBuffer()
              .then((bytes) => changePhoto({ contentType: file.type, bytes }))
              .then((failure) => photoDone(failure, 'Photo updated.'));
          }}
        />
      </div>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void saveProfile({ displayName, title, department }).then((failure) => (failure ? setError(failure) : onClose()));
        }}
      >
        <div className="field">
          <label htmlFor={nameId}>Display name</label>
          <input id={nameId} value={displayName} required maxLength={maxDisplayNameLength} autoComplete="name" onChange={(event) => setDisplayName(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={titleId}>Title</label>
          <input id={titleId} value={title} maxLength={maxProfileTextLength} autoComplete="organization-title" onChange={(event) => setTitle(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={departmentId}>Department</label>
          <input id={departmentId} value={department} maxLength={maxProfileTextLength} onChange={(event) => setDepartment(event.target.value)} />
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
