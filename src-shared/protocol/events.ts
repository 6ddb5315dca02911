/**
 * The socket protocol, defined once: every client command (`domain:verb`) with its runtime
 * schema and result type, every server broadcast (past tense) with its payload type.
 */
import { z } from 'zod';
import type { Ack } from './ack';
import type { ContactCard, ConversationSummary, HistoryPage, MessageView, PersonRef, PersonSummary, SearchResults } from './model';

const id = z.string().min(1).max(200);

/** Runtime schemas of the payload of every client command. */
export const commandSchemas = {
  /** Unified search: people and channels the viewer may see. */
  'directory:search': z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(50).optional() }).strict(),
  /** One person's contact card. */
  'person:card': z.object({ userId: id }).strict(),
  /** The viewer's chats and channels. */
  'conversation:list': z.object({}).strict(),
  /** A page of a conversation's history, older than `beforeSeq` when given. */
  'conversation:history': z.object({ conversationId: id, beforeSeq: z.number().int().min(1).optional(), limit: z.number().int().min(1).max(200).optional() }).strict(),
  /** Opens (or finds) the direct chat with one person. */
  'chat:open': z.object({ userId: id }).strict(),
  /** Sends a message; `clientId` makes a resend harmless. */
  'message:send': z.object({ conversationId: id, clientId: z.string().min(8).max(64), text: z.string().trim().min(1, 'A message cannot be empty.').max(10_000) }).strict(),
  /** The members of a channel, each as the viewer may see them. */
  'channel:members': z.object({ channelId: id }).strict(),
} as const;

/** The result type of every client command. */
export interface CommandResults {
  'directory:search': SearchResults;
  'person:card': ContactCard;
  'conversation:list': ConversationSummary[];
  'conversation:history': HistoryPage;
  'chat:open': ConversationSummary;
  'message:send': MessageView;
  'channel:members': PersonRef[];
}

export type CommandName = keyof typeof commandSchemas & keyof CommandResults;
export type CommandPayload<C extends CommandName> = z.input<(typeof commandSchemas)[C]>;
export type CommandResult<C extends CommandName> = CommandResults[C];

export const commandNames = Object.keys(commandSchemas) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commandSchemas, name);
}

/** Payloads the server pushes to clients. */
export interface ServerEvents {
  /** A person's presence or status message changed. */
  'presence:changed': { person: PersonSummary };
  /** A message was written in one of the viewer's conversations. */
  'message:created': { message: MessageView };
  /** Who the viewer sees changed (federation or user change): cached people may be stale. */
  'directory:changed': { reason: string };
}

export type ServerEventName = keyof ServerEvents;

/** One server event, as forwarded over IPC or the in-page bridge. */
export type ServerEvent = { [E in ServerEventName]: { type: E; payload: ServerEvents[E] } }[ServerEventName];

/** socket.io typed maps (client → server). */
export type ClientToServerEvents = {
  [C in CommandName]: (payload: CommandPayload<C>, ack: (response: Ack<CommandResult<C>>) => void) => void;
};

/** socket.io typed maps (server → client). */
export type ServerToClientEvents = { [E in ServerEventName]: (payload: ServerEvents[E]) => void };

/** Data the socket presents in its handshake. */
export const handshakeAuthSchema = z.object({ token: z.string().min(16).max(200) });
