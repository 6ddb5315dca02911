/**
 * The composer (SPEC 6): textbox `Message` (`Reply` in a thread), `Attach file`, `Send`. Its
 * text is the draft of its conversation or thread (SPEC 7 "Drafts"): kept in the store and
 * saved, so it never follows the person elsewhere and survives a restart.
 *
 * Files come by `Attach file` (several at once), by pasting them or by dropping them on the
 * conversation; each uploads at once and waits in `Attached files` until `Send`, which sends
 * the text as their caption. Uploading and sending are the store's (../../store/composerSlice.ts).
 */
import { SendHorizontal, Smile } from 'lucide-react';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type ClipboardEvent } from 'react';
import { describeSize } from '../../../src-shared/protocol/fileProtocol';
import { useAppStore } from '../../store/appStore';
import { selectAttachments, selectCanSend } from '../../store/composerSlice';
import { draftKey, selectDraft } from '../../store/draftsSlice';
import { useMessageCompletion } from '../completion/useMessageCompletion';
import { LazyEmojiPicker } from '../emoji/LazyEmojiPicker';
import { AttachButton } from './AttachButton';
import { composerId } from './composerElement';
import { isOwn } from '../../store/messages';

/** What the conversation can ask of its composer: take files dropped on it. */
export interface ComposerHandle {
  addFiles(files: readonly File[]): void;
}

export interface ComposerProps {
  conversationId: string;
  /** A reply box: the thread it answers. */
  threadId?: string;
  placeholder: string;
  onSent: () => void;
}

export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer({ conversationId, threadId, placeholder, onSent }, ref) {
  const key = draftKey(conversationId, threadId);
  const draft = useAppStore(selectDraft(key));
  const setDraft = useAppStore((state) => state.setDraft);
  const noteTyping = useAppStore((state) => state.noteTyping);
  const attachments = useAppStore(selectAttachments(key));
  const problem = useAppStore((state) => state.composerProblems[key] ?? null);
  const canSend = useAppStore(selectCanSend(key));
  const maxFiles = useAppStore((state) => state.fileLimits?.maxFilesAtOnce ?? null);
  const { addFiles: addFilesTo, removeAttachment, dismissComposerProblem, sendDraft, loadFileLimits } = useAppStore.getState();
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    void loadFileLimits();
  }, [loadFileLimits]);

  // The person chose this conversation (SPEC 9): its box takes focus once it is on screen.
  const focusWanted = useAppStore((state) => !threadId && state.composerFocus?.conversationId === conversationId);
  const composerFocused = useAppStore((state) => state.composerFocused);
  useEffect(() => {
    if (!focusWanted) return;
    box.current?.focus();
    composerFocused();
  }, [focusWanted, composerFocused]);

  const addFiles = (files: readonly File[]) => {
    void addFilesTo(conversationId, threadId, files);
    box.current?.focus();
  };
  useImperativeHandle(ref, () => ({ addFiles }));

  const [pickingEmoji, setPickingEmoji] = useState(false);
  const completion = useMessageCompletion(conversationId, box, draft, (text) => setDraft(key, text));

  /** Puts an emoji where the caret is (or was, before the picker took focus). */
  const insertEmoji = (emoji: string) => {
    const element = box.current;
    const start = element?.selectionStart ?? draft.length;
    const end = element?.selectionEnd ?? draft.length;
    const next = draft.slice(0, start) + emoji + draft.slice(end);
    setDraft(key, next);
    requestAnimationFrame(() => {
      if (box.current?.value === next) box.current.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  // The store sends (composerSlice.sendDraft); the log follows to the newest at once.
  const send = () => {
    if (!canSend) return;
    onSent();
    void sendDraft(conversationId, threadId);
  };

  const pasted = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...event.clipboardData.files];
    // Text with an image beside it (copied from a document) pastes as text.
    if (files.length === 0 || event.clipboardData.types.includes('text/plain')) return;
    event.preventDefault();
    addFiles(files);
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {attachments.length > 0 && (
        <ul className="composer__files" aria-label="Attached files">
          {attachments.map((attachment) => (
            <li key={attachment.key} className="chip composer__file">
              <span className="chip__name">{attachment.name}</span>
              <span className="muted composer__file-state">{attachment.uploaded ? describeSize(attachment.size) : 'Uploading…'}</span>
              <button type="button" className="icon-button chip__remove" aria-label={`Remove ${attachment.name}`} onClick={() => removeAttachment(key, attachment.key)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p role="alert" className="attach__notice attach__notice--failed">
          {problem}{' '}
          <button type="button" className="button button--quiet" onClick={() => dismissComposerProblem(key)}>
            Dismiss
          </button>
        </p>
      )}
      <AttachButton disabled={maxFiles !== null && attachments.length >= maxFiles} onFiles={addFiles} />
      {completion.listbox}
      <textarea
        ref={box}
        id={threadId ? undefined : composerId}
        className="composer__box"
        aria-label={threadId ? 'Reply' : 'Message'}
        placeholder={attachments.length > 0 ? 'Add a caption (optional)' : placeholder}
        value={draft}
        rows={1}
        {...completion.textareaProps}
        onChange={(event) => {
          completion.textareaProps.onChange(event);
          if (event.target.value) noteTyping();
        }}
        onPaste={pasted}
        onKeyDown={(event) => {
          if (completion.onKeyDown(event)) return;
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            send();
          } else if (event.key === 'ArrowUp' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && draft === '' && attachments.length === 0) {
            // Up arrow in an empty box edits one's last message here (SPEC 9), when it is on screen.
            const last = lastOwnMessageShown(event.currentTarget, conversationId, threadId);
            if (!last) return;
            event.preventDefault();
            useAppStore.getState().setEditing({ messageId: last, inThread: threadId !== undefined, fromBox: true });
          }
        }}
      />
      <button type="button" className="icon-button icon-button--framed composer__emoji" aria-label="Insert emoji" title="Insert emoji" onClick={() => setPickingEmoji(true)}>
        <Smile size={18} aria-hidden="true" />
      </button>
      {pickingEmoji && <LazyEmojiPicker onPick={insertEmoji} onClose={() => setPickingEmoji(false)} returnFocusTo={() => box.current} />}
      <button type="submit" className="button button--primary composer__send" disabled={!canSend}>
        <SendHorizontal size={16} aria-hidden="true" />
        <span>Send</span>
      </button>
    </form>
  );
});

/** The id of the viewer's newest message (a thread's reply, for the Reply box) that is on screen in the log beside `box`, if any. */
function lastOwnMessageShown(box: HTMLElement, conversationId: string, threadId: string | undefined): string | null {
  const state = useAppStore.getState();
  const meId = state.me?.id;
  const history = state.histories[conversationId];
  const messages = threadId ? (state.threads[threadId]?.replies ?? []) : history && !history.hasNewer ? history.messages : [];
  // One's newest message is still on its way (Sending…): that is the one meant, and it cannot be
  // edited until it arrives, so an older one is not opened in its place.
  const delivered = new Set(messages.map((message) => message.clientId));
  if (state.outbox.some((entry) => entry.status === 'pending' && entry.conversationId === conversationId && entry.threadId === threadId && !delivered.has(entry.clientId))) return null;
  const last = messages.findLast((message) => isOwn(message, meId) && !message.deleted);
  if (!last) return null;
  // The log of this box: a conversation's Messages, or the thread's Replies.
  const log = box.closest(threadId ? '.thread' : '.conversation-view')?.querySelector(`[role="log"][aria-label="${threadId ? 'Replies' : 'Messages'}"]`);
  return log?.querySelector(`article[data-message-id="${CSS.escape(last.id)}"]`) ? last.id : null;
}
