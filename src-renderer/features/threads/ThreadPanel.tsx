/**
 * A thread beside its conversation (SPEC 6): region `Thread` with the message that started it,
 * log `Replies`, the composer (textbox `Reply`, `Send`) and `Close thread`. Its draft is the
 * thread's own. Escape closes it and focus returns to the conversation's composer.
 */
import { X } from 'lucide-react';
import { useCallback, useEffect, useRef } from 'react';
import type { ConversationSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import type { ThreadView } from '../../store/threadsSlice';
import { Composer } from '../chat/Composer';
import { composerElement } from '../chat/composerElement';
import { MessageRow } from '../chat/MessageRow';
import { PendingMessages } from '../chat/PendingMessages';
import { useRovingMessages } from '../chat/rovingMessages';
import { routeHash } from '../panes/appRoute';
import { layerLevel, useBackLayer } from '../panes/useBackLayer';
import './threads.css';

export function ThreadPanel({ conversation, thread }: { conversation: ConversationSummary; thread: ThreadView }) {
  const closeThread = useAppStore((state) => state.closeThread);
  const showCard = useAppStore((state) => state.showCard);
  // One function for every row, so a reply that has not changed is not drawn again (MessageRow is memo).
  const openPerson = useCallback((userId: string) => void showCard(userId), [showCard]);
  const loadOlderReplies = useAppStore((state) => state.loadOlderReplies);
  const focusedReply = useAppStore((state) => (state.focusedReply?.rootId === thread.rootId ? state.focusedReply.replyId : null));
  const panel = useRef<HTMLElement>(null);
  const end = useRef<HTMLDivElement>(null);
  const replies = useRef<HTMLDivElement>(null);
  useRovingMessages(replies);
  const close = () => {
    closeThread();
    requestAnimationFrame(() => composerElement()?.focus());
  };
  // On a phone the thread is a sheet over its conversation: Back closes it.
  useBackLayer(true, layerLevel.sheet, close, routeHash({ section: 'chat', conversationId: conversation.id, threadRootId: thread.rootId }));

  // Opened: the reply box takes focus (unless a search result is to be shown), and the newest replies are in view.
  useEffect(() => {
    if (!focusedReply) panel.current?.querySelector<HTMLTextAreaElement>('textarea[aria-label="Reply"]')?.focus();
  }, [thread.rootId, focusedReply]);
  const count = thread.replies.length;
  // Read while on screen, with the window focused (SPEC 9: read state on the backend).
  const markOpenThreadRead = useAppStore((state) => state.markOpenThreadRead);
  const focused = useAppStore((state) => state.windowFocused);
  const unread = useAppStore((state) => state.threadUnread[thread.rootId]?.count ?? 0);
  useEffect(() => {
    markOpenThreadRead();
  }, [count, focused, unread, thread.status, markOpenThreadRead]);
  useEffect(() => {
    if (focusedReply) document.getElementById(`reply-${focusedReply}`)?.scrollIntoView({ block: 'center' });
    else end.current?.scrollIntoView({ block: 'end' });
  }, [count, focusedReply]);

  const where = conversation.kind === 'channel' ? `# ${conversation.title}` : conversation.title;
  return (
    <section
      ref={panel}
      className="thread"
      aria-label="Thread"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          close();
        }
      }}
    >
      <div className="thread__header">
        <div className="thread__title">
          <h3 className="thread__heading">Thread</h3>
          <p className="muted thread__where" title={where}>
            {where}
          </p>
        </div>
        <button type="button" className="icon-button" aria-label="Close thread" title="Close thread" onClick={close}>
          <X size={18} aria-hidden="true" />
        </button>
      </div>
      <div className="thread__body">
        {thread.status === 'failed' && (
          <p role="alert" className="form-error thread__state">
            {thread.error}
          </p>
        )}
        {thread.root && (
          <div className="thread__root message-slot">
            <MessageRow message={thread.root} continued={false} inThread onOpenPerson={openPerson} />
          </div>
        )}
        <div className="divider thread__count" role="separator" aria-label={count === 1 ? '1 reply' : `${count} replies`}>
          <span>{thread.status === 'loading' ? 'Loading replies…' : count === 1 ? '1 reply' : `${count} replies`}</span>
        </div>
        <div ref={replies} role="log" aria-label="Replies" className="thread__replies">
          {thread.hasMore && (
            <button type="button" className="button button--quiet thread__older" onClick={() => void loadOlderReplies(thread.rootId)}>
              Show earlier replies
            </button>
          )}
          {thread.replies.map((reply) => (
            <div key={reply.id} id={`reply-${reply.id}`} className="message-slot">
              <MessageRow message={reply} continued={false} inThread focused={reply.id === focusedReply} onOpenPerson={openPerson} />
            </div>
          ))}
          <div className="message-slot">
            <PendingMessages conversationId={conversation.id} threadId={thread.rootId} delivered={thread.replies} />
          </div>
          <div ref={end} />
        </div>
      </div>
      <Composer conversationId={conversation.id} threadId={thread.rootId} placeholder="Reply…" onSent={() => end.current?.scrollIntoView({ block: 'end' })} />
    </section>
  );
}
