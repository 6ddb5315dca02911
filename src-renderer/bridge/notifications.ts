/**
 * Which server events notify the person, and what the notification says: a side effect of what
 * the bridge hears, decided after the store took the event in (slices never notify). The
 * notification itself (native, or the page's; none while the window has focus or under Do not
 * disturb) is features/shell/notify.ts.
 */
import type { ServerEvent } from '../../src-shared/protocol/events';
import type { ConversationSummary, MessageView } from '../../src-shared/protocol/model';
import { notify } from '../features/shell/notify';
import type { AppState } from '../store/appStore';
import { isNews, isOwn, mentionsMe } from '../store/messages';

/** What a notification says of a message. */
function notificationText(message: MessageView): string {
  if (message.notice?.kind === 'meeting-scheduled') return `Scheduled a meeting: ${message.notice.title}`;
  return message.text || message.file?.name || '';
}

/** ` in #general`, ` in Bella Martins`: where it happened, for a notification's title. */
function where(conversation: ConversationSummary | undefined, always = false): string {
  if (!conversation) return '';
  if (conversation.kind === 'channel') return ` in #${conversation.title}`;
  return always ? ` in ${conversation.title}` : '';
}

/**
 * What the person chose for a conversation (SPEC 9 `Notifications`, `Mute`): `all` hears every
 * message unless muted; a mention is heard unless `Nothing` (a muted conversation's mentions still
 * count, and still notify); `Nothing` hears nothing of it.
 */
export function wantsNotification(conversation: Pick<ConversationSummary, 'muted' | 'notify'> | undefined, what: 'message' | 'mention' | 'reply'): boolean {
  if (!conversation) return true;
  if (conversation.notify === 'nothing') return false;
  if (what === 'mention') return true;
  if (conversation.muted) return false;
  // A thread one is in is about one's own words: heard with `Mentions only` too, as Slack's "replies to threads you follow".
  return what === 'reply' || conversation.notify === 'all';
}

/** Notifies of an event the store has just taken in, if it is one the person is to hear of. */
export function notifyOf(event: ServerEvent, state: AppState): void {
  const conversationOf = (message: MessageView) => state.conversations.find((candidate) => candidate.id === message.conversationId);
  const open = (message: MessageView) => () => void state.openConversation(message.conversationId);
  switch (event.type) {
    case 'message:created': {
      const { message } = event.payload;
      // A reply is news to its thread's people (thread:replied); a mention is announced by its own event (mention:received).
      if (isOwn(message, state.me?.id) || !isNews(message) || message.threadId !== null || mentionsMe(message, state.me?.id) || state.windowFocused) return;
      if (!wantsNotification(conversationOf(message), 'message')) return;
      notify(`${message.author.displayName}${where(conversationOf(message))}`, notificationText(message), open(message));
      return;
    }
    case 'mention:received': {
      const { message } = event.payload;
      if (!wantsNotification(conversationOf(message), 'mention')) return;
      notify(`${message.author.displayName} mentioned you${where(conversationOf(message))}`, message.text, open(message));
      return;
    }
    case 'thread:replied': {
      const { message } = event.payload;
      const rootId = message.threadId;
      if (!rootId || (state.openThread?.rootId === rootId && state.windowFocused)) return;
      if (!wantsNotification(conversationOf(message), 'reply')) return;
      notify(`${message.author.displayName} replied in a thread${where(conversationOf(message), true)}`, message.text || message.file?.name || '', () => {
        void state.openConversation(message.conversationId).then(() => state.openThreadOf(message.conversationId, rootId, message.id));
      });
      return;
    }
    default:
      return;
  }
}
