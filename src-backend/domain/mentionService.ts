/**
 * Mentions (SPEC 7): `@` reaches only the conversation's members whom the writer sees. What a
 * message mentions is decided when it is written (or edited) and kept by id, so a person who
 * later becomes unseen reads as `@UNKNOWN USER` to those who no longer see them.
 */
import { encodeMentions, mentionedIds, mentionInitials } from '../../src-shared/domain/mentions';
import type { Directory, UserRecord, Viewer } from '../directory/directory';
import type { ConversationStore, MessageRecord } from '../store/conversationStore';
import type { MentionStore } from '../store/mentionStore';

export class MentionService {
  private readonly initials = new WeakMap<UserRecord, string>();

  constructor(
    private readonly conversations: ConversationStore,
    private readonly directory: Directory,
    private readonly store: MentionStore,
  ) {}

  /**
   * A message's text as stored: every `@Name` of a member the writer sees becomes a mention.
   * Editing `previous`, its `@UNKNOWN USER`s keep mentioning, in order, the people it mentioned
   * whom the writer no longer sees.
   */
  encode(writer: Viewer, conversationId: string, text: string, previous?: MessageRecord): { text: string; userIds: string[] } {
    // Most messages mention nobody: only members whose name starts as something after an `@` does are looked at.
    const initials = mentionInitials(text);
    if (initials.size === 0) return encodeMentions(text, []);
    const candidates = this.conversations.members(conversationId).flatMap((memberId) => {
      const member = this.directory.user(memberId);
      return member && initials.has(this.initialOf(member)) && this.directory.sees(writer, member) ? [{ id: member.id, displayName: member.displayName }] : [];
    });
    const unknown = previous
      ? mentionedIds(previous.text).filter((userId) => {
          const person = this.directory.user(userId);
          return !person || !this.directory.sees(writer, person);
        })
      : [];
    return encodeMentions(text, candidates, unknown);
  }

  /** The first letter of a person's name in lower case, as `mentionInitials` gives letters (kept per person record: a changed person is a new record). */
  private initialOf(person: UserRecord): string {
    let initial = this.initials.get(person);
    if (initial === undefined) this.initials.set(person, (initial = person.displayName.toLocaleLowerCase()[0] ?? ''));
    return initial;
  }

  /** Records whom a stored message mentions; returns the people newly mentioned (never its author). */
  record(message: MessageRecord, userIds: readonly string[]): string[] {
    return this.store.replace(message, userIds);
  }

  /** A deleted message mentions nobody any more. */
  forget(messageId: string): void {
    this.store.removeAll(messageId);
  }

  /** Unread mentions of the person in each of these conversations, in one query (a page of the list). */
  unreadCounts(userId: string, conversationIds: readonly string[]): Map<string, number> {
    return this.store.unreadCounts(userId, conversationIds);
  }

  /** Unread messages of a conversation that mention the person. */
  unreadCount(conversationId: string, userId: string, lastReadSeq: number): number {
    return this.store.unreadCount(conversationId, userId, lastReadSeq);
  }
}
