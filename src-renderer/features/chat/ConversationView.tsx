import { UsersRound } from 'lucide-react';
import { forwardRef, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ConversationSummary, MessageView } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { selectActiveConversation } from '../../store/conversationListSlice';
import type { ConversationHistory } from '../../store/historiesSlice';
import { isNews, logMessages } from '../../store/messages';
import { selectOpenThread } from '../../store/threadsSlice';
import { ThreadPanel } from '../threads/ThreadPanel';
import { useMediaQuery } from '../shell/useMediaQuery';
import { PersonAvatar } from '../people/PersonBadges';
import { Composer, type ComposerHandle } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { MembersPanel } from './MembersPanel';
import { MessageList, type MessageListHandle } from './MessageList';
import { MessageRow } from './MessageRow';
import { NoticeRow } from './NoticeRow';
import { PendingMessages } from './PendingMessages';
import { PaneBoundary } from '../shell/Boundary';

/** Members show beside a channel when there is room; otherwise behind the `Members` button. */
const roomForMembers = '(min-width: 1200px)';

/** The open conversation: header, the log, who is typing, the composer, and a channel's members. */
export function ConversationView() {
  const conversation = useAppStore(selectActiveConversation);
  if (!conversation) return null;
  return <OpenConversation key={conversation.id} conversation={conversation} />;
}

function OpenConversation({ conversation }: { conversation: ConversationSummary }) {
  const history = useAppStore((state) => state.histories[conversation.id]);
  const members = useAppStore((state) => state.members[conversation.id]);
  const typing = useAppStore((state) => state.typing[conversation.id]);
  const focused = useAppStore((state) => state.windowFocused);
  const markActiveRead = useAppStore((state) => state.markActiveRead);
  const thread = useAppStore(selectOpenThread(conversation.id));
  const wide = useMediaQuery(roomForMembers);
  const [membersChoice, setMembersChoice] = useState<boolean | null>(null);
  // A thread takes the members' place beside the log.
  const membersShown = conversation.kind !== 'direct' && thread === null && (membersChoice ?? wide);
  const membersId = useId();
  const list = useRef<MessageListHandle>(null);
  const composer = useRef<ComposerHandle>(null);
  const membersButton = useRef<HTMLButtonElement>(null);
  const [dropping, setDropping] = useState(false);
  const focusedMessage = useAppStore((state) => state.focusedMessages[conversation.id]);
  const atLatest = useAppStore((state) => state.logAtLatest);
  const { unreadCount, unreadMentions, lastSeq, lastReadSeq } = conversation;
  const hasNewer = history?.hasNewer;

  // Read when its newest message is on screen (SPEC 9), as messages arrive too: not while the
  // window is away, nor before the messages have loaded (markActiveRead checks each).
  useEffect(() => {
    markActiveRead();
  }, [focused, atLatest, hasNewer, unreadCount, unreadMentions, lastSeq, lastReadSeq, markActiveRead]);

  // Which of its messages are pinned: the menu of each says `Pin` or `Unpin`.
  const loadPinned = useAppStore((state) => state.loadPinned);
  useEffect(() => {
    void loadPinned(conversation.id);
  }, [conversation.id, loadPinned]);

  const memberIds = useMemo(() => (members ?? []).flatMap((member) => (member.kind === 'person' ? [member.id] : [])), [members]);
  const placeholder = `Message ${conversation.kind === 'channel' ? '# ' : ''}${conversation.title}`;

  return (
    <section className="conversation-view" aria-label={conversation.title}>
      <ConversationHeader conversation={conversation} memberIds={memberIds} membersShown={membersShown} membersPanelId={membersId} membersButton={membersButton} onToggleMembers={() => setMembersChoice(!membersShown)} />
      <div className="conversation-view__body">
        <div
          className={`conversation-view__column${dropping ? ' conversation-view__column--dropping' : ''}`}
          // Files dropped anywhere on the conversation wait in its composer, like attached ones.
          onDragOver={(event) => {
            if (!event.dataTransfer.types.includes('Files')) return;
            event.preventDefault();
            setDropping(true);
          }}
          onDragLeave={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
          }}
          onDrop={(event) => {
            if (!event.dataTransfer.types.includes('Files')) return;
            event.preventDefault();
            setDropping(false);
            composer.current?.addFiles([...event.dataTransfer.files]);
          }}
        >
          {history ? (
            <ConversationLog key={focusedMessage?.nonce ?? 0} ref={list} conversation={conversation} history={history} focusMessageId={focusedMessage?.messageId ?? null} />
          ) : (
            <LogPlaceholder conversation={conversation} />
          )}
          <p className="typing" aria-live="polite">
            {typing ? `${typing.name} is typing…` : ''}
          </p>
          <Composer ref={composer} conversationId={conversation.id} placeholder={placeholder} onSent={() => list.current?.scrollToLatest()} />
          {dropping && (
            <div className="drop-zone" aria-hidden="true">
              Drop files to share them in {conversation.kind === 'channel' ? `# ${conversation.title}` : conversation.title}
            </div>
          )}
        </div>
        {thread && (
          <PaneBoundary key={thread.rootId} name="The thread">
            <ThreadPanel conversation={conversation} thread={thread} />
          </PaneBoundary>
        )}
        {membersShown && (
          <PaneBoundary name="Members">
            <MembersPanel
              id={membersId}
              conversation={conversation}
              members={members}
              onClose={
                wide
                  ? undefined
                  : () => {
                      setMembersChoice(false);
                      // Focus goes back to the button that opened the panel.
                      membersButton.current?.focus();
                    }
              }
            />
          </PaneBoundary>
        )}
      </div>
    </section>
  );
}

const ConversationLog = forwardRef<MessageListHandle, { conversation: ConversationSummary; history: ConversationHistory; focusMessageId: string | null }>(function ConversationLog(
  { conversation, history, focusMessageId },
  ref,
) {
  const readMarker = useAppStore((state) => state.readMarkers[conversation.id] ?? null);
  const meId = useAppStore((state) => state.me?.id);
  const showCard = useAppStore((state) => state.showCard);
  const loadOlder = useAppStore((state) => state.loadOlder);
  const loadNewer = useAppStore((state) => state.loadNewer);
  const jumpToLatest = useAppStore((state) => state.jumpToLatest);
  const setLogAtLatest = useAppStore((state) => state.setLogAtLatest);
  const countsAsUnread = useCallback((message: MessageView) => isNews(message) && !(message.author.kind === 'person' && message.author.id === meId), [meId]);
  // One function for every row, so a row whose message has not changed is not drawn again (MessageRow is memo).
  const openPerson = useCallback((userId: string) => void showCard(userId), [showCard]);
  const renderMessage = useCallback(
    (message: MessageView, layout: { day: string | null; firstUnread: boolean; continued: boolean }) => (
      <div className="message-slot">
        {layout.day && (
          <div className="divider divider--day" role="separator" aria-label={layout.day}>
            <span>{layout.day}</span>
          </div>
        )}
        {layout.firstUnread && (
          <div className="divider divider--unread" role="separator" aria-label="New messages">
            <span>New messages</span>
          </div>
        )}
        {message.notice ? (
          <NoticeRow message={message} notice={message.notice} />
        ) : (
          <MessageRow message={message} continued={layout.continued} focused={message.id === focusMessageId} onOpenPerson={openPerson} />
        )}
      </div>
    ),
    [openPerson, focusMessageId],
  );
  // Replies are kept in the history for its sequence (catching up); the log shows its own messages.
  const messages = useMemo(() => logMessages(history.messages), [history.messages]);
  const log = useMemo(() => (messages === history.messages ? history : { ...history, messages }), [history, messages]);
  const start = useMemo(() => <ConversationStart conversation={conversation} />, [conversation]);
  const footer = useMemo(() => <PendingMessages conversationId={conversation.id} delivered={history.messages} />, [conversation.id, history.messages]);
  return (
    <MessageList
      ref={ref}
      history={log}
      focusMessageId={focusMessageId}
      readMarker={readMarker}
      countsAsUnread={countsAsUnread}
      renderMessage={renderMessage}
      start={start}
      footer={footer}
      onLoadOlder={() => loadOlder(conversation.id)}
      onLoadNewer={() => loadNewer(conversation.id)}
      onJumpToLatest={() => jumpToLatest(conversation.id)}
      onAtLatestChange={setLogAtLatest}
    />
  );
});

/** Above the first message: how the conversation began. */
function ConversationStart({ conversation }: { conversation: ConversationSummary }) {
  if (conversation.kind === 'channel') {
    return (
      <div className="conversation-start">
        <span className="avatar avatar--large avatar--channel" aria-hidden="true">
          #
        </span>
        <p className="conversation-start__title"># {conversation.title}</p>
        <p className="muted">
          This is the very beginning of the {conversation.visibility === 'private' ? 'private' : 'public'} channel # {conversation.title}
          {conversation.accountName ? `, a channel of ${conversation.accountName}` : ''}.{conversation.topic ? ` Topic: ${conversation.topic}` : ''}
        </p>
      </div>
    );
  }
  if (conversation.kind === 'group') {
    return (
      <div className="conversation-start">
        <span className="avatar avatar--large avatar--channel" aria-hidden="true">
          <UsersRound size={26} />
        </span>
        <p className="conversation-start__title">{conversation.title}</p>
        <p className="muted">This is the beginning of your group chat with {conversation.title}.</p>
      </div>
    );
  }
  return (
    <div className="conversation-start">
      {conversation.peer && <PersonAvatar person={conversation.peer} size="large" />}
      <p className="conversation-start__title">{conversation.title}</p>
      <p className="muted">This is the beginning of your conversation with {conversation.title}.</p>
    </div>
  );
}

/** Instead of the log until it loads: loading, offline (the unread badge stays), or why it failed. */
function LogPlaceholder({ conversation }: { conversation: ConversationSummary }) {
  const load = useAppStore((state) => state.historyLoads[conversation.id]);
  const connection = useAppStore((state) => state.connection);
  const openConversation = useAppStore((state) => state.openConversation);
  const offline = connection !== 'connected' || (load?.state === 'failed' && load.offline);
  return (
    <div role="log" aria-label="Messages" className="messages messages--placeholder">
      {offline ? (
        <div className="empty-state" role="status">
          <p className="empty-state__title">You are offline</p>
          <p className="muted">The messages of {conversation.kind === 'channel' ? `# ${conversation.title}` : conversation.title} have not been loaded yet. They will show when the connection returns.</p>
        </div>
      ) : load?.state === 'failed' ? (
        <div className="empty-state" role="alert">
          <p className="empty-state__title">The messages could not be loaded</p>
          <p className="muted">{load.message}</p>
          <button type="button" className="button" onClick={() => void openConversation(conversation.id)}>
            Try again
          </button>
        </div>
      ) : (
        <p className="empty-state muted" role="status">
          Loading messages…
        </p>
      )}
    </div>
  );
}
