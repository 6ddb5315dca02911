/**
 * The Meridian backend: HTTP (health, sign-in, the browser build) and socket.io (everything
 * real time) over one SQLite database. `startServer` is what the CLI, Electron's utility
 * process and the tests all call.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Server } from 'socket.io';
import { handshakeAuthSchema } from '../src-shared/protocol/events';
import { defaultMaxUploadBytes } from '../src-shared/protocol/fileProtocol';
import { DownloadSigner } from './auth/downloadTokens';
import { SessionStore } from './auth/sessions';
import { rooms, type MeridianIo, type MeridianSocket, type ServerContext } from './context';
import { Directory } from './directory/directory';
import { FederationService, type ChangeAnnouncer } from './federation/federationService';
import { announceConversationChanged, broadcastPerson } from './handlers/broadcast';
import { registerConversationHandlers } from './handlers/conversationHandlers';
import { callRuntimeOf, registerCallHandlers } from './handlers/callHandlers';
import { registerMeetingHandlers } from './handlers/meetingHandlers';
import { registerDirectoryHandlers } from './handlers/directoryHandlers';
import { registerFileHandlers } from './handlers/fileHandlers';
import { createAdminRoute } from './http/adminRoute';
import { createFileRoute } from './http/fileRoute';
import { createHttpHandler } from './http/routes';
import { findProjectPath } from './paths';
import { loadSeed, readSeedFile, validateSeed, type ValidSeed } from './seed/loadSeed';
import { ConversationStore } from './store/conversationStore';
import { isEmpty, openDatabase, readMeta, writeMeta, type Db } from './store/database';
import { defaultFilesDirectory, FileStore } from './store/fileStore';

export interface ServerOptions {
  /** SQLite file, or `:memory:`. */
  db: string;
  /** A seed file to load into an empty database. */
  seedFile?: string;
  /** A seed object (tests), loaded into an empty database. */
  seed?: unknown;
  /** Treat the data as demo data: the sign-in screen lists its people. */
  demo?: boolean;
  port?: number;
  host?: string;
  /** The browser build to serve at `/`; found in out/renderer when not given. */
  webRoot?: string | null;
  /** better_sqlite3.node built for this runtime (Electron). */
  nativeBinding?: string;
  supportToken?: string;
  /** Where shared files are stored: beside a database file by default, a temporary folder for `:memory:`. */
  filesDir?: string;
  /** The largest file that may be shared (25 MB by default). */
  maxUploadBytes?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  context: ServerContext;
  /** The token the support console must present. */
  supportToken: string;
  federations: FederationService;
  close(): Promise<void>;
}

/** Where the bundled demo seed lives. */
export function bundledDemoSeedPath(): string {
  const file = findProjectPath('resources/demo-seed.json');
  if (!file) throw new Error('The bundled demo seed (resources/demo-seed.json) is missing.');
  return file;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  // Validate the seed before touching the database: a bad seed changes nothing.
  let seed: ValidSeed | null = null;
  let demo = options.demo ?? false;
  if (options.seed !== undefined) seed = validateSeed(options.seed, 'seed');
  else if (options.seedFile) seed = readSeedFile(options.seedFile);

  const db = openDatabase(options.db, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    if (isEmpty(db)) {
      if (!seed) {
        seed = readSeedFile(bundledDemoSeedPath());
        demo = true;
      }
      await loadSeed(db, seed, { demo });
      if (demo) writeMeta(db, 'demo', '1');
    }
    demo ||= readMeta(db, 'demo') === '1';
    return await listen(db, options, demo);
  } catch (error) {
    db.close();
    throw error;
  }
}

async function listen(db: Db, options: ServerOptions, demo: boolean): Promise<RunningServer> {
  const httpServer: HttpServer = createServer();
  const io: MeridianIo = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1e6, transports: ['websocket', 'polling'] });
  const directory = new Directory(db);
  const context: ServerContext = {
    db,
    io,
    directory,
    sessions: new SessionStore(db),
    conversations: new ConversationStore(db),
    files: openFileStore(db, options),
    downloads: new DownloadSigner(),
  };
  const webRoot = options.webRoot === undefined ? findProjectPath('out/renderer/index.html')?.replace(/index\.html$/, '') ?? null : options.webRoot;
  const federations = new FederationService(db, directory, context.conversations, createAnnouncer(context));
  const supportToken = options.supportToken ?? randomBytes(18).toString('base64url');
  httpServer.on('request', createHttpHandler(context, { webRoot, demo, admin: createAdminRoute(federations, supportToken), files: createFileRoute(context) }));

  // An unauthenticated socket gets nothing: the handshake must carry a valid session token.
  io.use((socket, next) => {
    const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
    const userId = auth.success ? context.sessions.userIdOf(auth.data.token) : null;
    if (!userId || !directory.user(userId)) return next(new Error('unauthorized'));
    socket.data.userId = userId;
    next();
  });

  io.on('connection', (socket: MeridianSocket) => {
    const user = directory.user(socket.data.userId)!;
    void socket.join([rooms.user(user.id), rooms.account(user.accountId)]);
    if (directory.clientConnected(user.id)) broadcastPerson(context, user);
    registerDirectoryHandlers(context, socket);
    registerConversationHandlers(context, socket);
    registerCallHandlers(context, socket);
    registerMeetingHandlers(context, socket);
    registerFileHandlers(context, socket);
    socket.on('disconnect', () => {
      const current = directory.user(socket.data.userId);
      if (directory.clientDisconnected(socket.data.userId, socket.id) && current) broadcastPerson(context, current);
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  }).catch((error: unknown) => {
    context.files.close();
    throw error;
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    context,
    supportToken,
    federations,
    close: async () => {
      io.disconnectSockets(true);
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      // Keep-alive connections that just answered (a download) would otherwise hold close() for seconds.
      httpServer.closeAllConnections();
      await closed;
      db.close();
      context.files.close();
    },
  };
}

function openFileStore(db: Db, options: ServerOptions): FileStore {
  const { directory, temporary } = options.filesDir ? { directory: path.resolve(options.filesDir), temporary: false } : defaultFilesDirectory(options.db);
  return new FileStore(db, directory, options.maxUploadBytes ?? defaultMaxUploadBytes, temporary);
}

/** Turns support changes into what connected clients hear. */
function createAnnouncer(context: ServerContext): ChangeAnnouncer {
  return {
    visibilityChanged(accountIds, reason) {
      const targets = [...accountIds].map(rooms.account);
      if (targets.length > 0) context.io.to(targets).emit('directory:changed', { reason });
      // A call under way shows the other party's name only while they are seen.
      callRuntimeOf(context).service.announceLiveCalls();
    },
    userRemoved(userId) {
      context.io.in(rooms.user(userId)).disconnectSockets(true);
    },
    membershipChanged(channelId, userIds) {
      announceConversationChanged(context, channelId, userIds);
    },
  };
}
