import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useAppStore } from '../../store/appStore';
import { selectActiveConversation } from '../../store/conversationsSlice';
import { FederatedBadge, PersonAvatar, PersonName } from '../people/PersonBadges';

export function ConversationView() {
  const conversation = useAppStore(selectActiveConversation);
  const history = useAppStore((state) => (conversation ? state.histories[conversation.id] : undefined));
  const members = useAppStore((state) => (conversation ? state.members[conversation.id] : undefined));
  const showCard = useAppStore((state) => state.showCard);
  const loadOlder = useAppStore((state) => state.loadOlder);
  const sendMessage = useAppStore((state) => state.sendMessage);
  const [draft, setDraft] = useState('');
  const logRef = useRef<HTMLDivElement>(null);
  const count = history?.messages.length ?? 0;

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [count, conversation?.id]);

  if (!conversation) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await sendMessage(draft)) setDraft('');
  };

  return (
    <section className="conversation-view" aria-label={conversation.title}>
      <header className="conversation-view__header">
        <h2>
          {conversation.kind === 'channel' ? `# ${conversation.title}` : conversation.title}
          {conversation.peer?.federated && <FederatedBadge accountName={conversation.peer.accountName} />}
        </h2>
        {conversation.topic && <p className="muted">{conversation.topic}</p>}
      </header>
      <div className="conversation-view__body">
        <div ref={logRef} role="log" aria-label="Messages" className="messages">
          {history?.hasMore && (
            <button type="button" className="button button--quiet messages__older" onClick={() => void loadOlder(conversation.id)}>
              Load older messages
            </button>
          )}
          {history?.messages.map((message) => (
            <article key={message.id} className="message">
              <PersonAvatar person={message.author} />
              <div>
                <header className="message__header">
                  <PersonName person={message.author} onOpen={(userId) => void showCard(userId)} />
                  <time dateTime={message.createdAt} className="muted">
                    {new Date(message.createdAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}
                  </time>
                </header>
                <p className="message__text">{message.text}</p>
              </div>
            </article>
          ))}
        </div>
        {conversation.kind === 'channel' && (
          <aside className="members">
            <h3>Members</h3>
            <ul aria-label="Members">
              {(members ?? []).map((member) => (
                <li key={member.kind === 'unknown' ? member.token : member.id}>
                  <PersonAvatar person={member} />
                  <PersonName person={member} onOpen={(userId) => void showCard(userId)} />
                </li>
              ))}
            </ul>
          </aside>
        )}
      </div>
      <form className="composer" onSubmit={(event) => void submit(event)}>
        <textarea
          aria-label="Message"
          placeholder={`Message ${conversation.kind === 'channel' ? '#' : ''}${conversation.title}`}
          value={draft}
          rows={2}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <button type="submit" className="button button--primary" disabled={draft.trim() === ''}>
          Send
        </button>
      </form>
    </section>
  );
}
