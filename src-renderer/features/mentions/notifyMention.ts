import type { MessageView } from '../../../src-shared/protocol/model';
import { useAppStore } from '../../store/appStore';
import { notify } from '../shell/notify';

/** A native notification that someone mentioned the viewer (none under Do not disturb, nor while the window has focus: see notify). */
export function notifyMention(message: MessageView): void {
  const state = useAppStore.getState();
  const conversation = state.conversations.find((candidate) => candidate.id === message.conversationId);
  const where = conversation?.kind === 'channel' ? ` in #${conversation.title}` : '';
  notify(`${message.author.displayName} mentioned you${where}`, message.text, () => void useAppStore.getState().openConversation(message.conversationId));
}
