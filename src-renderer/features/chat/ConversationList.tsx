/** The conversation list, virtualized (react-virtuoso): only the rows in view are in the DOM. */
import { forwardRef, type ComponentProps } from 'react';
import { Virtuoso, type ItemProps, type ListProps } from 'react-virtuoso';
import type { ConversationSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { SharedWith } from '../federation/SharedWith';
import { FederatedBadge, PresenceDot } from '../people/PersonBadges';

const List = forwardRef<HTMLUListElement, ListProps<HTMLUListElement> & ComponentProps<'ul'>>(function List(props, ref) {
  return <ul {...props} ref={ref} aria-label="Conversations" className="conversations__list" />;
});

function Item({ item, ...props }: ItemProps<ConversationSummary>) {
  return <li {...props} aria-label={item.title} />;
}

export function ConversationList() {
  const conversations = useAppStore((state) => state.conversations);
  const activeId = useAppStore((state) => state.activeConversationId);
  const openConversation = useAppStore((state) => state.openConversation);
  return (
    <nav className="conversations" aria-label="Conversation list">
      <h2 className="conversations__heading">Conversations</h2>
      {conversations.length === 0 ? (
        <ul aria-label="Conversations" className="conversations__list">
          <li className="muted conversations__empty">No conversations yet.</li>
        </ul>
      ) : (
        <Virtuoso
          className="conversations__scroller"
          data={conversations}
          computeItemKey={(_index, conversation) => conversation.id}
          components={{ List: List as never, Item }}
          itemContent={(_index, conversation) => (
            <button
              type="button"
              className={`conversation${conversation.id === activeId ? ' conversation--active' : ''}`}
              aria-current={conversation.id === activeId ? 'true' : undefined}
              onClick={() => void openConversation(conversation.id)}
            >
              <span className="conversation__icon" aria-hidden="true">
                {conversation.kind === 'channel' ? '#' : conversation.peer ? <PresenceDot presence={conversation.peer.presence} /> : '@'}
              </span>
              <span className="conversation__title">
                {conversation.title}
                <SharedWith conversation={conversation} />
              </span>
              {conversation.peer?.federated && <FederatedBadge accountName={conversation.peer.accountName} />}
              {conversation.unreadCount > 0 && (
                <span className="count-badge" aria-label={`${conversation.unreadCount} unread`}>
                  {conversation.unreadCount}
                </span>
              )}
            </button>
          )}
        />
      )}
    </nav>
  );
}
