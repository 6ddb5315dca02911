/** What the renderer asks of messages wherever it holds them: pure functions, tested alone. */
import type { MessageView } from '../../src-shared/protocol/model';

/**
 * Each message that starts a thread takes the summary its newest reply here carries (replies
 * bring their thread's count, live or caught up): the count is as of that reply's view.
 */
export function withThreadSummaries(messages: MessageView[]): MessageView[] {
  const latest = new Map<string, MessageView['thread']>();
  for (const message of messages) if (message.threadId && message.thread) latest.set(message.threadId, message.thread);
  if (latest.size === 0) return messages;
  return messages.map((message) => {
    const thread = latest.get(message.id);
    return thread && (message.thread?.replyCount !== thread.replyCount || message.thread.lastReplyAt !== thread.lastReplyAt) ? { ...message, thread } : message;
  });
}

/** The messages of a conversation's own log: its history without the replies it holds for catching up. */
export function logMessages(messages: MessageView[]): MessageView[] {
  return messages.some((message) => message.threadId !== null) ? messages.filter((message) => message.threadId === null) : messages;
}

/** Whether a message is news to its readers: anything someone wrote, and notices such as a scheduled meeting, not joins or renames. */
export function isNews(message: MessageView): boolean {
  return message.notice === null || message.notice.kind === 'meeting-scheduled';
}

/** Whether a message mentions the viewer. */
export function mentionsMe(message: MessageView, meId: string | undefined): boolean {
  return meId !== undefined && message.mentions.some((person) => person.kind === 'person' && person.id === meId);
}

/** Whether the viewer wrote it. */
export function isOwn(message: MessageView, meId: string | undefined): boolean {
  return meId !== undefined && message.author.kind === 'person' && message.author.id === meId;
}
