import { useAppStore } from '../../store/appStore';
import { FederatedBadge, PresenceDot } from '../people/PersonBadges';

export function ConversationList() {
  const conversations = useAppStore((state) => state.conversations);
  const activeId = useAppStore((state) => state.activeConversationId);
  const openConversation = useAppStore((state) => state.openConversation);
  return (
    <nav className="conversations" aria-label="Conversation list">
      <h2 className="conversations__heading">Conversations</h2>
      <ul aria-label="Conversations" className="conversations__list">
        {conversations.map((conversation) => (
          <li key={conversation.id} aria-label={conversation.title}>
            <button
              type="button"
              className={`conversation${conversation.id === activeId ? ' conversation--active' : ''}`}
              aria-current={conversation.id === activeId ? 'true' : undefined}
              onClick={() => void openConversation(conversation.id)}
            >
              <span className="conversation__icon" aria-hidden="true">
                {conversation.kind === 'channel' ? '#' : conversation.peer ? <PresenceDot presence={conversation.peer.presence} /> : '@'}
              </span>
              <span className="conversation__title">{conversation.title}</span>
              {conversation.peer?.federated && <FederatedBadge accountName={conversation.peer.accountName} />}
              {conversation.unreadCount > 0 && (
                <span className="count-badge" aria-label={`${conversation.unreadCount} unread`}>
                  {conversation.unreadCount}
                </span>
              )}
            </button>
          </li>
        ))}
        {conversations.length === 0 && <li className="muted conversations__empty">No conversations yet.</li>}
      </ul>
    </nav>
  );
}
