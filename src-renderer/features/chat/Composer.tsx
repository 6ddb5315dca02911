/**
 * The composer (SPEC 6): textbox `Message`, `Attach file`, `Send`. Its text is the
 * conversation's draft (SPEC 7 "Drafts"): kept per conversation in the store and saved, so it
 * never follows the person into another conversation and survives a restart.
 */
import { SendHorizontal, Smile } from 'lucide-react';
import { useRef, useState } from 'react';
import { useAppStore } from '../../store/appStore';
import { draftKey, selectDraft } from '../../store/draftsSlice';
import { useMessageCompletion } from '../completion/useMessageCompletion';
import { LazyEmojiPicker } from '../emoji/LazyEmojiPicker';
import { AttachButton } from './AttachButton';

const composerId = 'message-composer';

/** The composer's box: where focus goes after an action whose button went away (a deleted message's). */
export function composerElement(): HTMLElement | null {
  return document.getElementById(composerId);
}

export function Composer({ conversationId, placeholder, onSent }: { conversationId: string; placeholder: string; onSent: () => void }) {
  const key = draftKey(conversationId);
  const draft = useAppStore(selectDraft(key));
  const setDraft = useAppStore((state) => state.setDraft);
  const sendMessage = useAppStore((state) => state.sendMessage);
  const noteTyping = useAppStore((state) => state.noteTyping);
  const box = useRef<HTMLTextAreaElement>(null);
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
    const text = draft;
    if (text.trim() === '') return;
    // The outbox has it from here (pending until acknowledged): the box is free at once.
    setDraft(key, '');
    onSent();
    // Refused outright (it never reached the outbox): the text comes back unless something new was typed.
    if (!(await sendMessage(conversationId, text)) && useAppStore.getState().drafts[key] === undefined) setDraft(key, text);
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <AttachButton key={conversationId} conversationId={conversationId} />
      {completion.listbox}
      <textarea
        ref={box}
        id={composerId}
        className="composer__box"
        aria-label="Message"
        placeholder={placeholder}
        value={draft}
        rows={1}
        {...completion.textareaProps}
        onChange={(event) => {
          completion.textareaProps.onChange(event);
          if (event.target.value) noteTyping();
        }}
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
      {pickingEmoji && <LazyEmojiPicker onPick={insertEmoji} onClose={() => setPickingEmoji(false)} returnFocusTo={composerElement} />}
      <button type="submit" className="button button--primary composer__send" disabled={draft.trim() === ''}>
        <SendHorizontal size={16} aria-hidden="true" />
        <span>Send</span>
      </button>
    </form>
  );
}
