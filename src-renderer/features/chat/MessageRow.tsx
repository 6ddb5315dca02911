/**
 * One message in the log: avatar, author and time (left out when it continues the previous
 * message of the same person), text or shared file, and its actions. Own messages can be
 * edited in place (a multi-line box: Enter saves, Shift+Enter breaks the line, Escape cancels)
 * and deleted after `Confirm`. Threads and reactions hang off `MessageActions` and the body.
 */
import { Pencil, SmilePlus, Trash2 } from 'lucide-react';
import { useRef, useState, type ReactNode } from 'react';
import type { MessageView } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { selectReacted } from '../../store/reactionsSlice';
import { PersonAvatar, PersonName } from '../people/PersonBadges';
import { ConfirmDialog } from '../shell/ConfirmDialog';
import { composerElement } from './Composer';
import { LazyEmojiPicker } from '../emoji/LazyEmojiPicker';
import { MessageMarkdown } from '../formatting/MessageMarkdown';
import { MessageReactions } from '../reactions/MessageReactions';
import { FileLink } from './FileLink';

/** `2:05 PM` in the viewer's own time zone; the full moment on hover. */
export function MessageTime({ at, className = '' }: { at: string; className?: string }) {
  const date = new Date(at);
  return (
    <time dateTime={at} className={`message__time ${className}`} title={date.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' })}>
      {date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })}
    </time>
  );
}

export function MessageRow({ message, continued, onOpenPerson }: { message: MessageView; continued: boolean; onOpenPerson: (userId: string) => void }) {
  const own = useAppStore((state) => message.author.kind === 'person' && message.author.id === state.me?.id);
  const meId = useAppStore((state) => state.me?.id);
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [pickingReaction, setPickingReaction] = useState(false);
  const deleteMessage = useAppStore((state) => state.deleteMessage);
  const toggleReaction = useAppStore((state) => state.toggleReaction);
  const editButton = useRef<HTMLButtonElement>(null);

  const finishEditing = () => {
    setEditing(false);
    // Back to where editing began; the actions show while it has focus.
    requestAnimationFrame(() => editButton.current?.focus());
  };

  return (
    <article className={`message${continued ? ' message--continued' : ''}${editing ? ' message--editing' : ''}`} aria-label={`Message from ${message.author.displayName}`}>
      <div className="message__gutter">{continued ? <MessageTime at={message.createdAt} className="message__time--gutter" /> : <PersonAvatar person={message.author} />}</div>
      <div className="message__body">
        {!continued && (
          <div className="message__header">
            <PersonName person={message.author} onOpen={onOpenPerson} />
            <MessageTime at={message.createdAt} />
          </div>
        )}
        {editing ? (
          <EditMessageForm message={message} onDone={finishEditing} />
        ) : (
          <>
            {message.text !== '' && (
              <MessageMarkdown
                text={message.text}
                mentions={message.mentions}
                viewerId={meId}
                onOpenPerson={onOpenPerson}
                trailing={message.editedAt !== null ? <span className="message__edited"> (edited)</span> : undefined}
              />
            )}
            {message.file && <FileLink file={message.file} />}
            <MessageReactions message={message} />
          </>
        )}
      </div>
      {!editing && (
        <MessageActions>
          <button type="button" className="icon-button" aria-label="Add reaction" title="Add reaction" onClick={() => setPickingReaction(true)}>
            <SmilePlus size={16} aria-hidden="true" />
          </button>
          {own && (
            <>
              <button ref={editButton} type="button" className="icon-button" aria-label="Edit" title="Edit" onClick={() => setEditing(true)}>
                <Pencil size={16} aria-hidden="true" />
              </button>
              <button type="button" className="icon-button" aria-label="Delete" title="Delete" onClick={() => setConfirmingDelete(true)}>
                <Trash2 size={16} aria-hidden="true" />
              </button>
            </>
          )}
        </MessageActions>
      )}
      {pickingReaction && (
        <LazyEmojiPicker
          onPick={(emoji) => {
            // Picking an emoji the viewer already reacted with leaves it as it is.
            const existing = message.reactions.find((reaction) => reaction.emoji === emoji);
            if (!(existing && selectReacted(existing, meId))) void toggleReaction(message, emoji);
          }}
          onClose={() => setPickingReaction(false)}
        />
      )}
      {confirmingDelete && (
        <ConfirmDialog
          question="Delete this message?"
          detail="It is removed for everyone in the conversation. This cannot be undone."
          actionLabel="Delete"
          onConfirm={() => void deleteMessage(message.id)}
          focusAfterAction={composerElement}
          onClose={() => setConfirmingDelete(false)}
        />
      )}
    </article>
  );
}

/** A message's action buttons, shown on hover and on focus. */
export function MessageActions({ children }: { children: ReactNode }) {
  return (
    <div className="message__actions" role="group" aria-label="Message actions">
      {children}
    </div>
  );
}

/** Edits a message in place, keeping its line breaks. */
function EditMessageForm({ message, onDone }: { message: MessageView; onDone: () => void }) {
  const editMessage = useAppStore((state) => state.editMessage);
  const [text, setText] = useState(message.text);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (text.trim() === '') return setError('A message cannot be empty. Delete it instead.');
    if (text === message.text) return onDone();
    setSaving(true);
    const failure = await editMessage(message.id, text);
    setSaving(false);
    if (failure) setError(failure);
    else onDone();
  };
  return (
    <form
      className="message__edit"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <textarea
        aria-label="Edit message"
        className="message__edit-box"
        value={text}
        autoFocus
        onFocus={(event) => event.currentTarget.setSelectionRange(event.currentTarget.value.length, event.currentTarget.value.length)}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onDone();
          } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            void save();
          }
        }}
      />
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <div className="message__edit-actions">
        <span className="muted message__edit-hint">Enter to save · Shift+Enter for a new line · Escape to cancel</span>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={saving}>
          Save
        </button>
      </div>
    </form>
  );
}
