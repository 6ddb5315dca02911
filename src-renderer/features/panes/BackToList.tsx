import { ArrowLeft } from 'lucide-react';
import { useAppStore } from '../../store/appStore';
import { usePhoneLayout } from './layout';

/**
 * Back from a conversation to the list, where focus lands on the conversation just left. The
 * browser's Back does the same (./usePaneNavigation.ts); this is the button a person sees.
 */
export function leaveConversation(): void {
  const { activeConversationId, conversations, closeConversation } = useAppStore.getState();
  const title = conversations.find((conversation) => conversation.id === activeConversationId)?.title;
  closeConversation();
  if (title === undefined) return;
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`.conversations__list li[aria-label="${CSS.escape(title)}"] button`)?.focus());
}

/** The conversation header's way back to the list, in the phone layout (one pane at a time). */
export function BackToList() {
  const phone = usePhoneLayout();
  if (!phone) return null;
  return (
    <button type="button" className="icon-button pane-back" aria-label="Back to conversations" title="Back to conversations" onClick={leaveConversation}>
      <ArrowLeft size={22} aria-hidden="true" />
    </button>
  );
}
