import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../src-shared/protocol/events';
import type { RedisCluster } from './cluster/redisCluster';
import type { DownloadSigner } from './auth/downloadTokens';
import type { SessionService } from './auth/sessions';
import type { CallService } from './calls/callService';
import type { Directory } from './directory/directory';
import type { AccessService } from './domain/access';
import type { Clock } from './domain/clock';
import type { ConversationViews } from './domain/conversationViews';
import type { MentionService } from './domain/mentionService';
import type { ReadStateService } from './domain/readState';
import type { AddressOf } from './http/clientAddress';
import type { Limits } from './limits/limits';
import type { MeetingMediaService } from './meetings/meetingMedia';
import type { MeetingService } from './meetings/meetingService';
import type { Conversations } from './store/conversations';
import type { FileStore } from './store/fileStore';
import type { IceServerService } from './ice/iceServers';
import type { CallRepository, DirectoryRepository, MessageSearchRepository, ReactionRepository, Store, ThreadRepository } from './store/repositories';

/** What a connected socket carries once its handshake is accepted. */
export interface SocketData {
  userId: string;
  /** The hash of the session token it connected with (names the session's room). */
  sessionHash: string;
  /** The client's lasting id (its handshake's, else the socket's own): what carries a call. */
  clientId: string;
  /** Refusals for going too fast being held before they are sent (../handlers/command.ts). */
  heldRefusals?: number;
}

export type MeridianIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type MeridianSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Everything handlers, HTTP routes and tests share; one per server. Rules and data live in these
 * services, so every caller reaches the same rule the same way (STYLE: the backend's domain layer).
 */
export interface ServerContext {
  /** The database, whichever engine holds it: every repository (./store/repositories.ts). */
  store: Store;
  io: MeridianIo;
  /** The server's time: every stamp, expiry, rate and timer reads it (tests use a FakeClock). */
  clock: Clock;
  /** Accounts, people, federations and presence: the replica every rule reads, written through. */
  directory: Directory;
  /** Accounts and people as stored (sign-in, numbers): reads; writes of people go through `directory`. */
  users: DirectoryRepository;
  sessions: SessionService;
  /** Conversations, members and messages: the repositories with this process's replicas. */
  conversations: Conversations;
  /** Who may read and write a conversation: the one rule, one query. */
  access: AccessService;
  /** Where each person has read each conversation up to (SPEC 9). */
  readState: ReadStateService;
  /** What a viewer is shown of conversations and messages. */
  views: ConversationViews;
  files: FileStore;
  /** Message search's index (SPEC 7); who may find what is decided by `access`. */
  messageSearch: MessageSearchRepository;
  /** The people of each thread and where each has read it up to. */
  threads: ThreadRepository;
  /** Emoji reactions on messages. */
  reactions: ReactionRepository;
  /** Who messages mention: decided when written, counted per reader. */
  mentions: MentionService;
  /** Signs and checks the short-lived download URLs of files. */
  downloads: DownloadSigner;
  /** The call machine and call records. */
  calls: { service: CallService; store: CallRepository };
  meetings: MeetingService;
  /** The STUN/TURN servers (and short-lived TURN credentials) calls and meetings give their clients. */
  iceServers: IceServerService;
  /** Meetings' media: the relay between clients and the media server (or the voice mesh without one). */
  meetingMedia: MeetingMediaService;
  /** Rate limits per person and per address. */
  limits: Limits;
  /** The address a request counts as for limits (a trusted proxy's client, loopback as one). */
  addressOf: AddressOf;
  /** The other processes on the same Redis (`--redis-url`), or null when this process is the only one. */
  cluster: RedisCluster | null;
}

/**
 * Socket.io rooms: every client of one person, every client of one account, every client of one
 * session, and the clients of one account's members of a channel or group chat (what a message
 * there is delivered to: it is built once per viewing account).
 */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  conversation: (conversationId: string, accountId: string) => `conversation:${accountId}\n${conversationId}`,
  account: (accountId: string) => `account:${accountId}`,
  session: (sessionHash: string) => `session:${sessionHash}`,
  /** Every socket of one client (one at a time, and the next one after a reconnection). */
  client: (userId: string, clientId: string) => `client:${userId}\n${clientId}`,
};
