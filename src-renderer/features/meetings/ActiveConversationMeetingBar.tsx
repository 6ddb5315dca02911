import { useAppStore } from '../../store/appStore';
import { selectActiveConversation } from '../../store/conversationsSlice';
import { ConversationMeetingControls } from './ConversationMeetingControls';

/** The meeting controls of the open chat or channel, as a bar above the chat (until they move into its header). */
export function ActiveConversationMeetingBar() {
  const conversation = useAppStore(selectActiveConversation);
  if (!conversation) return null;
  return (
    <div className="conversation-meeting-bar">
      <span className="muted conversation-meeting-bar__title">{conversation.kind === 'channel' ? `# ${conversation.title}` : conversation.title}</span>
      <ConversationMeetingControls conversation={conversation} />
    </div>
  );
}
