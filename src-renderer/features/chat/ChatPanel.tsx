import { useEffect } from 'react';
import { useAppStore } from '../../store/appStore';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';

export function ChatPanel() {
  const loadConversations = useAppStore((state) => state.loadConversations);
  const notice = useAppStore((state) => state.notice);
  const dismissNotice = useAppStore((state) => state.dismissNotice);
  const chatError = useAppStore((state) => state.chatError);
  const hasActive = useAppStore((state) => state.activeConversationId !== null);

  useEffect(() => {
    void loadConversations();
  }, [loadConversations]);

  return (
    <div className="chat">
      <ConversationList />
      <div className="chat__main">
        {notice && (
          <div role="status" className="notice">
            {notice}
            <button type="button" className="icon-button" aria-label="Dismiss notice" onClick={dismissNotice}>
              ×
            </button>
          </div>
        )}
        {chatError && <p role="alert" className="chat__error">{chatError}</p>}
        {hasActive ? <ConversationView /> : <p className="muted chat__empty">Pick a conversation, or find someone with Search.</p>}
      </div>
    </div>
  );
}
