/**
 * `Pinned messages` (SPEC 9 `Pin`): a conversation's pinned messages, the latest pinned first,
 * each as the viewer sees it (an author they do not see is `UNKNOWN USER`); choosing one opens
 * the conversation at it, with focus in `Message`.
 */
import { useEffect } from 'react';
import type { ConversationSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { plainTextOf } from '../formatting/markdown';
import { Dialog } from '../shell/Dialog';
import { MessageTime } from './MessageRow';

/** How much of a pinned message's text the list shows (the whole is in the log). */
const excerptLength = 200;

/** The words of a message as the log shows them, without its formatting marks, cut to one excerpt. */
function excerpt(text: string): string {
  const plain = plainTextOf(text);
  return plain.length > excerptLength ? `${plain.slice(0, excerptLength)}…` : plain;
}

export function PinnedMessagesDialog({ conversation, onClose }: { conversation: ConversationSummary; onClose: () => void }) {
  const pinned = useAppStore((state) => state.pinned[conversation.id]);
  const loadPinned = useAppStore((state) => state.loadPinned);
  const openConversationAt = useAppStore((state) => state.openConversationAt);

  useEffect(() => {
    void loadPinned(conversation.id);
  }, [conversation.id, loadPinned]);

  return (
    <Dialog title="Pinned messages" onClose={onClose} className="pinned-dialog">
      {pinned === undefined ? (
        <p className="muted">Loading…</p>
      ) : pinned.length === 0 ? (
        <p className="muted">Nothing is pinned here yet. Pin a message from its More actions menu.</p>
      ) : (
        <ul className="pinned-list" aria-label="Pinned messages">
          {pinned.map((message) => (
            <li key={message.id} className="pinned-list__item">
              <button
                type="button"
                className="pinned-list__open"
                onClick={() => {
                  onClose();
                  void openConversationAt(conversation.id, { id: message.id, seq: message.seq, threadId: null });
                }}
              >
                <span className="pinned-list__author">{message.author.displayName}</span> <MessageTime at={message.createdAt} dated />
                <span className="pinned-list__text">{excerpt(message.text) || message.file?.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
