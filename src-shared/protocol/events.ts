/**
 * The socket protocol, defined once: every client command (`domain:verb`) with its runtime
 * schema and result type, every server broadcast (past tense) with its payload type.
 */
import { z } from 'zod';
import type { Ack, AckError } from './ack';
import { conversationCommands, type ConversationEvents, type ConversationResults } from './conversationProtocol';
import { directoryCommands, type DirectoryEvents, type DirectoryResults } from './directoryProtocol';
import { fileCommands, type FileResults } from './fileProtocol';
import { callCommands, type CallEvents, type CallResults } from './callProtocol';
import { meetingCommands, type MeetingEvents, type MeetingResults } from './meetingProtocol';
import { groupCommands, type GroupResults } from './groupProtocol';
import { threadCommands, type ThreadEvents, type ThreadResults } from './threadProtocol';
import { messageSearchCommands, type MessageSearchResults } from './messageSearchProtocol';
import { reactionCommands, type ReactionEvents, type ReactionResults } from './reactionProtocol';

/** Runtime schemas of the payload of every client command, one module per domain. */
export const commandSchemas = {
  ...directoryCommands,
  ...conversationCommands,
  ...fileCommands,
  ...callCommands,
  ...meetingCommands,
  ...groupCommands,
  ...threadCommands,
  ...messageSearchCommands,
  ...reactionCommands,
} as const;

/** The result type of every client command. */
export interface CommandResults extends DirectoryResults, ConversationResults, FileResults, CallResults, MeetingResults, GroupResults, ThreadResults, MessageSearchResults, ReactionResults {}

export type CommandName = keyof typeof commandSchemas & keyof CommandResults;
export type CommandPayload<C extends CommandName> = z.input<(typeof commandSchemas)[C]>;
export type CommandResult<C extends CommandName> = CommandResults[C];

export const commandNames = Object.keys(commandSchemas) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commandSchemas, name);
}

/** Why the server ended a session: signed out (on any of its clients), expired, or the person was removed. */
export type SessionEndReason = 'signed-out' | 'expired' | 'removed';

/** Events about the connection itself rather than any domain. */
export interface SessionEvents {
  /** The session is over on every client that uses it; the client returns to sign-in. */
  'session:ended': { reason: SessionEndReason };
  /** A command the server could not answer with an acknowledgement: unknown, or sent without one. */
  'command:failed': { command: string; error: AckError };
}

/** Payloads the server pushes to clients. */
export interface ServerEvents extends DirectoryEvents, ConversationEvents, CallEvents, MeetingEvents, SessionEvents, ThreadEvents, ReactionEvents {}

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
