import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/appStore';
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
