import { AtSign, MessagesSquare } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/appStore';
import { selectUnreadThreadCount } from '../../store/threadsSlice';
import { MentionsView, ThreadsView } from '../activity/ActivityViews';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';
import { NewChannelDialog } from './NewChannelDialog';
import { NewChatDialog } from './NewChatDialog';
import { MessageResults } from '../search/MessageResults';
import { PaneBoundary } from '../shell/Boundary';
import './chat.css';

/** The Chat section: the conversation list beside the open conversation. */
export function ChatPanel() {
  const loadConversations = useAppStore((state) => state.loadConversations);
  const notice = useAppStore((state) => state.notice);
  const dismissNotice = useAppStore((state) => state.dismissNotice);
  const chatError = useAppStore((state) => state.chatError);
  const activeConversationId = useAppStore((state) => state.activeConversationId);
  const hasActive = activeConversationId !== null;
  const hasConversations = useAppStore((state) => state.conversations.length > 0);
  const showingResults = useAppStore((state) => state.messageSearch.open);
  const pane = useAppStore((state) => state.chatPane);
  const showChatPane = useAppStore((state) => state.showChatPane);
  const unreadThreads = useAppStore(selectUnreadThreadCount);
  const unreadMentions = useAppStore((state) => state.conversations.reduce((total, conversation) => total + conversation.unreadMentions, 0));
  const [dialog, setDialog] = useState<'chat' | 'channel' | null>(null);

  useEffect(() => {
    void loadConversations();
  }, [loadConversations]);

  return (
    <div className="chat">
      <div className="chat__side">
        <div className="chat__new">
          <button type="button" className="button chat__new-button" onClick={() => setDialog('chat')}>
            New chat
          </button>
          <button type="button" className="button chat__new-button" onClick={() => setDialog('channel')}>
            New channel
          </button>
        </div>
        <div className="chat__views">
          <button type="button" className="button button--quiet chat__view-button" aria-pressed={pane === 'threads'} aria-describedby={unreadThreads > 0 ? 'threads-unread' : undefined} onClick={() => showChatPane(pane === 'threads' ? null : 'threads')}>
            <MessagesSquare size={15} aria-hidden="true" />
            Threads
            {unreadThreads > 0 && (
              // Named exactly `Threads` (SPEC 6): the count describes it instead.
              <span id="threads-unread" className="count-badge" aria-hidden="true">
                {unreadThreads}
                <span className="visually-hidden"> {unreadThreads === 1 ? 'thread with unread replies' : 'threads with unread replies'}</span>
              </span>
            )}
          </button>
          <button type="button" className="button button--quiet chat__view-button" aria-pressed={pane === 'mentions'} aria-describedby={unreadMentions > 0 ? 'mentions-unread' : undefined} onClick={() => showChatPane(pane === 'mentions' ? null : 'mentions')}>
            <AtSign size={15} aria-hidden="true" />
            Mentions
            {unreadMentions > 0 && (
              <span id="mentions-unread" className="count-badge" aria-hidden="true">
                {unreadMentions}
                <span className="visually-hidden"> unread</span>
              </span>
            )}
          </button>
        </div>
        <PaneBoundary name="The conversation list">
          <ConversationList />
        </PaneBoundary>
      </div>
      {dialog === 'chat' && <NewChatDialog onClose={() => setDialog(null)} />}
      {dialog === 'channel' && <NewChannelDialog onClose={() => setDialog(null)} />}
      <div className="chat__main">
        {notice && (
          <div role="status" className="notice">
            {notice}
            <button type="button" className="icon-button" aria-label="Dismiss notice" onClick={dismissNotice}>
              ×
            </button>
          </div>
        )}
        {chatError && (
          <p role="alert" className="form-error chat__error">
            {chatError}
          </p>
        )}
        {showingResults ? (
          <PaneBoundary name="Search results">
            <MessageResults />
          </PaneBoundary>
        ) : pane === 'threads' ? (
          <PaneBoundary name="Threads">
            <ThreadsView />
          </PaneBoundary>
        ) : pane === 'mentions' ? (
          <PaneBoundary name="Mentions">
            <MentionsView />
          </PaneBoundary>
        ) : hasActive ? (
          <PaneBoundary name="The conversation" resetKeys={[activeConversationId]}>
            <ConversationView />
          </PaneBoundary>
        ) : (
          <div className="empty-state chat__empty">
            <p className="empty-state__title">{hasConversations ? 'Pick a conversation' : 'No conversation open'}</p>
            <p className="muted">Choose one from the list, or find someone with Search (Ctrl+K).</p>
          </div>
        )}
      </div>
    </div>
  );
}
