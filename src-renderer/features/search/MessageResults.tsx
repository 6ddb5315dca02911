/**
 * Message search's results (SPEC 6): region `Message results` with list `Message results`, one
 * item per message (its conversation, its author as the viewer sees them, and the text around
 * the words that matched, marked); choosing one opens its conversation at that message. Filters
 * narrow them to one conversation (`In`) and one person (`From`).
 */
import { X } from 'lucide-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { MessageSearchHit } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { MessageTime } from '../chat/MessageRow';
import { EmojiText } from '../emoji/EmojiText';
import { PeoplePicker } from '../people/PeoplePicker';
import { layerLevel, useBackLayer } from '../panes/useBackLayer';
import { PersonAvatar } from '../people/PersonBadges';
import './messageResults.css';

/**
 * Part of an excerpt as a reader sees the message: Markdown's markers for bold, strike-through and
 * code left out (the excerpt is cut from the text as written), emoji drawn as the app draws them.
 */
function ExcerptText({ text }: { text: string }) {
  return <EmojiText text={text.replace(/\*\*|__|~~|`/g, '')} />;
}

/** The excerpt with the words that matched in <mark>. */
function Excerpt({ hit }: { hit: MessageSearchHit }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of hit.highlights) {
    if (start < at) continue;
    parts.push(<ExcerptText key={`t${at}`} text={hit.excerpt.slice(at, start)} />);
    parts.push(
      <mark key={`m${start}`}>
        <ExcerptText text={hit.excerpt.slice(start, end)} />
      </mark>,
    );
    at = end;
  }
  parts.push(<ExcerptText key="end" text={hit.excerpt.slice(at)} />);
  return <p className="message-hit__text">{parts}</p>;
}

export function MessageResults() {
  const search = useAppStore((state) => state.messageSearch);
  const conversations = useAppStore((state) => state.conversations);
  const setFilters = useAppStore((state) => state.setMessageSearchFilters);
  const loadMore = useAppStore((state) => state.loadMoreMessageResults);
  const close = useAppStore((state) => state.closeMessageResults);
  const openConversationAt = useAppStore((state) => state.openConversationAt);
  const inId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // On a phone the results are a pane over the list: Back closes them.
  useBackLayer(true, layerLevel.pane, close);

  // Opened from the searchbox: the results are announced by their heading, and focus stays in the box.
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, [search.query]);

  const choose = (hit: MessageSearchHit) => {
    close();
    void openConversationAt(hit.conversation.id, hit.message);
  };

  return (
    <section className="message-results" aria-label="Message results">
      <div className="message-results__header">
        <h2 ref={heading} className="message-results__title">
          Messages with “{search.query}”
        </h2>
        <button type="button" className="icon-button" aria-label="Close results" title="Close results" onClick={close}>
          <X size={18} aria-hidden="true" />
        </button>
      </div>
      <div className="message-results__filters">
        <div className="message-results__filter">
          <label htmlFor={inId}>In</label>
          <select id={inId} value={search.conversationId ?? ''} onChange={(event) => void setFilters({ conversationId: event.target.value || null })}>
            <option value="">All conversations</option>
            {conversations.map((conversation) => (
              <option key={conversation.id} value={conversation.id}>
                {conversation.kind === 'channel' ? `# ${conversation.title}` : conversation.title}
              </option>
            ))}
          </select>
        </div>
        <div className="message-results__filter message-results__filter--person">
          {search.author ? (
            <p className="chip">
              <span className="chip__name">From {search.author.displayName}</span>
              <button type="button" className="icon-button chip__remove" aria-label={`Remove filter From ${search.author.displayName}`} onClick={() => void setFilters({ author: null })}>
                ×
              </button>
            </p>
          ) : (
            <PeoplePicker autoFocus={false} label="From" placeholder="From anyone" onPick={(person) => void setFilters({ author: person })} />
          )}
        </div>
      </div>
      <p className="muted message-results__status" role="status">
        {search.status === 'loading'
          ? 'Searching messages…'
          : search.status === 'failed'
            ? ''
            : search.hits.length === 0
              ? `No messages match “${search.query}”.`
              : `${search.hits.length}${search.nextCursor ? '+' : ''} ${search.hits.length === 1 ? 'message' : 'messages'}, newest first`}
      </p>
      {search.status === 'failed' && (
        <p role="alert" className="form-error">
          {search.error}
        </p>
      )}
      <ul className="message-results__list" aria-label="Message results">
        {search.hits.map((hit) => (
          <li key={hit.message.id} className="message-hit">
            <button type="button" className="message-hit__button" onClick={() => choose(hit)}>
              <PersonAvatar person={hit.message.author} size="small" />
              <span className="message-hit__body">
                <span className="message-hit__meta">
                  <span className="message-hit__where">{hit.conversation.kind === 'channel' ? `# ${hit.conversation.title}` : hit.conversation.title}</span>
                  {/* A 1:1 chat is titled by the other person: their own messages do not name them twice (SPEC 9). */}
                  {!(hit.conversation.kind === 'direct' && hit.message.author.displayName === hit.conversation.title) && (
                    <span className={`message-hit__author${hit.message.author.kind === 'unknown' ? ' unknown-user' : ''}`}>{hit.message.author.displayName}</span>
                  )}
                  {hit.message.threadId && <span className="muted message-hit__reply">in a thread</span>}
                  <MessageTime at={hit.message.createdAt} dated />
                </span>
                <Excerpt hit={hit} />
              </span>
            </button>
          </li>
        ))}
      </ul>
      {search.nextCursor && (
        <button type="button" className="button message-results__more" onClick={() => void loadMore()}>
          Show more results
        </button>
      )}
    </section>
  );
}
