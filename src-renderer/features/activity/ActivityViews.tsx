/**
 * The Threads and Mentions views (SPEC 9 "Lists that answer what needs me"), shown in the Chat
 * section in place of a conversation: list `Threads` (the threads the person is in, each with its
 * replies they have not read) and list `Mentions` (messages that mention them, or `@here` /
 * `@channel`). Choosing an item opens its conversation there (and a thread beside it).
 */
import { X } from 'lucide-react';
import { useEffect } from 'react';
import type { ConversationKind, MessageView } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { MessageTime } from '../chat/MessageRow';
import { EmojiText } from '../emoji/EmojiText';
import { plainTextOf } from '../formatting/markdown';
import { PersonAvatar } from '../people/PersonBadges';
import './activity.css';

function where(conversation: { kind: ConversationKind; title: string }): string {
  return conversation.kind === 'channel' ? `# ${conversation.title}` : conversation.title;
}

/** A message as one line of a list: the text as written, without Markdown's markers. */
function Excerpt({ message }: { message: MessageView }) {
  const text = message.deleted ? 'This message was deleted.' : (message.text && plainTextOf(message.text)) || message.file?.name || '';
  return (
    <p className="activity-item__text">
      <EmojiText text={text} />
    </p>
  );
}

function Header({ title, onClose }: { title: string; onClose: () => void }) {
  return (
    <div className="activity__header">
      <h2 className="activity__title">{title}</h2>
      <button type="button" className="icon-button" aria-label={`Close ${title}`} title={`Close ${title}`} onClick={onClose}>
        <X size={18} aria-hidden="true" />
      </button>
    </div>
  );
}

export function ThreadsView() {
  const list = useAppStore((state) => state.threadList);
  const load = useAppStore((state) => state.loadThreadList);
  const loadMore = useAppStore((state) => state.loadMoreThreads);
  const close = useAppStore((state) => state.showChatPane);
  const openConversation = useAppStore((state) => state.openConversation);
  const openThreadOf = useAppStore((state) => state.openThreadOf);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="activity">
      <Header title="Threads" onClose={() => close(null)} />
      {list.status === 'loading' && list.items.length === 0 && (
        <p className="muted" role="status">
          Loading threads…
        </p>
      )}
      {list.status === 'failed' && <p role="alert">Your threads could not be loaded.</p>}
      {list.status === 'loaded' && list.items.length === 0 && <p className="muted">No threads yet. Reply to a message to start one; threads you are in show here.</p>}
      <ul className="activity__list" aria-label="Threads">
        {list.items.map((item) => {
          const replies = item.root.thread?.replyCount ?? 0;
          return (
            <li key={item.root.id} className={`activity-item${item.unreadReplies > 0 ? ' activity-item--unread' : ''}`}>
              <button
                type="button"
                className="activity-item__button"
                onClick={() => {
                  void openConversation(item.conversation.id).then(() => openThreadOf(item.conversation.id, item.root.id));
                }}
              >
                <PersonAvatar person={item.root.author} size="small" />
                <span className="activity-item__body">
                  <span className="activity-item__meta">
                    <span className="activity-item__where">{where(item.conversation)}</span>
                    <span className={`activity-item__author${item.root.author.kind === 'unknown' ? ' unknown-user' : ''}`}>{item.root.author.displayName}</span>
                  </span>
                  <Excerpt message={item.root} />
                  <span className="activity-item__meta muted">
                    <span>{replies === 1 ? '1 reply' : `${replies} replies`}</span>
                    {item.root.thread && (
                      <span>
                        Last reply <MessageTime at={item.root.thread.lastReplyAt} dated />
                      </span>
                    )}
                  </span>
                </span>
                {item.unreadReplies > 0 && <span className="count-badge">{item.unreadReplies} unread</span>}
              </button>
            </li>
          );
        })}
      </ul>
      {list.nextCursor && (
        <button type="button" className="button activity__more" onClick={() => void loadMore()}>
          Show more threads
        </button>
      )}
    </div>
  );
}

export function MentionsView() {
  const list = useAppStore((state) => state.mentionList);
  const load = useAppStore((state) => state.loadMentions);
  const loadMore = useAppStore((state) => state.loadMoreMentions);
  const close = useAppStore((state) => state.showChatPane);
  const openConversationAt = useAppStore((state) => state.openConversationAt);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="activity">
      <Header title="Mentions" onClose={() => close(null)} />
      {list.status === 'loading' && list.items.length === 0 && (
        <p className="muted" role="status">
          Loading mentions…
        </p>
      )}
      {list.status === 'failed' && <p role="alert">Your mentions could not be loaded.</p>}
      {list.status === 'loaded' && list.items.length === 0 && <p className="muted">Nobody has mentioned you yet. Messages with @ and your name, @here or @channel show here.</p>}
      <ul className="activity__list" aria-label="Mentions">
        {list.items.map((item) => (
          <li key={item.message.id} className={`activity-item${item.unread ? ' activity-item--unread' : ''}`}>
            <button type="button" className="activity-item__button" onClick={() => void openConversationAt(item.conversation.id, item.message)}>
              <PersonAvatar person={item.message.author} size="small" />
              <span className="activity-item__body">
                <span className="activity-item__meta">
                  <span className="activity-item__where">{where(item.conversation)}</span>
                  <span className={`activity-item__author${item.message.author.kind === 'unknown' ? ' unknown-user' : ''}`}>{item.message.author.displayName}</span>
                  <MessageTime at={item.message.createdAt} dated />
                </span>
                <Excerpt message={item.message} />
              </span>
              {item.unread && <span className="count-badge">unread</span>}
            </button>
          </li>
        ))}
      </ul>
      {list.nextCursor && (
        <button type="button" className="button activity__more" onClick={() => void loadMore()}>
          Show more mentions
        </button>
      )}
    </div>
  );
}
