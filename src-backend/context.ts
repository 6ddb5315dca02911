import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../src-shared/protocol/events';
import type { DownloadSigner } from './auth/downloadTokens';
import type { SessionStore } from './auth/sessions';
import type { Directory } from './directory/directory';
import type { ConversationStore } from './store/conversationStore';
import type { Db } from './store/database';
import type { FileStore } from './store/fileStore';

/** What a connected socket carries once its handshake is accepted. */
export interface SocketData {
  userId: string;
}

export type MeridianIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type MeridianSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Everything handlers share; one per server. */
export interface ServerContext {
  db: Db;
  io: MeridianIo;
  directory: Directory;
  sessions: SessionStore;
  conversations: ConversationStore;
  files: FileStore;
  /** Signs and checks the short-lived download URLs of files. */
  downloads: DownloadSigner;
}

/** Socket.io rooms: every client of one person, every client of one account. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  account: (accountId: string) => `account:${accountId}`,
};
