import type { MessageView } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';
import { useAppStore } from '../../store/appStore';
import { Avatar } from '../people/PersonBadges';
import { MessageActions } from './MessageRow';
import { MessageMarkdown } from '../formatting/MessageMarkdown';
import { MessageBoundary } from '../shell/Boundary';

/**
 * Messages still in the outbox: pending until acknowledged (saying why when a rate limit holds one
 * back), failed (with retry) when refused. The log shows its own; a thread (`threadId`) its replies.
 */
export function PendingMessages({ conversationId, threadId, delivered }: { conversationId: string; threadId?: string; delivered: MessageView[] }) {
  const outbox = useAppStore((state) => state.outbox);
  const me = useAppStore((state) => state.me);
  const deliveredIds = new Set(delivered.map((message) => message.clientId));
  const entries = outbox.filter((entry) => entry.conversationId === conversationId && entry.threadId === threadId && !deliveredIds.has(entry.clientId));
  if (!me || entries.length === 0) return null;
  return entries.map((entry) => (
    <MessageBoundary key={entry.clientId} resetKeys={[entry]}>
      <article className={`message message--${entry.status}`} aria-label={`Message from ${me.displayName}`}>
        <div className="message__gutter">
          <Avatar name={me.displayName} colorKey={me.id} photoId={me.photoId} />
        </div>
        <div className="message__body">
          <div className="message__header">
            <span className="person-name">{me.displayName}</span>
            <span className="message__status">{entry.status === 'failed' ? `Not sent: ${entry.error ?? 'refused'}` : entry.error ? `Waiting to send. ${entry.error}` : 'Sending…'}</span>
          </div>
          <MessageMarkdown text={entry.text} />
        </div>
        {entry.status === 'failed' && (
          <MessageActions>
            <button type="button" className="button button--quiet" onClick={() => void getApi().retryMessage(entry.clientId)}>
              Retry
            </button>
            <button type="button" className="button button--quiet" onClick={() => void getApi().discardMessage(entry.clientId)}>
              Discard
            </button>
          </MessageActions>
        )}
      </article>
    </MessageBoundary>
  ));
}
