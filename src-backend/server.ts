/**
 * The Meridian backend: HTTP (health, sign-in, the browser build) and socket.io (everything
 * real time) over one store (SQLite by default). `startServer` is what the CLI, Electron's
 * utility process and the tests all call.
 *
 * Nothing a client sends may stop it (SPEC 8): every HTTP request and socket listener is
 * contained (an error becomes an error answer and a log line), work per person is rate limited,
 * and requests for a foreign Host or from a foreign Origin are refused before anything else.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createServer, type IncomingMessage, type ServerResponse, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Server } from 'socket.io';
import { handshakeAuthSchema } from '../src-shared/protocol/events';
import { defaultMaxUploadBytes } from '../src-shared/protocol/fileProtocol';
import { DownloadSigner } from './auth/downloadTokens';
import { SessionService } from './auth/sessions';
import { rooms, type MeridianIo, type MeridianSocket, type ServerContext } from './context';
import { Directory } from './directory/directory';
import { UnknownPeople } from './directory/unknownPeople';
import { AccessService } from './domain/access';
import { isoNow, systemClock, type Clock, type TimerHandle } from './domain/clock';
import { ConversationViews } from './domain/conversationViews';
import { MentionService } from './domain/mentionService';
import { defaultReadBatchMs, ReadStateService } from './domain/readState';
import { FederationService, type ChangeAnnouncer } from './federation/federationService';
import { announceConversationChanged, announceReadMarks, announceThreadReadMarks, broadcastPerson, conversationRoomsOf, endSessionClients, postNotice, stopPresenceBatch, trackConversationRooms } from './handlers/broadcast';
import { createCallRuntime, registerCallHandlers } from './handlers/callHandlers';
import { CommandTable, contained, refusalHoldMs } from './handlers/command';
import { registerConversationHandlers } from './handlers/conversationHandlers';
import { registerDirectoryHandlers } from './handlers/directoryHandlers';
import { registerFileHandlers } from './handlers/fileHandlers';
import { registerMeetingHandlers } from './handlers/meetingHandlers';
import { registerGroupHandlers } from './handlers/groupHandlers';
import { registerThreadHandlers } from './handlers/threadHandlers';
import { registerMessageSearchHandlers } from './handlers/messageSearchHandlers';
import { registerReactionHandlers } from './handlers/reactionHandlers';
import { registerProfileHandlers } from './handlers/profileHandlers';
import { createPhotoRoute } from './http/photoRoute';
import { defaultMaxPhotoBytes, defaultMaxPhotoSide } from '../src-shared/protocol/profileProtocol';
import { createAdminRoute } from './http/adminRoute';
import { throttleInbound } from './inboundThrottle';
import { createFileRoute } from './http/fileRoute';
import { createRequestGuard } from './http/requestGuard';
import { createHttpHandler, type Handler } from './http/routes';
import { IceServerService, type IceSettings } from './ice/iceServers';
import { registerMediaHandlers } from './handlers/mediaHandlers';
import { createAddressOf, type AddressOf } from './http/clientAddress';
import type { Buckets } from './limits/buckets';
import { Limits, maxFrameBytes, type LimitOverrides, type LimitSettings } from './limits/limits';
import { guardedParser } from './socketFrames';
import { openMediaServer, type MediaServerOption, type MediaServerRuntime } from './media/mediaServer';
import { MeetingMediaService } from './meetings/meetingMedia';
import { MeetingService } from './meetings/meetingService';
import { findProjectPath } from './paths';
import { loadSeed, readSeedFile, validateSeed, type ValidSeed } from './seed/loadSeed';
import { Conversations } from './store/conversations';
import { defaultFilesDirectory, FileStore } from './store/fileStore';
import type { Store } from './store/repositories';
import { openSqliteStore } from './store/sqlite/sqliteStore';
import type { RedisCluster, RedisClusterOptions } from './cluster/redisCluster';

export interface ServerOptions {
  /** SQLite file, or `:memory:` (unless `databaseUrl` names a PostgreSQL database). */
  db: string;
  /** A PostgreSQL database (`postgres://…`) instead of SQLite: for several processes (SPEC 10). */
  databaseUrl?: string;
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
  /** The support console's token (at least 16 characters); one is made when not given. */
  supportToken?: string;
  /** The key download URLs are signed with, the same in every process of a deployment (./auth/secrets.ts); one of this process when not given. */
  signingKey?: Buffer;
  /** Where shared files are stored: beside a database file by default, a temporary folder for `:memory:`. */
  filesDir?: string;
  /** The largest file that may be shared (25 MB by default). */
  maxUploadBytes?: number;
  /** What one person's shared files may take in all (1 GB by default). */
  storageQuotaBytes?: number;
  /** The largest profile photo (2 MB by default) and its longest side in pixels (4096 by default). */
  maxPhotoBytes?: number;
  maxPhotoSide?: number;
  /** How long an upload may wait for a message to carry it before it is deleted (1 hour by default). */
  unattachedFileLifetimeMs?: number;
  /** Origins accepted besides the server's own pages (a development server), exactly as browsers send them. */
  allowedOrigins?: string[];
  /** Rates and caps other than SPEC 8's defaults (`--limits FILE`, tests, benchmarks). */
  limits?: LimitOverrides;
  /**
   * Proxies whose `X-Forwarded-For` names the client for limits per address (`--trust-proxy`):
   * addresses, CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`. None by default.
   */
  trustProxy?: string[];
  /** The server's time (tests pass a FakeClock). */
  clock?: Clock;
  /** Called with every SQL statement run (tests that inspect query plans). */
  sqlTrace?: (sql: string, parameters?: readonly unknown[]) => void;
  /** How long read marks are gathered before they are written together (200 ms by default). */
  readBatchMs?: number;
  /** STUN and TURN servers for calls and meetings (none by default: host candidates only). */
  ice?: Partial<IceSettings>;
  /**
   * The media server meetings go through (docs/janus.md): `start` finds and starts Janus (what the
   * CLI does), `{ url, apiSecret }` uses one already running, `off` (the default) has none, and
   * meetings fall back to voice between up to 4 people who all see each other.
   */
  mediaServer?: MediaServerOption;
  /** How long a call rings before it ends as no answer (30 s by default; `--ring-timeout`). */
  ringTimeoutMs?: number;
  /**
   * How often this process looks for ringing calls whose deadline passed (5 s by default): the
   * timers of a process that died are caught within this much of their deadline.
   */
  callSweepMs?: number;
  /** How long a client whose connection was lost keeps its place and media in a meeting (20 s by default). */
  meetingResumeGraceMs?: number;
  /**
   * A Redis (`redis://…`) shared with the other processes of the same deployment (SPEC 10): events
   * and rooms go through socket.io's Redis Streams adapter, replicas are invalidated and presence
   * counted across processes (./cluster/redisCluster.ts). None by default: this process is alone.
   */
  redisUrl?: string;
  /** This process's name among the others on the same Redis (a random one by default). */
  nodeId?: string;
  /** Heartbeat and timeout of a process on Redis (tests shorten them). */
  cluster?: RedisClusterOptions;
  /**
   * Host headers this backend also answers besides its own address (`--allow-host`): the
   * address of a load balancer in front of several processes on loopback addresses.
   */
  allowedHosts?: string[];
}

export interface RunningServer {
  url: string;
  port: number;
  context: ServerContext;
  /** The token the support console must present. */
  supportToken: string;
  federations: FederationService;
  /** One line for the start-up log: what meetings' media go through, or why there is no media server. */
  mediaServer: string;
  /** The process id of the Janus this backend started, if it did (benchmarks read its CPU time). */
  mediaServerPid: number | null;
  close(): Promise<void>;
}

/** What a person's shared files may take in all, unless told otherwise. */
export const defaultStorageQuotaBytes = 1024 * 1024 * 1024;
/** How long an upload may wait for its message, unless told otherwise. */
export const defaultUnattachedFileLifetimeMs = 60 * 60 * 1000;
/** How often expired sessions, stale uploads and idle rate buckets are cleared. */
const sweepIntervalMs = 60_000;
/** How often each process looks for ringing calls past their deadline (`ServerOptions.callSweepMs`). */
export const defaultCallSweepMs = 5_000;

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
  if (options.seed !== undefined) seed = validateSeed(options.seed);
  else if (options.seedFile) seed = readSeedFile(options.seedFile);

  const store = await openStore(options);
  try {
    if (await store.isEmpty()) {
      if (!seed) {
        seed = readSeedFile(bundledDemoSeedPath());
        demo = true;
      }
      await loadSeed(store, seed, { demo, at: isoNow(options.clock ?? systemClock) });
      if (demo) await store.writeMeta('demo', '1');
    }
    demo ||= (await store.readMeta('demo')) === '1';
    return await listen(store, options, demo);
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The database the options name: PostgreSQL (loaded only then), or SQLite. */
async function openStore(options: ServerOptions): Promise<Store> {
  if (options.databaseUrl) {
    const { openPostgresStore } = await import('./store/postgres/postgresStore');
    return openPostgresStore(options.databaseUrl, options.sqlTrace ? { trace: options.sqlTrace } : {});
  }
  return openSqliteStore(options.db, { ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}), ...(options.sqlTrace ? { verbose: options.sqlTrace } : {}) });
}

/**
 * The budgets every process counts together (./limits/buckets.ts): on the same Redis as the
 * others when there are any (loaded only then), else in this process's memory (undefined).
 */
async function openSharedBuckets(options: ServerOptions): Promise<Buckets | undefined> {
  if (!options.redisUrl) return undefined;
  const { RedisBuckets } = await import('./limits/redisBuckets');
  return RedisBuckets.open(options.redisUrl);
}

/** The other processes on the same Redis, when there are any (loaded only then). */
async function openCluster(options: ServerOptions): Promise<RedisCluster | null> {
  if (!options.redisUrl) return null;
  const { RedisCluster } = await import('./cluster/redisCluster');
  return RedisCluster.open(options.redisUrl, options.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`, options.cluster);
}

/** Builds every service of one server, in the order they need each other. */
async function createContext(store: Store, io: MeridianIo, options: ServerOptions, media: MediaServerRuntime, limits: Limits, addressOf: AddressOf, cluster: RedisCluster | null): Promise<ServerContext> {
  const clock = options.clock ?? systemClock;
  const directory = await Directory.load(store.directory, new UnknownPeople(store.unknownPeople), cluster?.connections);
  const conversations = new Conversations(store, clock);
  const access = new AccessService(conversations, directory);
  const files = openFileStore(store, options, clock);
  const mentions = new MentionService(conversations, directory, store.mentions, limits.settings.broadcastMentionReach);
  const views = new ConversationViews(conversations, directory, access, store.reactions, mentions);
  const context = {
    store,
    io,
    clock,
    directory,
    users: store.directory,
    sessions: new SessionService(store.sessions, clock),
    conversations,
    access,
    views,
    files,
    messageSearch: store.messageSearch,
    reactions: store.reactions,
    mentions,
    downloads: new DownloadSigner(clock, undefined, options.signingKey),
    limits,
    addressOf,
    iceServers: new IceServerService(clock, options.ice),
    cluster,
  } as ServerContext;
  context.threads = store.threads;
  context.readState = new ReadStateService(store.readState, store.threads, options.readBatchMs ?? defaultReadBatchMs, {
    conversations: (marks) => announceReadMarks(context, marks),
    threads: (marks) => announceThreadReadMarks(context, marks),
  });
  trackConversationRooms(context);
  if (cluster) shareReplicas(context, cluster);
  context.sessions.onEnded((hash, reason) => endSessionClients(context, hash, reason));
  context.calls = createCallRuntime(context, options.ringTimeoutMs !== undefined ? { ringTimeoutMs: options.ringTimeoutMs } : {});
  context.meetings = new MeetingService(store.meetings, {
    io,
    clock,
    directory,
    conversations,
    access,
    views,
    postNotice: (conversationId, actorId, notice) => postNotice(context, conversationId, actorId, notice),
    // Through the adapter: a client connected to another process counts.
    clientPresent: async (userId, clientId) => (await io.in(rooms.client(userId, clientId)).fetchSockets()).length > 0,
  });
  if (options.meetingResumeGraceMs !== undefined) context.meetings.resumeGraceMs = options.meetingResumeGraceMs;
  context.meetingMedia = new MeetingMediaService({
    io,
    clock,
    directory,
    access,
    meetings: context.meetings,
    gateway: media.gateway,
    unavailable: media.unavailable,
    // The other processes' clients in the same media room resubscribe too (SPEC 10).
    ...(cluster ? { feedsChangedElsewhere: (meetingId: string) => cluster.publish({ kind: 'meeting-feeds', meetingId }) } : {}),
  });
  context.meetings.useMedia(context.meetingMedia);
  // With other processes running, their meetings go on (./cluster/redisCluster.ts knows who is alive).
  await context.meetings.start(cluster ? !(await cluster.othersAlive()) : true);
  return context;
}

async function listen(store: Store, options: ServerOptions, demo: boolean): Promise<RunningServer> {
  const httpServer: HttpServer = createServer();
  const host = options.host ?? '127.0.0.1';
  const guard = createRequestGuard({ host, port: () => (httpServer.address() as AddressInfo | null)?.port ?? options.port ?? 0, allowedOrigins: options.allowedOrigins, allowedHosts: options.allowedHosts });
  // Our handler is registered before socket.io attaches: engine.io then takes every /socket.io/
  // request for itself and hands only the others on. Attached the other way round, both would
  // answer /socket.io/ and the second answer would throw ERR_HTTP_HEADERS_SENT (C1).
  let handle: Handler = (_request, response) => void response.writeHead(503).end();
  httpServer.on('request', (request: IncomingMessage, response: ServerResponse) => void handle(request, response));
  const addressOf = createAddressOf(options.trustProxy);
  const cluster = await openCluster(options);
  let shared: Buckets | undefined;
  try {
    shared = await openSharedBuckets(options);
  } catch (error) {
    await cluster?.close();
    throw error;
  }
  const limits = new Limits(options.clock ?? systemClock, options.limits, shared);
  const joining = new JoiningConnections(limits.settings);
  const io: MeridianIo = new Server(httpServer, {
    // With other processes: every broadcast and room change goes through Redis to their sockets too.
    ...(cluster ? { adapter: cluster.adapter() } : {}),
    serveClient: false,
    // Frames are bounded before they are read, and read only as far as their limits allow (socketFrames.ts).
    maxHttpBufferSize: maxFrameBytes(limits.settings),
    parser: guardedParser(limits.settings),
    // A connection that has not joined with a session by then is closed (socket.io's default: 45 s).
    connectTimeout: limits.settings.unauthenticatedTimeoutMs,
    transports: ['websocket', 'polling'],
    // The same Host and Origin rules as HTTP, for polling and for the WebSocket upgrade alike; and
    // no new connection from an address (or at all) while too many have not joined yet.
    allowRequest: (request, callback) => {
      const refused = guard(request) ?? joining.refusal(addressOf(request));
      callback(refused, refused === null);
    },
  });
  io.engine.on('connection', (connection: EngineConnection) => joining.opened(connection, addressOf(connection.request)));
  let context: ServerContext;
  // The media server comes first: a meeting joined at once already knows how its media travel.
  let media: MediaServerRuntime;
  try {
    media = await openMediaServer(options.mediaServer ?? 'off');
  } catch (error) {
    void io.close();
    await cluster?.close();
    await limits.close();
    throw error;
  }
  try {
    context = await createContext(store, io, options, media, limits, addressOf, cluster);
  } catch (error) {
    void io.close();
    await media.close();
    await cluster?.close();
    await limits.close();
    throw error;
  }
  const webRoot = options.webRoot === undefined ? (findProjectPath('out/renderer/index.html')?.replace(/index\.html$/, '') ?? null) : options.webRoot;
  const federations = new FederationService(store, context.directory, context.conversations, createAnnouncer(context), context.clock);
  const supportToken = options.supportToken ?? randomBytes(18).toString('base64url');
  try {
    handle = createHttpHandler(context, { webRoot, demo, guard, admin: createAdminRoute(federations, supportToken, context.limits, context.addressOf), files: createFileRoute(context), photos: createPhotoRoute(context, { maxBytes: options.maxPhotoBytes ?? defaultMaxPhotoBytes, maxSide: options.maxPhotoSide ?? defaultMaxPhotoSide }) });
  } catch (error) {
    context.files.close();
    void io.close();
    await cluster?.close();
    await limits.close();
    throw error;
  }
  const sockets = acceptSockets(context, joining);
  // Calls under way when the backend last stopped go on: their timers are set again, their clients have a while to return.
  await context.calls.service.resume();
  const sweeps = scheduleSweeps(context, options.callSweepMs ?? defaultCallSweepMs);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, host, () => resolve());
  }).catch(async (error: unknown) => {
    sweeps.cancel();
    context.calls.service.stop();
    context.files.close();
    context.meetings.stop();
    await media.close();
    await cluster?.close();
    await limits.close();
    throw error;
  });
  const address = httpServer.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    context,
    supportToken,
    federations,
    mediaServer: media.description,
    mediaServerPid: media.pid,
    close: async () => {
      sweeps.cancel();
      context.calls.service.stop();
      context.meetings.stop();
      io.disconnectSockets(true);
      const closed = new Promise<void>((resolve) => void io.close(() => resolve()));
      // Keep-alive connections that just answered (a download) would otherwise hold close() for seconds.
      httpServer.closeAllConnections();
      await closed;
      await sockets.idle();
      // This process's clients are taken out of the counts the other processes keep.
      await cluster?.close();
      await limits.close();
      await context.meetingMedia.close();
      await media.close();
      stopPresenceBatch(context);
      // Read marks gathered but not written yet are written before the database closes.
      await context.readState.flush();
      await sweeps.idle();
      await store.close();
      context.files.close();
    },
  };
}

/** An engine.io connection, as far as JoiningConnections needs it. */
interface EngineConnection {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Connections that have not joined with a session yet (issue 18 #8), counted per address and in
 * all, so that nobody can hold thousands open unauthenticated; socket.io closes each after
 * `unauthenticatedTimeoutMs`. Counts of this process's own connections, which no other process
 * could hold anyway (not state of access: SPEC 10).
 */
class JoiningConnections {
  private readonly byAddress = new Map<string, number>();
  private readonly addressOf = new Map<EngineConnection, string>();

  constructor(private readonly settings: LimitSettings) {}

  /** Why a new connection from `address` is refused now, or null. */
  refusal(address: string): string | null {
    if (this.addressOf.size >= this.settings.unauthenticatedTotal || (this.byAddress.get(address) ?? 0) >= this.settings.unauthenticatedPerAddress) {
      return 'Too many connections waiting to sign in; try again in a few seconds.';
    }
    return null;
  }

  opened(connection: EngineConnection, address: string): void {
    this.addressOf.set(connection, address);
    this.byAddress.set(address, (this.byAddress.get(address) ?? 0) + 1);
    connection.once('close', () => this.joined(connection));
  }

  /** The connection joined (or closed): it no longer counts. */
  joined(connection: EngineConnection): void {
    const address = this.addressOf.get(connection);
    if (address === undefined) return;
    this.addressOf.delete(connection);
    const count = (this.byAddress.get(address) ?? 1) - 1;
    if (count > 0) this.byAddress.set(address, count);
    else this.byAddress.delete(address);
  }
}

/**
 * The handshake (a live session, within the person's socket cap) and what every accepted socket
 * gets. `idle` resolves once what departing sockets started in the store is done (before it closes).
 */
function acceptSockets(context: ServerContext, joining: JoiningConnections): { idle(): Promise<void> } {
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  };
  const { io, directory, sessions, limits } = context;
  // Every command, registered once for the whole server; each socket dispatches into the table.
  const commands = new CommandTable(context);
  registerDirectoryHandlers(context, commands);
  registerConversationHandlers(context, commands);
  registerCallHandlers(context, commands);
  registerMeetingHandlers(context, commands);
  registerGroupHandlers(context, commands);
  registerThreadHandlers(context, commands);
  registerMessageSearchHandlers(context, commands);
  registerReactionHandlers(context, commands);
  registerFileHandlers(context, commands);
  registerMediaHandlers(context, commands);
  registerProfileHandlers(context, commands);
  // An unauthenticated socket gets nothing: the handshake must carry a valid session token.
  io.use((socket, next) => void handshake(socket, next));
  async function handshake(socket: MeridianSocket, next: (error?: Error) => void): Promise<void> {
    try {
      const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
      const check = auth.success ? await sessions.check(auth.data.token) : null;
      if (!check?.ok) return next(new Error(check?.reason === 'expired' ? 'session_expired' : 'unauthorized'));
      const user = directory.user(check.session.userId);
      if (!user) return next(new Error('unauthorized'));
      // Held like every refusal for going too fast, so a loop of new sockets slows to a crawl.
      if (directory.connectionCount(user.id) >= limits.settings.socketsPerPerson) return void setTimeout(() => next(new Error('too_many_connections')), refusalHoldMs).unref();
      socket.data.userId = user.id;
      socket.data.sessionHash = check.session.hash;
      socket.data.clientId = auth.data?.clientId ?? socket.id;
      next();
    } catch (error) {
      console.error('[meridian] a socket handshake failed:', error);
      next(new Error('internal'));
    }
  }

  io.on(
    'connection',
    contained('accepting a socket', async (socket: MeridianSocket) => {
      joining.joined(socket.conn as unknown as EngineConnection);
      const user = directory.user(socket.data.userId);
      // Checked again here, where arrivals are counted one at a time: handshakes may have raced.
      if (!user || directory.connectionCount(user.id) >= limits.settings.socketsPerPerson) {
        socket.disconnect(true);
        return;
      }
      // Counted, in its rooms and listened to before anything is awaited: a command or a disconnect may come at once.
      void socket.join([rooms.user(user.id), rooms.account(user.accountId), rooms.session(socket.data.sessionHash), rooms.client(user.id, socket.data.clientId)]);
      const first = directory.clientConnected(user.id, socket.id);
      const sessionTouched = sessions.clientConnected(socket.data.sessionHash);
      commands.attach(socket);
      throttleInbound(context, socket);
      const countOut = async () => {
        const current = directory.user(socket.data.userId);
        if (directory.clientDisconnected(socket.data.userId, socket.id) && current) broadcastPerson(context, current);
        await sessions.clientDisconnected(socket.data.sessionHash);
      };
      socket.on(
        'disconnect',
        contained('counting a socket out', () => track(countOut())),
      );
      const conversationRooms = await conversationRoomsOf(context, user);
      if (socket.connected) void socket.join(conversationRooms);
      await sessionTouched;
      if (!user.hasSignedIn) await directory.markSignedIn(user.id);
      if (first) broadcastPerson(context, directory.user(user.id) ?? user);
    }),
  );
  return {
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * One piece of periodic work that never runs twice at once: asked again while it runs, it runs
 * once more when it ends (however often it was asked), for the time of the last asking — so a
 * slow database or a clock moved days ahead does not pile up sweeps, and none is lost.
 */
function coalesced(work: (at: number) => Promise<unknown>, what: string): { run(at: number): void; stop(): void; idle(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again: number | null = null;
  let stopped = false;
  const run = (at: number): void => {
    if (stopped) return;
    if (running) {
      again = at;
      return;
    }
    running = work(at)
      .then(() => undefined)
      .catch((error: unknown) => console.error(`[meridian] ${what} failed:`, error))
      .finally(() => {
        running = null;
        if (again !== null) {
          const next = again;
          again = null;
          run(next);
        }
      });
  };
  return {
    run,
    stop: () => void (stopped = true),
    idle: async () => {
      while (running) await running;
    },
  };
}

/** Now and then: ends expired sessions (telling their clients), deletes uploads no message took, forgets idle rate buckets, clears expired status messages. */
function scheduleSweeps(context: ServerContext, callSweepMs: number): { cancel(): void; idle(): Promise<void> } {
  let timer: TimerHandle | null = null;
  let callTimer: TimerHandle | null = null;
  // Calls past their deadline, with other processes (alone, this process's own timers are every
  // deadline there is): in every process, no lock (each call's end is a compare-and-set in the
  // store, so it happens once); often, as a caller waits on it (a dead process's ring timeout).
  const calls = coalesced(() => context.calls.service.sweepDue(), 'ending calls past their deadline');
  const callTick = () => {
    callTimer = context.clock.after(callSweepMs, callTick);
    calls.run(context.clock.now());
  };
  if (context.cluster) callTimer = context.clock.after(0, callTick);
  // Each sweep runs in one process at a time however many share the database (SPEC 10): a process
  // that finds it under way elsewhere skips this tick (the store's lock: an advisory lock on PostgreSQL).
  const once = (name: string, work: () => Promise<unknown>) => context.store.exclusively(`sweep:${name}`, work);
  const sessions = coalesced((at) => once('sessions', () => context.sessions.sweepExpired(undefined, at)), 'sweeping expired sessions');
  const meetings = coalesced(() => once('meetings', () => context.meetings.sweepLost()), 'sweeping lost meeting clients');
  const files = coalesced((at) => once('uploads', () => context.files.sweepUnattached(undefined, at)), 'sweeping stale uploads');
  // Status messages whose `Clear after` came (SPEC 9): cleared, and everyone who watches their person told.
  const statuses = coalesced(
    (at) => once('statuses', () => context.directory.clearExpiredStatuses(new Date(at).toISOString(), (user) => broadcastPerson(context, user))),
    'clearing expired status messages',
  );
  const tick = () => {
    // The next tick is booked first, so a clock moved far ahead (a test's FakeClock) runs every tick on the way.
    timer = context.clock.after(sweepIntervalMs, tick);
    try {
      context.limits.sweep();
    } catch (error) {
      console.error('[meridian] a periodic sweep failed:', error);
    }
    sessions.run(context.clock.now());
    meetings.run(context.clock.now());
    files.run(context.clock.now());
    statuses.run(context.clock.now());
  };
  timer = context.clock.after(sweepIntervalMs, tick);
  return {
    cancel: () => {
      timer?.cancel();
      callTimer?.cancel();
      calls.stop();
      sessions.stop();
      meetings.stop();
      files.stop();
      statuses.stop();
    },
    // What is under way finishes before the database closes.
    idle: async () => void (await Promise.all([calls.idle(), sessions.idle(), meetings.idle(), files.idle(), statuses.idle()])),
  };
}

function openFileStore(store: Store, options: ServerOptions, clock: Clock): FileStore {
  const { directory, temporary } = options.filesDir ? { directory: path.resolve(options.filesDir), temporary: false } : defaultFilesDirectory(options.db);
  const settings = {
    maxUploadBytes: options.maxUploadBytes ?? defaultMaxUploadBytes,
    quotaBytes: options.storageQuotaBytes ?? defaultStorageQuotaBytes,
    unattachedLifetimeMs: options.unattachedFileLifetimeMs ?? defaultUnattachedFileLifetimeMs,
  };
  return new FileStore(store.files, directory, settings, clock, temporary);
}

/**
 * With other processes on the same Redis: every change of people, federations, accounts and
 * members written here is published (awaited before the writer answers), and every change they
 * publish invalidates what this process keeps of it — the directory, the references to unknown
 * people, the member lists — and who is connected elsewhere reaches the clients watching here.
 */
function shareReplicas(context: ServerContext, cluster: RedisCluster): void {
  const { directory, conversations } = context;
  directory.publishChanges((change) => cluster.publish(change));
  conversations.publishMembershipChanges((conversationId) => cluster.publish({ kind: 'members', conversationId }));
  // A person's presence changed on another process: this process's clients who watch them are told (the other process tells its own).
  directory.onPresenceChangedElsewhere((user) => broadcastPerson(context, user));
  cluster.onNodeGone((userIds) => {
    for (const userId of userIds) void clientsGoneWithProcess(context, userId);
  });
  cluster.onChange(async (change) => {
    switch (change.kind) {
      case 'user': {
        const user = await directory.userChangedElsewhere(change.userId);
        if (user) broadcastPerson(context, user);
        return;
      }
      case 'federations':
        directory.unknownPeople.retiredElsewhere();
        await directory.federationsChangedElsewhere();
        // What this process's meeting clients receive is named as each viewer sees its person now (UNKNOWN USER once unseen).
        await context.meetingMedia.relabel();
        return;
      case 'accounts':
        await directory.reload();
        await context.meetingMedia.relabel();
        return;
      case 'members':
        conversations.membersChangedElsewhere(change.conversationId);
        return;
      case 'clients':
        // Handled by the cluster's own connections (./cluster/redisCluster.ts).
        return;
      case 'meeting-feeds':
        context.meetingMedia.feedsChanged(change.meetingId);
        return;
      default:
        change satisfies never;
    }
  });
}

/**
 * A process died with clients of this person on it (nobody was left to say they went): their
 * places in meetings and the calls they carried get the grace of a lost connection, and a call
 * ringing for them ends when they have no client left anywhere. Asking who is still connected
 * goes through the adapter, which waits for the dead process until it too counts it gone: a
 * failed try is tried again a little later.
 */
async function clientsGoneWithProcess(context: ServerContext, userId: string, attempt = 1): Promise<void> {
  try {
    const reachable = context.directory.isConnected(userId);
    for (const participant of await context.store.meetings.participantsOfUser(userId)) await context.meetings.clientGone(userId, participant.clientId, 'transport close');
    const call = await context.calls.service.liveCallOf(userId);
    if (call) {
      const clientId = call.callerId === userId ? call.callerClientId : call.answeredClientId;
      // A call ringing for them has no client of theirs in it yet: only whether any is left counts.
      await context.calls.service.clientGone(userId, clientId ?? '', reachable);
    }
  } catch (error) {
    if (attempt >= 4) return void console.error('[meridian] taking the clients of a process that died out of their meetings and calls failed:', error);
    context.clock.after(3_000 * attempt, () => void clientsGoneWithProcess(context, userId, attempt + 1));
  }
}

/** Turns support changes into what connected clients hear. */
function createAnnouncer(context: ServerContext): ChangeAnnouncer {
  return {
    visibilityChanged(accountIds, reason) {
      const targets = [...accountIds].map(rooms.account);
      if (targets.length > 0) context.io.to(targets).emit('directory:changed', { reason });
      // A call under way shows the other party's name only while they are seen.
      context.calls.service.announceLiveCalls().catch((error: unknown) => console.error('[meridian] telling calls of a visibility change failed:', error));
      // A meeting shows (and names the streams of) a participant only while they are seen.
      context.meetings.visibilityChanged().catch((error: unknown) => console.error('[meridian] telling meetings of a visibility change failed:', error));
    },
    userRemoved(userId) {
      context.io.to(rooms.user(userId)).emit('session:ended', { reason: 'removed' });
      context.io.in(rooms.user(userId)).disconnectSockets(true);
    },
    membershipChanged(channelId, userIds) {
      announceConversationChanged(context, channelId, userIds);
    },
  };
}
