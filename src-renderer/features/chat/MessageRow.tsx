/**
 * One message in the log: avatar, author and time (left out when it continues the previous
 * message of the same person), text or shared file, and its actions. Any message can start a
 * thread (`Reply in thread`), and one that has replies says how many (`1 reply`, `N replies`)
 * and when the last came. Own messages can be edited in place (a multi-line box: Enter saves,
 * Shift+Enter breaks the line, Escape cancels) and deleted after `Confirm`. Reactions hang off
 * `MessageActions` and the body.
 */
import { MessageSquareReply, Pencil, SmilePlus, Trash2 } from 'lucide-react';
import { memo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { MessageView } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { selectReacted } from '../../store/reactionsSlice';
import { useLongPress } from '../panes/useLongPress';
import { PersonAvatar, PersonName } from '../people/PersonBadges';
import { MessageBoundary } from '../shell/Boundary';
import { ConfirmDialog } from '../shell/ConfirmDialog';
import { composerElement } from './composerElement';
import { LazyEmojiPicker } from '../emoji/LazyEmojiPicker';
import { MessageMarkdown } from '../formatting/MessageMarkdown';
import { MessageReactions } from '../reactions/MessageReactions';
import { FileLink } from './FileLink';
import { MessageMenu } from './MessageMenu';
import { QuickReactions } from '../reactions/QuickReactions';
import { rememberReaction } from '../reactions/recentReactions';
import { formatDate } from '../time/dateTimeFormat';

/** `2:05 PM`, or with `dated` and before today `Nov 20, 2:05 PM` (and the year when not this one). */
export function shortMoment(date: Date, dated: boolean, now = new Date()): string {
  const time = formatDate(date, { hour: 'numeric', minute: '2-digit' });
  if (!dated || date.toDateString() === now.toDateString()) return time;
  const day = formatDate(date, { month: 'short', day: 'numeric', ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) });
  return `${day}, ${time}`;
}

/** `2:05 PM` in the viewer's own time zone (with the date before today when `dated`: a list out of its day's context); the full moment on hover. */
export function MessageTime({ at, className = '', dated = false }: { at: string; className?: string; dated?: boolean }) {
  const date = new Date(at);
  return (
    <time dateTime={at} className={`message__time ${className}`} title={formatDate(date, { dateStyle: 'full', timeStyle: 'short' })}>
      {shortMoment(date, dated)}
    </time>
  );
}

export interface MessageRowProps {
  message: MessageView;
  continued: boolean;
  onOpenPerson: (userId: string) => void;
  /** Shown in its thread (the thread's first message or a reply): no thread of its own to start or show. */
  inThread?: boolean;
  /** Marked: the message a search result opened. */
  focused?: boolean;
}

/**
 * A message in its own error boundary: one that cannot be shown says so in its place (SPEC 8), and tries again when it changes.
 * Drawn again only when its props change (the message, its place, a stable `onOpenPerson`) or what it reads from the store
 * does: the log draws every row it shows whenever it changes at all (a message arriving, a typing notice, the reader scrolling).
 */
export const MessageRow = memo(function MessageRow(props: MessageRowProps) {
  return (
    <MessageBoundary resetKeys={[props.message]}>
      <MessageRowContent {...props} />
    </MessageBoundary>
  );
});

function MessageRowContent({ message, continued, onOpenPerson, inThread = false, focused = false }: MessageRowProps) {
  const own = useAppStore((state) => message.author.kind === 'person' && message.author.id === state.me?.id);
  // A channel's `@here` and `@channel` mention everyone reading it (SPEC 9).
  const inChannel = useAppStore((state) => state.conversations.find((conversation) => conversation.id === message.conversationId)?.kind === 'channel');
  const openThreadOf = useAppStore((state) => state.openThreadOf);
  const meId = useAppStore((state) => state.me?.id);
  const editing = useAppStore((state) => own && state.editing?.messageId === message.id && state.editing.inThread === inThread);
  const row = useRef<HTMLElement>(null);
  const setEditingMessage = useAppStore((state) => state.setEditing);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [pickingReaction, setPickingReaction] = useState(false);
  const deleteMessage = useAppStore((state) => state.deleteMessage);
  const toggleReaction = useAppStore((state) => state.toggleReaction);
  const editButton = useRef<HTMLButtonElement>(null);
  // Held by a long-press until focus leaves the message: the actions show (they are hidden otherwise) so focus can go to them.
  const [pressed, setPressed] = useState(false);
  const longPress = useLongPress((article) => {
    flushSync(() => setPressed(true));
    showMessageActions(article);
  });

  const finishEditing = () => {
    const fromBox = useAppStore.getState().editing?.fromBox ?? false;
    setEditingMessage(null);
    // Back to where editing began: the Message (or Reply) box, or the Edit button, whose message's actions show while it has focus.
    const box = () => (inThread ? row.current?.closest('.thread')?.querySelector<HTMLElement>('textarea[aria-label="Reply"]') : composerElement());
    requestAnimationFrame(() => (fromBox ? box() : editButton.current)?.focus());
  };

  return (
    <article
      ref={row}
      {...longPress}
      onBlur={(event) => {
        if (pressed && !event.currentTarget.contains(event.relatedTarget as Node | null)) setPressed(false);
      }}
      className={`message${continued ? ' message--continued' : ''}${editing ? ' message--editing' : ''}${focused ? ' message--focused' : ''}${pressed ? ' message--pressed' : ''}`}
      aria-label={`Message from ${message.author.displayName}`}
      data-message-id={message.id}
    >
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
        ) : message.deleted ? (
          <p className="message__text message__deleted muted">This message was deleted.</p>
        ) : (
          <>
            {message.text !== '' && (
              <MessageMarkdown
                text={message.text}
                mentions={message.mentions}
                viewerId={meId}
                onOpenPerson={onOpenPerson}
                broadcasts={inChannel}
                trailing={message.editedAt !== null ? <span className="message__edited"> (edited)</span> : undefined}
              />
            )}
            {message.file && <FileLink file={message.file} conversationId={message.conversationId} />}
            <MessageReactions message={message} />
          </>
        )}
        {!inThread && message.thread && <ThreadSummaryLink message={message} />}
      </div>
      {!editing && !message.deleted && (
        <MessageActions>
          {!inThread && (
            <button type="button" className="icon-button" aria-label="Reply in thread" title="Reply in thread" onClick={() => void openThreadOf(message.conversationId, message.id)}>
              <MessageSquareReply size={16} aria-hidden="true" />
            </button>
          )}
          <QuickReactions message={message} />
          <button type="button" className="icon-button" aria-label="Add reaction" title="Add reaction" onClick={() => setPickingReaction(true)}>
            <SmilePlus size={16} aria-hidden="true" />
          </button>
          {own && (
            <>
              <button ref={editButton} type="button" className="icon-button" aria-label="Edit" title="Edit" onClick={() => setEditingMessage({ messageId: message.id, inThread, fromBox: false })}>
                <Pencil size={16} aria-hidden="true" />
              </button>
              <button type="button" className="icon-button" aria-label="Delete" title="Delete" onClick={() => setConfirmingDelete(true)}>
                <Trash2 size={16} aria-hidden="true" />
              </button>
            </>
          )}
          {!inThread && <MessageMenu message={message} />}
        </MessageActions>
      )}
      {pickingReaction && (
        <LazyEmojiPicker
          onPick={(emoji) => {
            // Picking an emoji the viewer already reacted with leaves it as it is.
            const existing = message.reactions.find((reaction) => reaction.emoji === emoji);
            if (meId) rememberReaction(meId, emoji);
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

/** `1 reply` / `N replies` (a button that opens the thread) and when the last one came. */
function ThreadSummaryLink({ message }: { message: MessageView }) {
  const openThreadOf = useAppStore((state) => state.openThreadOf);
  const open = useAppStore((state) => state.openThread?.rootId === message.id);
  const unread = useAppStore((state) => state.threadUnread[message.id]?.count ?? 0);
  const { replyCount, lastReplyAt } = message.thread!;
  return (
    <p className={`message__thread${unread > 0 ? ' message__thread--unread' : ''}`}>
      <button type="button" className="link-button message__thread-button" aria-expanded={open} onClick={() => void openThreadOf(message.conversationId, message.id)}>
        {replyCount === 1 ? '1 reply' : `${replyCount} replies`}
        {unread > 0 && <span className="message__thread-new">, {unread} unread</span>}
      </button>{' '}
      <span className="muted message__thread-last">
        Last reply <MessageTime at={lastReplyAt} className="message__thread-time" />
      </span>
    </p>
  );
}

/**
 * A long-press on a message (a phone) shows its actions with focus on them: `More actions` when
 * the message has that menu (SPEC 6), else the first of its buttons. Tapping a message or moving
 * focus into it shows them too: a long-press is never the only way.
 */
function showMessageActions(article: HTMLElement): void {
  const actions = article.querySelector('.message__actions');
  const target = actions?.querySelector<HTMLElement>('[aria-label="More actions"]') ?? actions?.querySelector<HTMLElement>('button');
  target?.focus();
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
