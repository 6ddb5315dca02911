import { useEffect, useState, type FormEvent } from 'react';
import type { MessageView } from '../../../src-shared/protocol/model';
import { getApi } from '../../bridge/api';
import { useAppStore } from '../../store/appStore';
import { selectActiveConversation } from '../../store/conversationsSlice';
import { SharedWith } from '../federation/SharedWith';
import { FederatedBadge, PersonAvatar, PersonName, PresenceDot, presenceLabel } from '../people/PersonBadges';
import { Dialog, DialogActions } from '../shell/Dialog';
import { AttachButton } from './AttachButton';
import { FileLink } from './FileLink';
import { InviteDialog } from './InviteDialog';
import { ConversationMeetingControls } from '../meetings/ConversationMeetingControls';
import { MessageList } from './MessageList';
import { MessageText } from './MessageText';

const emptyMessages: MessageView[] = [];

export function ConversationView() {
  const conversation = useAppStore(selectActiveConversation);
  const history = useAppStore((state) => (conversation ? state.histories[conversation.id] : undefined));
  const members = useAppStore((state) => (conversation ? state.members[conversation.id] : undefined));
  const typing = useAppStore((state) => (conversation ? state.typing[conversation.id] : undefined));
  const focused = useAppStore((state) => state.windowFocused);
  const showCard = useAppStore((state) => state.showCard);
  const loadOlder = useAppStore((state) => state.loadOlder);
  const sendMessage = useAppStore((state) => state.sendMessage);
  const noteTyping = useAppStore((state) => state.noteTyping);
  const markActiveRead = useAppStore((state) => state.markActiveRead);
  const leaveChannel = useAppStore((state) => state.leaveChannel);
  const [draft, setDraft] = useState('');
  const [inviting, setInviting] = useState(false);
  const [editingDetails, setEditingDetails] = useState(false);
  const unread = conversation?.unreadCount ?? 0;

  useEffect(() => {
    if (focused && unread > 0) markActiveRead();
  }, [focused, unread, markActiveRead]);

  if (!conversation) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await sendMessage(draft)) setDraft('');
  };

  return (
    <section className="conversation-view" aria-label={conversation.title}>
      <header className="conversation-view__header">
        <div>
          <h2>
            {conversation.kind === 'channel' ? `# ${conversation.title}` : conversation.title}
            {conversation.peer?.federated && <FederatedBadge accountName={conversation.peer.accountName} />}
          </h2>
          <SharedWith conversation={conversation} className="shared-with--header" />
          {conversation.peer && (
            <p className="muted conversation-view__presence">
              <PresenceDot presence={conversation.peer.presence} /> {presenceLabel(conversation.peer.presence)}
              {conversation.peer.statusMessage ? ` — ${conversation.peer.statusMessage}` : ''}
              {conversation.peer.federated ? ` · ${conversation.peer.accountName}` : ''}
            </p>
          )}
          {conversation.topic && <p className="muted">{conversation.topic}</p>}
        </div>
        <div className="conversation-view__actions">
          <ConversationMeetingControls conversation={conversation} />
          {conversation.kind === 'channel' && (
            <>
            <button type="button" className="button" onClick={() => setInviting(true)}>
              Invite
            </button>
            {conversation.canEdit && (
              <button type="button" className="button" onClick={() => setEditingDetails(true)}>
                Edit channel
              </button>
            )}
            <button type="button" className="button button--quiet" onClick={() => void leaveChannel(conversation.id)}>
              Leave channel
            </button>
            </>
          )}
        </div>
      </header>
      <div className="conversation-view__body">
        <MessageList
          conversationId={conversation.id}
          messages={history?.messages ?? emptyMessages}
          hasMore={history?.hasMore ?? false}
          onLoadOlder={() => void loadOlder(conversation.id)}
          renderMessage={(message) => <MessageRow message={message} onOpenPerson={(userId) => void showCard(userId)} />}
          footer={<PendingMessages conversationId={conversation.id} delivered={history?.messages} />}
        />
        {conversation.kind === 'channel' && (
          <aside className="members">
            <h3>Members</h3>
            <ul aria-label="Members">
              {(members ?? []).map((member) => (
                <li key={member.kind === 'unknown' ? member.token : member.id}>
                  <PersonAvatar person={member} />
                  <span className="members__person">
                    <PersonName person={member} onOpen={(userId) => void showCard(userId)} />
                    {member.kind === 'person' && (
                      <span className="muted members__detail">
                        <PresenceDot presence={member.presence} /> {presenceLabel(member.presence)} · {member.accountName}
                        {member.accountId === conversation.accountId ? ' (owner account)' : ''}
                      </span>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </aside>
        )}
      </div>
      <p className="typing" aria-live="polite">
        {typing ? `${typing.name} is typing…` : ''}
      </p>
      <form className="composer" onSubmit={(event) => void submit(event)}>
        <AttachButton key={conversation.id} conversationId={conversation.id} />
        <textarea
          aria-label="Message"
          placeholder={`Message ${conversation.kind === 'channel' ? '#' : ''}${conversation.title}`}
          value={draft}
          rows={2}
          onChange={(event) => {
            setDraft(event.target.value);
            if (event.target.value) noteTyping();
          }}
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
      {inviting && (
        <InviteDialog
          channelId={conversation.id}
          memberIds={(members ?? []).flatMap((member) => (member.kind === 'person' ? [member.id] : []))}
          onClose={() => setInviting(false)}
        />
      )}
      {editingDetails && <ChannelDetailsDialog channelId={conversation.id} name={conversation.title} topic={conversation.topic} onClose={() => setEditingDetails(false)} />}
    </section>
  );
}

/** Messages still in the outbox: pending until acknowledged, failed (with retry) when refused. */
function PendingMessages({ conversationId, delivered }: { conversationId: string; delivered: MessageView[] | undefined }) {
  const outbox = useAppStore((state) => state.outbox);
  const me = useAppStore((state) => state.me);
  const deliveredIds = new Set((delivered ?? []).map((message) => message.clientId));
  const entries = outbox.filter((entry) => entry.conversationId === conversationId && !deliveredIds.has(entry.clientId));
  if (!me) return null;
  return entries.map((entry) => (
    <article key={entry.clientId} className={`message message--${entry.status}`} aria-label={`Message from ${me.displayName}`}>
      <span className="avatar avatar--pending" aria-hidden="true">
        …
      </span>
      <div className="message__body">
        <header className="message__header">
          <span>{me.displayName}</span>
          <span className="muted">{entry.status === 'failed' ? `Not sent: ${entry.error ?? 'refused'}` : 'Sending…'}</span>
          {entry.status === 'failed' && (
            <span className="message__actions message__actions--shown">
              <button type="button" className="button button--quiet" onClick={() => void getApi().retryMessage(entry.clientId)}>
                Retry
              </button>
              <button type="button" className="button button--quiet" onClick={() => void getApi().discardMessage(entry.clientId)}>
                Discard
              </button>
            </span>
          )}
        </header>
        <MessageText text={entry.text} />
      </div>
    </article>
  ));
}

function MessageRow({ message, onOpenPerson }: { message: MessageView; onOpenPerson: (userId: string) => void }) {
  const me = useAppStore((state) => state.me);
  const editMessage = useAppStore((state) => state.editMessage);
  const deleteMessage = useAppStore((state) => state.deleteMessage);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(message.text);
  const own = message.author.kind === 'person' && message.author.id === me?.id;
  return (
    <article className="message" aria-label={`Message from ${message.author.displayName}`}>
      <PersonAvatar person={message.author} />
      <div className="message__body">
        <header className="message__header">
          <PersonName person={message.author} onOpen={onOpenPerson} />
          <time dateTime={message.createdAt} className="muted">
            {new Date(message.createdAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}
          </time>
          {message.editedAt && <span className="muted">(edited)</span>}
          {own && !editing && (
            <span className="message__actions">
              <button type="button" className="button button--quiet" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button type="button" className="button button--quiet" onClick={() => void deleteMessage(message.id)}>
                Delete
              </button>
            </span>
          )}
        </header>
        {editing ? (
          <form
            className="message__edit"
            onSubmit={(event) => {
              event.preventDefault();
              void editMessage(message.id, text).then(() => setEditing(false));
            }}
          >
            <input aria-label="Edit message" value={text} onChange={(event) => setText(event.target.value)} autoFocus />
            <button type="submit" className="button button--primary">
              Save
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </form>
        ) : (
          message.text !== '' && <MessageText text={message.text} />
        )}
        {message.file && <FileLink file={message.file} />}
      </div>
    </article>
  );
}

function ChannelDetailsDialog({ channelId, name, topic, onClose }: { channelId: string; name: string; topic: string | null; onClose: () => void }) {
  const updateChannel = useAppStore((state) => state.updateChannel);
  const [newName, setNewName] = useState(name);
  const [newTopic, setNewTopic] = useState(topic ?? '');
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title="Edit channel" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void updateChannel(channelId, { name: newName, topic: newTopic }).then((failure) => (failure ? setError(failure) : onClose()));
        }}
      >
        <label className="field">
          Channel name
          <input value={newName} onChange={(event) => setNewName(event.target.value)} required maxLength={80} />
        </label>
        <label className="field">
          Topic
          <input value={newTopic} onChange={(event) => setNewTopic(event.target.value)} maxLength={250} />
        </label>
        {error && <p role="alert">{error}</p>}
        <DialogActions onCancel={onClose} confirmLabel="Save" />
      </form>
    </Dialog>
  );
}
