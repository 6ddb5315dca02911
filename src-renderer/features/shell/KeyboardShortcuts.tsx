/**
 * The app's own shortcuts (SPEC 9): Ctrl/Cmd+/ opens the dialog `Keyboard shortcuts` that lists
 * them all, and Alt+Up/Down opens the conversation above or below the open one, in the order of
 * the list as shown (its sections, or Unread only), with focus in its Message box.
 */
import { Fragment, useEffect, useState } from 'react';
import { useAppStore } from '../../store/appStore';
import { conversationRows } from '../chat/ConversationList';
import { Dialog } from './Dialog';

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);
const command = mac ? '⌘' : 'Ctrl';

/** Each shortcut's keys, pressed together (or, with `either`, one or the other), and what it does. */
const shortcuts: Array<{ keys: string[]; either?: boolean; does: string }> = [
  { keys: [command, 'K'], does: 'Search people and conversations; Enter opens the first match' },
  { keys: ['Alt', '↑'], does: 'Open the conversation above in the list' },
  { keys: ['Alt', '↓'], does: 'Open the conversation below in the list' },
  { keys: ['↑'], does: 'In an empty Message box: edit your last message' },
  { keys: ['Enter'], does: 'Send the message (save an edit)' },
  { keys: ['Shift', 'Enter'], does: 'Start a new line' },
  { keys: ['↑', '↓'], either: true, does: 'In the message log: move between messages (Tab goes into one)' },
  { keys: ['Escape'], does: 'Close a dialog, a thread or an edit' },
  { keys: [command, '/'], does: 'Show these shortcuts' },
];

/** The conversation `step` places above (-1) or below (1) the open one, in the list's order as shown. */
function neighbour(step: -1 | 1): string | null {
  const { conversations, unreadOnly, activeConversationId } = useAppStore.getState();
  const ids = conversationRows(conversations, unreadOnly).flatMap((row) => (row.kind === 'conversation' ? [row.conversation.id] : []));
  if (ids.length === 0) return null;
  const at = activeConversationId ? ids.indexOf(activeConversationId) : -1;
  if (at < 0) return step === 1 ? ids[0]! : ids.at(-1)!;
  return ids[at + step] ?? null;
}

/** Listens for the app's shortcuts; shows `Keyboard shortcuts` when asked. */
export function KeyboardShortcuts() {
  const [showing, setShowing] = useState(false);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key === '/') {
        event.preventDefault();
        setShowing(true);
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        // Not while a dialog is open: it holds the keyboard.
        if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
        const next = neighbour(event.key === 'ArrowUp' ? -1 : 1);
        if (!next) return;
        event.preventDefault();
        const state = useAppStore.getState();
        state.showSection('chat');
        state.showChatPane(null);
        state.requestComposerFocus(next);
        void state.openConversation(next);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  if (!showing) return null;
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => setShowing(false)} className="shortcuts">
      <table className="shortcuts__table">
        <caption className="visually-hidden">Keys and what they do</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {shortcuts.map(({ keys, either = false, does }) => (
            <tr key={`${keys.join('+')} ${does}`}>
              <td className="shortcuts__keys">
                {keys.map((key, index) => (
                  <Fragment key={index}>
                    {index > 0 && (either ? ' or ' : ' + ')}
                    <kbd>{key}</kbd>
                  </Fragment>
                ))}
              </td>
              <td>{does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={() => setShowing(false)}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
