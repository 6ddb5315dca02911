/**
 * Mentions (SPEC 7): `@` reaches only the conversation's members whom the writer sees. What a
 * message mentions is decided when it is written (or edited) and kept by id, so a person who
 * later becomes unseen reads as `@UNKNOWN USER` to those who no longer see them.
 */
import { broadcastMention, encodeMentions, type BroadcastMention, mentionedIds, mentionInitials, nameInitial } from '../../src-shared/domain/mentions';
import type { Directory, UserRecord, Viewer } from '../directory/directory';
import type { Conversations } from '../store/conversations';
import type { MentionPage, MessageRecord } from '../store/records';
import type { MentionRepository } from '../store/repositories';

/** A message's text as stored and whom it mentions, or why its `@here`/`@channel` is refused. */
export type EncodedMentions = { text: string; userIds: string[] } | { refused: BroadcastRefusal };

/** An `@here`/`@channel` that would mention more people than the limit allows. */
export interface BroadcastRefusal {
  word: BroadcastMention;
  reach: number;
  limit: number;
}

/** What the writer is told of a refused `@here`/`@channel`. */
export function broadcastRefusalMessage({ word, reach, limit }: BroadcastRefusal): string {
  const count = (n: number) => n.toLocaleString('en-US');
  return limit === 0
    ? `@${word} is turned off on this server: mention people by name.`
    : `@${word} would notify ${count(reach)} people here; at most ${count(limit)} can be notified at once. Mention people by name, or write without @${word}.`;
}

export class MentionService {
  private readonly initials = new WeakMap<readonly string[], { version: string; byInitial: ReadonlyMap<string, readonly UserRecord[]> }>();

  constructor(
    private readonly conversations: Conversations,
    private readonly directory: Directory,
    private readonly store: MentionRepository,
    /** The most people one `@here`/`@channel` may mention (limits `broadcastMentionReach`). */
    private readonly maxBroadcastReach: number,
  ) {}

  /**
   * A message's text as stored: every `@Name` of a member the writer sees becomes a mention.
   * Editing `previous`, its `@UNKNOWN USER`s keep mentioning, in order, the people it mentioned
   * whom the writer no longer sees.
   */
  async encode(writer: Viewer, conversationId: string, text: string, previous?: MessageRecord): Promise<EncodedMentions> {
    const encoded = await this.encodePeople(writer, conversationId, text, previous);
    const reached = (await this.broadcastReach(conversationId, text)).filter((userId) => userId !== writer.id);
    if (reached.length === 0) return encoded;
    // Each person reached is a row and a notice: past the limit the message is refused before anything is written.
    if (reached.length > this.maxBroadcastReach) return { refused: { word: broadcastMention(text)!, reach: reached.length, limit: this.maxBroadcastReach } };
    return { text: encoded.text, userIds: [...new Set([...encoded.userIds, ...reached])] };
  }

  /**
   * Who a channel's `@channel` (every member) or `@here` (members online now) mentions (SPEC 9):
   * recorded as mentions of each, so they are notified and it counts in their Mentions view and
   * unread mentions. The text keeps the word: nobody is named to anyone. Nobody in other
   * conversations, where the words are plain text.
   */
  private async broadcastReach(conversationId: string, text: string): Promise<string[]> {
    const broadcast = broadcastMention(text);
    if (!broadcast || (await this.conversations.kind(conversationId)) !== 'channel') return [];
    const members = await this.conversations.members(conversationId);
    if (broadcast === 'channel') return [...members];
    return members.filter((memberId) => {
      const member = this.directory.user(memberId);
      return member !== undefined && this.directory.presenceOf(member) !== 'offline';
    });
  }

  private async encodePeople(writer: Viewer, conversationId: string, text: string, previous?: MessageRecord): Promise<{ text: string; userIds: string[] }> {
    // Most messages mention nobody: only members whose name starts as something after an `@` does are looked at.
    const initials = mentionInitials(text);
    if (initials.size === 0) return encodeMentions(text, []);
    const byInitial = await this.membersByInitial(conversationId);
    const candidates = [...initials]
      .flatMap((initial) => byInitial.get(initial) ?? [])
      .flatMap((member) => (this.directory.sees(writer, member) ? [{ id: member.id, displayName: member.displayName }] : []));
    const unknown = previous
      ? mentionedIds(previous.text).filter((userId) => {
          const person = this.directory.user(userId);
          return !person || !this.directory.sees(writer, person);
        })
      : [];
    return encodeMentions(text, candidates, unknown);
  }

  /**
   * A conversation's members by the first letter of their name in lower case (as `mentionInitials`
   * gives letters), each list in the order of the members. Kept for each list of members the store
   * gives (a new one when they change) while no person changed.
   */
  private async membersByInitial(conversationId: string): Promise<ReadonlyMap<string, readonly UserRecord[]>> {
    const members = await this.conversations.members(conversationId);
    const version = this.directory.version;
    const kept = this.initials.get(members);
    if (kept?.version === version) return kept.byInitial;
    const byInitial = new Map<string, UserRecord[]>();
    for (const memberId of members) {
      const member = this.directory.user(memberId);
      if (!member) continue;
      const initial = nameInitial(member.displayName);
      byInitial.set(initial, [...(byInitial.get(initial) ?? []), member]);
    }
    this.initials.set(members, { version, byInitial });
    return byInitial;
  }

  /** Records whom a stored message mentions; returns the people newly mentioned (never its author). */
  record(message: MessageRecord, userIds: readonly string[]): Promise<string[]> {
    return this.store.replace(message, userIds);
  }

  /** A deleted message mentions nobody any more. */
  forget(messageId: string): Promise<void> {
    return this.store.removeAll(messageId);
  }

  /** The messages that mention a person, newest first, a page at a time (the Mentions view). */
  page(userId: string, cursor: string | undefined, limit: number): Promise<MentionPage | null> {
    return this.store.page(userId, cursor, limit);
  }

  /** Unread mentions of the person in each of these conversations, in one query (a page of the list). */
  unreadCounts(userId: string, conversationIds: readonly string[]): Promise<Map<string, number>> {
    return this.store.unreadCounts(userId, conversationIds);
  }

  /** Unread messages of a conversation that mention the person. */
  unreadCount(conversationId: string, userId: string, lastReadSeq: number): Promise<number> {
    return this.store.unreadCount(conversationId, userId, lastReadSeq);
  }
}
