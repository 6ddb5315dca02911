/**
 * The socket protocol, defined once: every client command (`domain:verb`) with its runtime
 * schema and result type, every server broadcast (past tense) with its payload type.
 */
import { z } from 'zod';
import type { Ack, AckError } from './ack';
import { decodeHistoryPage, expandMessage, type CompactMessageView, type EncodedHistoryPage, type HistoryPage } from './model';
import { conversationCommands, type ConversationEvents, type ConversationResults } from './conversationProtocol';
import { directoryCommands, type DirectoryEvents, type DirectoryResults } from './directoryProtocol';
import { fileCommands, type FileResults } from './fileProtocol';
import { callCommands, type CallEvents, type CallResults } from './callProtocol';
import { meetingCommands, type MeetingEvents, type MeetingResults } from './meetingProtocol';
import { groupCommands, type GroupResults } from './groupProtocol';
import { threadCommands, type ThreadEvents, type ThreadResults } from './threadProtocol';
import { messageSearchCommands, type MessageSearchResults } from './messageSearchProtocol';
import { reactionCommands, type ReactionEvents, type ReactionResults } from './reactionProtocol';
import { mediaCommands, type MediaResults } from './mediaProtocol';
import { profileCommands, type ProfileEvents, type ProfileResults } from './profileProtocol';
import { withoutNul, withoutNulInEach } from './validate';

/** Runtime schemas of the payload of every client command, one module per domain (no NUL character anywhere: validate.ts). */
export const commandSchemas = withoutNulInEach({
  ...directoryCommands,
  ...conversationCommands,
  ...fileCommands,
  ...callCommands,
  ...meetingCommands,
  ...groupCommands,
  ...threadCommands,
  ...messageSearchCommands,
  ...reactionCommands,
  ...mediaCommands,
  ...profileCommands,
} as const);

/** The result type of every client command. */
export interface CommandResults extends DirectoryResults, ConversationResults, FileResults, CallResults, MeetingResults, GroupResults, ThreadResults, MessageSearchResults, ReactionResults, MediaResults, ProfileResults {}

export type CommandName = keyof typeof commandSchemas & keyof CommandResults;
export type CommandPayload<C extends CommandName> = z.input<(typeof commandSchemas)[C]>;
export type CommandResult<C extends CommandName> = CommandResults[C];

/** Answers sent in another form than the one the session client hands on (it turns them back: `fromWire`). */
interface WireResults {
  'conversation:history': HistoryPage | EncodedHistoryPage;
  'message:send': CompactMessageView;
}

/** A command's answer as the server sends it. */
export type WireResult<C extends CommandName> = C extends keyof WireResults ? WireResults[C] : CommandResult<C>;

/** An answer as the server sent it, turned into the one the rest of the client uses. */
export function fromWire<C extends CommandName>(command: C, answer: Ack<WireResult<C>>): Ack<CommandResult<C>> {
  if (command === 'conversation:history' && answer.ok) return { ok: true, data: decodeHistoryPage(answer.data as WireResults['conversation:history']) as CommandResult<C> };
  if (command === 'message:send' && answer.ok) return { ok: true, data: expandMessage(answer.data as WireResults['message:send']) as CommandResult<C> };
  return answer as Ack<CommandResult<C>>;
}

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
export interface ServerEvents extends DirectoryEvents, ConversationEvents, CallEvents, MeetingEvents, SessionEvents, ThreadEvents, ReactionEvents, ProfileEvents {}

export type ServerEventName = keyof ServerEvents;

/** One server event, as forwarded over IPC or the in-page bridge. */
export type ServerEvent = { [E in ServerEventName]: { type: E; payload: ServerEvents[E] } }[ServerEventName];

/** socket.io typed maps (client → server). */
export type ClientToServerEvents = {
  [C in CommandName]: (payload: CommandPayload<C>, ack: (response: Ack<WireResult<C>>) => void) => void;
};

/** socket.io typed maps (server → client). */
/** Events sent in another form than the one the session client hands on (it turns them back: `eventFromWire`). */
interface WireEvents {
  'message:created': { message: CompactMessageView };
}

/** An event's payload as the server sends it. */
export type WireEvent<E extends ServerEventName> = E extends keyof WireEvents ? WireEvents[E] : ServerEvents[E];

/** An event as the server sent it, turned into the one the rest of the client uses. */
export function eventFromWire(type: ServerEventName, payload: unknown): ServerEvent {
  if (type === 'message:created') return { type, payload: { message: expandMessage((payload as WireEvents['message:created']).message) } };
  return { type, payload } as ServerEvent;
}

export type ServerToClientEvents = { [E in ServerEventName]: (payload: WireEvent<E>) => void };

/** Data the socket presents in its handshake. */
export const handshakeAuthSchema = withoutNul(
  z.object({
    token: z.string().min(16).max(200),
    /**
     * This client's own id, made by the client and kept across its reconnections: a call is
     * carried by a client, not by one socket, so it goes on when the socket comes back.
     */
    clientId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional(),
  }),
);
