/**
 * Group chats (SPEC 7): 3 to 10 people, the creator included, who all see each other when it
 * starts. No name and no owner account; members add people (`channel:invite`, with the same
 * warning as channels), see who is in it (`channel:members`) and leave (`channel:leave`).
 */
import { z } from 'zod';
import type { Ack } from './ack';
import type { ApiTransport } from './api';
import type { ConversationSummary } from './model';
import { nameText } from './validate';

/** The most people a group chat holds, its creator included; three is the fewest. */
export const maxGroupMembers = 10;

const id = z.string().min(1).max(200);

export const groupCommands = {
  /**
   * Starts a group chat of the viewer and these people (2 to 9 others, all seen by the viewer).
   * Refused, naming who cannot see whom, when two of them do not see each other. A group chat of
   * exactly these people that exists already is opened instead.
   */
  'group:create': z
    .object({
      memberIds: z
        .array(id)
        .min(2, 'A group chat needs at least two other people; pick one person for a 1:1 chat.')
        .max(maxGroupMembers - 1, `A group chat holds at most ${maxGroupMembers} people, you included.`),
    })
    .strict(),
  /**
   * Names a group chat the viewer is a member of, for every member (SPEC 9 Messages); `name` null
   * clears it, and the chat is titled by its members again. Each member sees a notice of it.
   */
  'group:rename': z
    .object({ conversationId: id, name: nameText(z.string().trim().min(1, 'A name cannot be empty: clear it instead.').max(80)).nullable() })
    .strict(),
} as const;

export interface GroupResults {
  'group:create': ConversationSummary;
  'group:rename': ConversationSummary;
}

type Payload<C extends keyof typeof groupCommands> = z.input<(typeof groupCommands)[C]>;

export interface GroupApi {
  createGroup(payload: Payload<'group:create'>): Promise<Ack<ConversationSummary>>;
  renameGroup(payload: Payload<'group:rename'>): Promise<Ack<ConversationSummary>>;
}

export function createGroupApi(transport: ApiTransport): GroupApi {
  return {
    createGroup: (payload) => transport.invoke('group:create', payload),
    renameGroup: (payload) => transport.invoke('group:rename', payload),
  };
}
