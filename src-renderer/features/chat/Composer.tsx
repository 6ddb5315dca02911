/**
 * The composer (SPEC 6): textbox `Message` (`Reply` in a thread), `Attach file`, `Send`. Its
 * text is the draft of its conversation or thread (SPEC 7 "Drafts"): kept in the store and
 * saved, so it never follows the person elsewhere and survives a restart.
 *
 * Files come by `Attach file` (several at once), by pasting them or by dropping them on the
 * conversation; each uploads at once and waits in `Attached files` until `Send`, which sends
 * the text as their caption: the first file's message carries it, each further file goes in a
 * message of its own, one after the other in the outbox.
 */
import { SendHorizontal, Smile } from 'lucide-react';
import { forwardRef, useImperativeHandle, useRef, useState, type ClipboardEvent } from 'react';
import { describeSize, fileTooLargeMessage } from '../../../src-shared/protocol/fileProtocol';
import type { SharedFile } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';
import { useAppStore } from '../../store/appStore';
import { draftKey, selectDraft } from '../../store/draftsSlice';
import { useMessageCompletion } from '../completion/useMessageCompletion';
import { LazyEmojiPicker } from '../emoji/LazyEmojiPicker';
import { AttachButton } from './AttachButton';

const composerId = 'message-composer';

/** At most this many files wait to be sent at once (the backend takes ten uploads in a burst). */
export const maxAttachments = 10;

/** The composer's box: where focus goes after an action whose button went away (a deleted message's). */
export function composerElement(): HTMLElement | null {
  return document.getElementById(composerId);
}

/** A file waiting in the composer: uploading, or uploaded and ready to go. */
interface Attachment {
  key: string;
  name: string;
  size: number;
  uploaded: SharedFile | null;
}

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

let attachmentKeys = 0;

export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer({ conversationId, threadId, placeholder, onSent }, ref) {
  const key = draftKey(conversationId, threadId);
  const draft = useAppStore(selectDraft(key));
  const setDraft = useAppStore((state) => state.setDraft);
  const noteTyping = useAppStore((state) => state.noteTyping);
  const noteSent = useAppStore((state) => state.noteSent);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const uploading = attachments.some((attachment) => attachment.uploaded === null);
  const canSend = !uploading && (draft.trim() !== '' || attachments.length > 0);

  const upload = async (file: File, attachmentKey: string) => {
    const api = getApi();
    const forget = (message: string) => {
      setAttachments((current) => current.filter((attachment) => attachment.key !== attachmentKey));
      setProblem(message);
    };
    // Refused here before reading it into memory; the backend refuses it too, whatever a client does.
    const limits = await api.getFileLimits();
    if (limits.ok && file.size > limits.data.maxUploadBytes) return forget(`${file.name}: ${fileTooLargeMessage(limits.data.maxUploadBytes)}`);
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch {
      return forget(`${file.name} could not be read.`);
    }
    const uploaded = await api.uploadFile({ conversationId, name: file.name, contentType: file.type, bytes });
    if (!uploaded.ok) return forget(`${file.name}: ${uploaded.error.message}`);
    setAttachments((current) => current.map((attachment) => (attachment.key === attachmentKey ? { ...attachment, uploaded: uploaded.data } : attachment)));
  };

  const addFiles = (files: readonly File[]) => {
    setProblem(null);
    const room = maxAttachments - attachments.length;
    if (files.length > room) setProblem(`At most ${maxAttachments} files go at once; ${files.length - Math.max(0, room)} were left out.`);
    const added = files.slice(0, Math.max(0, room)).map((file) => ({ file, attachment: { key: `a${++attachmentKeys}`, name: file.name, size: file.size, uploaded: null } }));
    setAttachments((current) => [...current, ...added.map(({ attachment }) => attachment)]);
    for (const { file, attachment } of added) void upload(file, attachment.key);
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

  const send = async () => {
    if (!canSend) return;
    const text = draft;
    const files = attachments.flatMap((attachment) => (attachment.uploaded ? [attachment.uploaded] : []));
    // The outbox has it from here (pending until acknowledged): the box is free at once.
    setDraft(key, '');
    noteSent();
    setAttachments([]);
    setProblem(null);
    onSent();
    const api = getApi();
    const messages = files.length === 0 ? [{ text, fileId: undefined }] : files.map((file, index) => ({ text: index === 0 ? text.trim() : '', fileId: file.id }));
    for (const message of messages) {
      const result = await api.sendMessage({ conversationId, text: message.text, ...(message.fileId ? { fileId: message.fileId } : {}), ...(threadId ? { threadId } : {}) });
      if (!result.ok) {
        // Refused outright (it never reached the outbox): the text comes back unless something new was typed.
        setProblem(result.error.message);
        if (useAppStore.getState().drafts[key] === undefined) setDraft(key, text);
        return;
      }
    }
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
        void send();
      }}
    >
      {attachments.length > 0 && (
        <ul className="composer__files" aria-label="Attached files">
          {attachments.map((attachment) => (
            <li key={attachment.key} className="chip composer__file">
              <span className="chip__name">{attachment.name}</span>
              <span className="muted composer__file-state">{attachment.uploaded ? describeSize(attachment.size) : 'Uploading…'}</span>
              <button
                type="button"
                className="icon-button chip__remove"
                aria-label={`Remove ${attachment.name}`}
                onClick={() => setAttachments((current) => current.filter((candidate) => candidate.key !== attachment.key))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p role="alert" className="attach__notice attach__notice--failed">
          {problem}{' '}
          <button type="button" className="button button--quiet" onClick={() => setProblem(null)}>
            Dismiss
          </button>
        </p>
      )}
      <AttachButton disabled={attachments.length >= maxAttachments} onFiles={addFiles} />
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
            void send();
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
