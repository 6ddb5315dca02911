/** Reactions and mentions (SPEC 7): commands, results and the events that carry them live. */
import { z } from 'zod';
import { normalizeEmoji } from '../domain/emoji';
import type { Ack } from './ack';
import type { ApiTransport } from './api';
import { pageRequestShape, type ConversationKind, type MessageView, type Page, type ReactionView } from './model';

const id = z.string().min(1).max(200);

/** One emoji of Unicode's recommended set, in its recommended form (see ../domain/emoji.ts). */
export const emojiSchema = z
  .string()
  .max(64)
  .transform((text, context) => {
    const emoji = normalizeEmoji(text);
    if (emoji === null) context.addIssue({ code: 'custom', message: 'A reaction is one emoji.' });
    return emoji ?? '';
  });

/** A message can carry this many different emoji at most; more would make every page heavier for everyone. */
export const maxReactionsPerMessage = 50;

export const reactionCommands = {
  /** Reacts to a message with an emoji (again: nothing changes). */
  'reaction:add': z.object({ messageId: id, emoji: emojiSchema }).strict(),
  /** Takes one's own reaction back. */
  'reaction:remove': z.object({ messageId: id, emoji: emojiSchema }).strict(),
  /** Messages that mention the viewer (by name, or `@here`/`@channel`), newest first, in conversations they may read (SPEC 9 `Mentions`). */
  'mention:list': z.object(pageRequestShape).strict(),
} as const;

/** One message of the viewer's `Mentions` list. */
export interface MentionListItem {
  message: MessageView;
  conversation: { id: string; kind: ConversationKind; title: string };
  /** The viewer has not read its conversation that far yet. */
  unread: boolean;
}

/** A message's reactions as they stand after a change. */
export interface MessageReactions {
  conversationId: string;
  messageId: string;
  reactions: ReactionView[];
}

export interface ReactionResults {
  'reaction:add': MessageReactions;
  'reaction:remove': MessageReactions;
  'mention:list': Page<MentionListItem>;
}

export interface ReactionEvents {
  /** Someone reacted to a message, or took a reaction back: its reactions now, as the viewer sees them. */
  'reaction:changed': MessageReactions;
  /**
   * The viewer was mentioned in a message (new, or edited to mention them): sent to them alone,
   * beside the `message:created` (or `message:updated`) every member gets.
   */
  'mention:received': { message: MessageView };
}

type Payload<C extends keyof typeof reactionCommands> = z.input<(typeof reactionCommands)[C]>;

export interface ReactionApi {
  addReaction(payload: Payload<'reaction:add'>): Promise<Ack<MessageReactions>>;
  removeReaction(payload: Payload<'reaction:remove'>): Promise<Ack<MessageReactions>>;
  listMentions(payload?: Payload<'mention:list'>): Promise<Ack<Page<MentionListItem>>>;
}

export function createReactionApi(transport: ApiTransport): ReactionApi {
  return {
    addReaction: (payload) => transport.invoke('reaction:add', payload),
    removeReaction: (payload) => transport.invoke('reaction:remove', payload),
    listMentions: (payload = {}) => transport.invoke('mention:list', payload),
  };
}
