/**
 * The conversation list, virtualized (react-virtuoso): only the rows in view are in the DOM.
 * Until it has loaded it says so (or that the connection is down); empty, it says how to start.
 */
import { Hash, Lock, UsersRound } from 'lucide-react';
import { forwardRef, type ComponentProps } from 'react';
import { Virtuoso, type ItemProps, type ListProps } from 'react-virtuoso';
import type { ConversationSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { SharedWith } from '../federation/SharedWith';
import '../mentions/mentions.css';
import { Avatar, FederatedBadge, PresenceDot } from '../people/PersonBadges';

const List = forwardRef<HTMLUListElement, ListProps<HTMLUListElement> & ComponentProps<'ul'>>(function List(props, ref) {
  return <ul {...props} ref={ref} aria-label="Conversations" className="conversations__list" />;
});

function Item({ item, ...props }: ItemProps<ConversationSummary>) {
  return <li {...props} aria-label={item.title} />;
}

function ConversationIcon({ conversation }: { conversation: ConversationSummary }) {
  if (conversation.kind === 'channel') {
    return <span className="conversation__icon">{conversation.visibility === 'private' ? <Lock size={15} /> : <Hash size={15} />}</span>;
  }
  if (conversation.kind === 'group') return <span className="conversation__icon"><UsersRound size={15} /></span>;
  if (!conversation.peer) return <span className="conversation__icon">@</span>;
  return (
    <span className="conversation__avatar">
      <Avatar name={conversation.peer.displayName} colorKey={conversation.peer.id} size="small" />
      <PresenceDot presence={conversation.peer.presence} />
    </span>
  );
}

/** The list's current (or first) conversation: where focus goes when the open one goes away (a channel left). */
export function conversationListElement(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.conversations__list .conversation[aria-current="true"], .conversations__list .conversation');
}

export function ConversationList() {
  const conversations = useAppStore((state) => state.conversations);
  const status = useAppStore((state) => state.conversationsStatus);
  const connection = useAppStore((state) => state.connection);
  const activeId = useAppStore((state) => state.activeConversationId);
  const openConversation = useAppStore((state) => state.openConversation);
  const requestComposerFocus = useAppStore((state) => state.requestComposerFocus);
  const loadConversations = useAppStore((state) => state.loadConversations);

  let placeholder: React.ReactNode = null;
  if (status !== 'loaded' && connection !== 'connected') {
    placeholder = <p role="status">You are offline. Your conversations will show when the connection returns.</p>;
  } else if (status === 'loading') {
    placeholder = <p role="status">Loading conversations…</p>;
  } else if (status === 'failed') {
    placeholder = (
      <p role="alert">
        Your conversations could not be loaded.{' '}
        <button type="button" className="link-button link-button--underlined" onClick={() => void loadConversations()}>
          Try again
        </button>
      </p>
    );
  } else if (conversations.length === 0) {
    placeholder = <p>No conversations yet. Start one with New chat or New channel.</p>;
  }

  return (
    <nav className="conversations" aria-labelledby="conversations-heading">
      <h2 id="conversations-heading" className="conversations__heading">
        Conversations
      </h2>
      {placeholder ? (
        <div className="conversations__empty muted">{placeholder}</div>
      ) : (
        <Virtuoso
          className="conversations__scroller"
          data={conversations}
          computeItemKey={(_index, conversation) => conversation.id}
          components={{ List: List as never, Item }}
          itemContent={(_index, conversation) => {
            const unread = conversation.unreadCount > 0;
            return (
              <button
                type="button"
                className={`conversation${conversation.id === activeId ? ' conversation--active' : ''}${unread ? ' conversation--unread' : ''}`}
                aria-current={conversation.id === activeId ? 'true' : undefined}
                onClick={() => {
                  requestComposerFocus(conversation.id);
                  void openConversation(conversation.id);
                }}
              >
                <ConversationIcon conversation={conversation} />
                <span className="conversation__title">
                  {conversation.title}
                  <SharedWith conversation={conversation} />
                </span>
                {conversation.peer?.federated && <FederatedBadge accountName={conversation.peer.accountName} />}
                {conversation.unreadMentions > 0 && (
                  <span className="mention-badge">
                    <span aria-hidden="true">@</span>
                    <span className="visually-hidden">{conversation.unreadMentions === 1 ? '1 unread mention' : `${conversation.unreadMentions} unread mentions`}</span>
                  </span>
                )}
                {unread && (
                  <span className="count-badge" role="img" aria-label={`${conversation.unreadCount} unread`}>
                    {conversation.unreadCount}
                  </span>
                )}
              </button>
            );
          }}
        />
      )}
    </nav>
  );
}
