/**
 * The conversation list (SPEC 6 "lists", SPEC 9 "Lists that answer what needs me"), virtualized
 * (react-virtuoso: only the rows in view are in the DOM): sections `Channels` and `Direct
 * messages` (group chats with the latter), or `Unread` alone with `Unread only` pressed; each item
 * shows its title in full (details on a line of their own), the last message's time, `Draft`
 * when something waits unsent in it, `muted`, and its unread and mention counts. Until it has
 * loaded it says so (or that the connection is down); empty, it says how to start.
 */
import { BellOff, Hash, Lock, UsersRound } from 'lucide-react';
import { forwardRef, useMemo, type ComponentProps } from 'react';
import { Virtuoso, type ItemProps, type ListProps } from 'react-virtuoso';
import type { ConversationSummary } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { sharedWithText } from '../federation/SharedWith';
import '../mentions/mentions.css';
import { Avatar, PresenceDot } from '../people/PersonBadges';
import { listTime } from './listTime';
import { formatDate } from '../time/dateTimeFormat';

/** A row of the list: a section's heading, or a conversation. */
type Row = { kind: 'heading'; label: string } | { kind: 'conversation'; conversation: ConversationSummary };

const List = forwardRef<HTMLUListElement, ListProps<HTMLUListElement> & ComponentProps<'ul'>>(function List(props, ref) {
  return <ul {...props} ref={ref} aria-label="Conversations" className="conversations__list" />;
});

function Item({ item, ...props }: ItemProps<Row>) {
  return <li {...props} aria-label={item.kind === 'conversation' ? item.conversation.title : undefined} className={item.kind === 'heading' ? 'conversations__section' : undefined} />;
}

function ConversationIcon({ conversation }: { conversation: ConversationSummary }) {
  if (conversation.kind === 'channel') {
    return <span className="conversation__icon">{conversation.visibility === 'private' ? <Lock size={15} /> : <Hash size={15} />}</span>;
  }
  if (conversation.kind === 'group')
    return (
      <span className="conversation__icon">
        <UsersRound size={15} />
      </span>
    );
  if (!conversation.peer) return <span className="conversation__icon">@</span>;
  return (
    <span className="conversation__avatar">
      <Avatar name={conversation.peer.displayName} colorKey={conversation.peer.id} size="small" photoId={conversation.peer.photoId} />
      <PresenceDot presence={conversation.peer.presence} />
    </span>
  );
}

/** The list's current (or first) conversation: where focus goes when the open one goes away (a channel left). */
export function conversationListElement(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.conversations__list .conversation[aria-current="true"], .conversations__list .conversation');
}

const byName = (a: ConversationSummary, b: ConversationSummary) => a.title.localeCompare(b.title, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);

/** The rows of the list: its sections, each under its heading (empty ones left out). */
export function conversationRows(conversations: readonly ConversationSummary[], unreadOnly: boolean): Row[] {
  const section = (label: string, members: readonly ConversationSummary[]): Row[] =>
    members.length === 0 ? [] : [{ kind: 'heading', label }, ...members.map((conversation): Row => ({ kind: 'conversation', conversation }))];
  if (unreadOnly) return section('Unread', conversations.filter((conversation) => conversation.unreadCount > 0 || conversation.unreadMentions > 0));
  // Channels by name, as Slack lists them (a new one shows in its place, not at the bottom); chats by activity.
  const channels = conversations.filter((conversation) => conversation.kind === 'channel').sort(byName);
  return [...section('Channels', channels), ...section('Direct messages', conversations.filter((conversation) => conversation.kind !== 'channel'))];
}

export function ConversationList() {
  const conversations = useAppStore((state) => state.conversations);
  const status = useAppStore((state) => state.conversationsStatus);
  const connection = useAppStore((state) => state.connection);
  const unreadOnly = useAppStore((state) => state.unreadOnly);
  const rows = useMemo(() => conversationRows(conversations, unreadOnly), [conversations, unreadOnly]);

  let placeholder: React.ReactNode = null;
  if (status !== 'loaded' && connection !== 'connected') {
    placeholder = <p role="status">You are offline. Your conversations will show when the connection returns.</p>;
  } else if (status === 'loading') {
    placeholder = <p role="status">Loading conversations…</p>;
  } else if (status === 'failed') {
    placeholder = (
      <p role="alert">
        Your conversations could not be loaded.{' '}
        <button type="button" className="link-button link-button--underlined" onClick={() => void useAppStore.getState().loadConversations()}>
          Try again
        </button>
      </p>
    );
  } else if (conversations.length === 0) {
    placeholder = <p>No conversations yet. Start one with New chat or New channel.</p>;
  } else if (rows.length === 0) {
    placeholder = <p>Nothing unread. Everything is caught up.</p>;
  }

  return (
    <nav className="conversations" aria-labelledby="conversations-heading">
      <div className="conversations__top">
        <h2 id="conversations-heading" className="conversations__heading">
          Conversations
        </h2>
        <button type="button" className="button button--quiet conversations__filter" aria-pressed={unreadOnly} onClick={() => useAppStore.getState().setUnreadOnly(!unreadOnly)}>
          Unread only
        </button>
      </div>
      {placeholder ? (
        <div className="conversations__empty muted">{placeholder}</div>
      ) : (
        <Virtuoso
          className="conversations__scroller"
          data={rows}
          computeItemKey={(_index, row) => (row.kind === 'heading' ? `heading-${row.label}` : row.conversation.id)}
          components={{ List: List as never, Item }}
          itemContent={(_index, row) => (row.kind === 'heading' ? <h3 className="conversations__section-heading">{row.label}</h3> : <ConversationItem conversation={row.conversation} />)}
        />
      )}
    </nav>
  );
}

function ConversationItem({ conversation }: { conversation: ConversationSummary }) {
  const active = useAppStore((state) => state.activeConversationId === conversation.id);
  // A draft waits in a conversation not on screen (the open one shows it in its box).
  const draft = useAppStore((state) => !active && (state.drafts[conversation.id] ?? '').trim() !== '');
  const { muted } = conversation;
  const unread = conversation.unreadCount > 0;
  const shared = sharedWithText(conversation);
  const peer = conversation.peer;
  const time = conversation.lastMessageAt ? listTime(new Date(conversation.lastMessageAt)) : null;
  return (
    <button
      type="button"
      className={`conversation${active ? ' conversation--active' : ''}${unread && !muted ? ' conversation--unread' : ''}${muted ? ' conversation--muted' : ''}`}
      aria-current={active ? 'true' : undefined}
      onClick={() => {
        useAppStore.getState().requestComposerFocus(conversation.id);
        void useAppStore.getState().openConversation(conversation.id);
      }}
    >
      <ConversationIcon conversation={conversation} />
      <span className="conversation__main">
        <span className="conversation__line">
          <span className="conversation__title" title={conversation.title}>
            {conversation.title}
          </span>
          {time && (
            <time className="conversation__time" dateTime={conversation.lastMessageAt!} title={formatDate(new Date(conversation.lastMessageAt!), { dateStyle: 'full', timeStyle: 'short' })}>
              <span className="visually-hidden">, last message </span>
              {time}
            </time>
          )}
        </span>
        {(draft || muted || peer?.federated || shared || conversation.unreadMentions > 0 || (unread && !muted)) && (
          <span className="conversation__line conversation__line--detail">
            <span className="conversation__detail">
              {draft && <span className="conversation__draft">Draft</span>}
              {muted && (
                <span className="conversation__muted">
                  <BellOff size={12} aria-hidden="true" /> muted
                </span>
              )}
              {peer?.federated && (
                <span className="conversation__federated" title={`From federated account: ${peer.accountName}`}>
                  Federated · {peer.accountName}
                </span>
              )}
              {shared && (
                <span className="shared-with conversation__shared" title={shared}>
                  {shared}
                </span>
              )}
            </span>
            {conversation.unreadMentions > 0 && (
              <span className="mention-badge">
                <span aria-hidden="true">@</span>
                <span className="visually-hidden">{conversation.unreadMentions === 1 ? '1 unread mention' : `${conversation.unreadMentions} unread mentions`}</span>
              </span>
            )}
            {/* Muted: no badge (SPEC 9); its mentions still show and count. */}
            {unread && !muted && (
              <span className="count-badge" role="img" aria-label={`${conversation.unreadCount} unread`}>
                {conversation.unreadCount}
              </span>
            )}
          </span>
        )}
      </span>
    </button>
  );
}
