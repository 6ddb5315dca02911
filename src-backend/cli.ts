/**
 * `npm run backend -- [--seed FILE] [--db FILE|:memory:|--database-url postgres://…] [--port N] [--host H] [--support-token T|--support-token-file FILE] [--signing-key-file FILE] [--demo] [--max-upload-mb N] [--storage-quota-mb N] [--max-photo-mb N] [--max-photo-side N] [--files-dir DIR] [--allow-origin ORIGIN]…
 *   [--turn-url URL… --turn-secret S [--turn-credential-minutes N] [--ice-relay-only]] [--stun-url URL]… [--media-server janus|off] [--limits FILE] [--trust-proxy LIST]`
 *   [--redis-url redis://… [--node-id ID]] [--allow-host HOST:PORT]… [--janus-url ws://… --janus-api-secret-file FILE] [--ring-timeout SECONDS]
 * Also the entry Electron's main process forks as a utility process.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { loadSecrets, SecretsError, type Secrets } from './auth/secrets';
import { validateTrustProxy } from './http/clientAddress';
import type { LimitOverrides } from './limits/limits';
import { LimitsFileError, readLimitsFile } from './limits/limitsFile';
import { userDataDirectory } from './paths';
import { installProcessGuards } from './processGuards';
import { SeedError } from './seed/loadSeed';
import { iceSettingsProblem, defaultIceSettings } from './ice/iceServers';
import { startServer } from './server';
import { removeSupportToken, writeSupportToken } from './support/supportToken';
import { parseDatabaseUrl as checkDatabaseUrl } from './store/databaseUrl';
import { nodeIdProblem, redactedRedisUrl, redisUrlProblem } from './cluster/redisCluster';

function parseRedisUrl(value: string): string {
  const problem = redisUrlProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

function parseNodeId(value: string): string {
  const problem = nodeIdProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > 3600) throw new InvalidArgumentError('must be a whole number of seconds from 1 to 3600.');
  return seconds;
}

function collectHost(value: string, previous: string[]): string[] {
  let url: URL;
  try {
    url = new URL(`http://${value}`);
  } catch {
    throw new InvalidArgumentError('must be a host name or address with its port if not 80, like chat.example.com or 127.0.0.1:8080.');
  }
  if (url.host !== value.toLowerCase() || url.pathname !== '/' || url.username || url.search) throw new InvalidArgumentError('must be a host name or address with its port if not 80, like chat.example.com or 127.0.0.1:8080 (nothing else).');
  return [...previous, url.host];
}

function parseDatabaseUrl(value: string): string {
  const problem = checkDatabaseUrl(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new InvalidArgumentError('must be a whole number from 0 to 65535 (0 picks a free port).');
  return port;
}

function parseMegabytes(value: string): number {
  const megabytes = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || megabytes <= 0 || megabytes > 1_048_576) throw new InvalidArgumentError('must be a number of megabytes above 0 (at most 1048576).');
  return megabytes;
}

function parsePhotoSide(value: string): number {
  const side = Number(value);
  if (!/^\d+$/.test(value) || side < 16 || side > 16_384) throw new InvalidArgumentError('must be a whole number of pixels from 16 to 16384.');
  return side;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseMinutes(value: string): number {
  const minutes = Number(value);
  if (!/^\d+$/.test(value) || minutes < 1 || minutes > 7 * 24 * 60) throw new InvalidArgumentError('must be a whole number of minutes from 1 to 10080 (a week).');
  return minutes;
}

function collectOrigin(value: string, previous: string[]): string[] {
  let origin: string;
  try {
    origin = new URL(value).origin;
  } catch {
    throw new InvalidArgumentError('must be an origin like http://localhost:5173.');
  }
  if (origin === 'null' || origin !== value.replace(/\/+$/, '')) throw new InvalidArgumentError('must be an origin like http://localhost:5173 (scheme, host and port only).');
  return [...previous, origin];
}

function parseJanusUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be a URL like ws://10.0.0.20:8188 (Janus\'s WebSocket transport).');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new InvalidArgumentError('must start with ws:// or wss:// (Janus\'s WebSocket transport).');
  if (url.username || url.password) throw new InvalidArgumentError('must not hold a user or password: give the API secret with --janus-api-secret-file or MERIDIAN_JANUS_API_SECRET.');
  return value;
}

/** Janus's API secret (`--janus-api-secret-file`, else MERIDIAN_JANUS_API_SECRET), or why there is none. */
function janusApiSecret(file: string | undefined): string | { problem: string } {
  let secret: string;
  if (file) {
    try {
      secret = readFileSync(file, 'utf8').trim();
    } catch (error) {
      return { problem: `--janus-api-secret-file cannot be read: ${(error as Error).message}` };
    }
  } else {
    secret = (process.env.MERIDIAN_JANUS_API_SECRET ?? '').trim();
  }
  if (secret.length < 8 || secret.length > 512 || /\s/.test(secret)) return { problem: '--janus-url needs Janus\'s API secret (8 to 512 characters, no spaces) from --janus-api-secret-file FILE or MERIDIAN_JANUS_API_SECRET.' };
  return secret;
}

function parseMediaServer(value: string): 'janus' | 'off' {
  if (value !== 'janus' && value !== 'off') throw new InvalidArgumentError('must be "janus" or "off".');
  return value;
}

function collectProxies(value: string, previous: string[]): string[] {
  const proxies = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  try {
    validateTrustProxy(proxies);
  } catch (error) {
    throw new InvalidArgumentError(`must be addresses, CIDR ranges or loopback, linklocal, uniquelocal, separated by commas (${(error as Error).message}).`);
  }
  return [...previous, ...proxies];
}

const program = new Command()
  .name('npm run backend --')
  .description('Runs the Meridian backend: socket.io, HTTP and the browser build, on SQLite or PostgreSQL.')
  .option('--seed <file>', 'load this seed file into an empty database')
  .option('--db <file>', 'SQLite file, or :memory: to keep nothing', path.join(userDataDirectory(), 'meridian.db'))
  .option('--database-url <url>', 'keep the data in this PostgreSQL database instead of SQLite (migrated at start; --seed loads into it when it is empty); MERIDIAN_DATABASE_URL also works and keeps a password out of the process list', parseDatabaseUrl)
  .option('--port <n>', 'port to listen on; 0 picks a free one', parsePort, 4100)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--support-token <token>', 'token the support console must present, at least 16 characters (generated when not given)')
  .option('--support-token-file <file>', 'a file holding the support token (or MERIDIAN_SUPPORT_TOKEN): the same in every process of a deployment')
  .option('--signing-key-file <file>', 'a file holding the key download links are signed with, at least 32 characters (or MERIDIAN_SIGNING_KEY; default: signing-key in the data folder, made once): the same in every process of a deployment')
  .option('--demo', 'treat the data as demo data: the sign-in screen lists its people')
  .option('--max-upload-mb <n>', 'largest file people may share, in MB', parseMegabytes, 25)
  .option('--storage-quota-mb <n>', 'what one person\'s shared files may take in all, in MB', parseMegabytes, 1024)
  .option('--max-photo-mb <n>', 'largest profile photo, in MB', parseMegabytes, 2)
  .option('--max-photo-side <n>', 'longest side of a profile photo, in pixels', parsePhotoSide, 4096)
  .option('--allow-origin <origin>', 'also accept browser requests from this origin (a development server); repeatable', collectOrigin, [])
  .option('--files-dir <dir>', 'where shared files are stored (default: beside the database file; a temporary folder for :memory:)')
  .option('--turn-url <url>', 'a TURN server for calls and meetings, e.g. turn:turn.example.com:3478?transport=udp; repeatable', collect, [])
  .option('--turn-secret <secret>', "the TURN server's static-auth-secret (coturn's use-auth-secret); MERIDIAN_TURN_SECRET also works and stays out of the process list")
  .option('--turn-credential-minutes <n>', 'how long the TURN credentials handed to a client work', parseMinutes, 720)
  .option('--stun-url <url>', 'a STUN server, e.g. stun:stun.example.com:3478; repeatable', collect, [])
  .option('--ice-relay-only', 'send all call and meeting media through the TURN server: people never learn each other\'s network address')
  .option('--media-server <how>', 'meetings\' media server: "janus" starts Janus (found on this computer), "off" runs without one', parseMediaServer, 'janus')
  .option('--janus-url <url>', 'meetings\' media through this Janus (its WebSocket transport), shared by every process of a deployment, instead of starting one', parseJanusUrl)
  .option('--janus-api-secret-file <file>', 'a file holding that Janus\'s API secret (or MERIDIAN_JANUS_API_SECRET)')
  .option('--ring-timeout <seconds>', 'how long a call rings before it ends as no answer', parseSeconds, 30)
  .option('--limits <file>', 'rates and caps other than the defaults, as JSON (docs/limits.md)')
  .option('--trust-proxy <list>', 'proxies whose X-Forwarded-For names the client for limits per address: addresses, CIDR ranges, loopback, linklocal, uniquelocal; repeatable', collectProxies, [])
  .option('--redis-url <url>', 'share events, rooms, presence and caches with the other processes of this deployment through this Redis (SPEC 10; with --database-url); MERIDIAN_REDIS_URL also works', parseRedisUrl)
  .option('--node-id <id>', "this process's name among the others on the same Redis (default: host name, process id and a random part)", parseNodeId)
  .option('--node-timeout <seconds>', 'how long a process on Redis may go without a heartbeat before the others count its clients gone (it beats three times as often)', parseSeconds, 15)
  .option('--allow-host <host>', 'also answer requests addressed to this host (a load balancer in front of processes on loopback addresses), e.g. 127.0.0.1:8080; repeatable', collectHost, [])
  .showHelpAfterError()
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

/** The URL without its password, for the log. */
function redactedUrl(value: string): string {
  const url = new URL(value);
  if (url.password) url.password = '***';
  return url.toString();
}

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<{
    seed?: string;
    db: string;
    databaseUrl?: string;
    port: number;
    host: string;
    supportToken?: string;
    supportTokenFile?: string;
    signingKeyFile?: string;
    demo?: boolean;
    maxUploadMb: number;
    storageQuotaMb: number;
    maxPhotoMb: number;
    maxPhotoSide: number;
    filesDir?: string;
    allowOrigin: string[];
    turnUrl: string[];
    turnSecret?: string;
    turnCredentialMinutes: number;
    stunUrl: string[];
    iceRelayOnly?: boolean;
    mediaServer: 'janus' | 'off';
    janusUrl?: string;
    janusApiSecretFile?: string;
    ringTimeout: number;
    limits?: string;
    trustProxy: string[];
    redisUrl?: string;
    nodeId?: string;
    nodeTimeout: number;
    allowHost: string[];
  }>();
  const ice = {
    ...defaultIceSettings,
    turnUrls: options.turnUrl,
    turnSecret: options.turnSecret ?? (process.env.MERIDIAN_TURN_SECRET || null),
    credentialLifetimeMs: options.turnCredentialMinutes * 60_000,
    stunUrls: options.stunUrl,
    relayOnly: options.iceRelayOnly ?? false,
  };
  // A limits file with anything wrong stops the backend before it starts: a usage error (exit 2).
  let limits: LimitOverrides | undefined;
  try {
    limits = options.limits === undefined ? undefined : readLimitsFile(options.limits);
  } catch (error) {
    if (!(error instanceof LimitsFileError)) throw error;
    console.error(`Bad limits file: ${error.message}`);
    process.exit(2);
  }
  const iceProblem = iceSettingsProblem(ice);
  if (iceProblem) {
    console.error(iceProblem);
    process.exit(2);
  }
  // This process is the backend alone: an error that escapes every handler is logged, and it keeps serving.
  installProcessGuards();
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl && process.env.MERIDIAN_DATABASE_URL) {
    try {
      databaseUrl = parseDatabaseUrl(process.env.MERIDIAN_DATABASE_URL);
    } catch (error) {
      console.error(`MERIDIAN_DATABASE_URL ${(error as Error).message}`);
      process.exit(2);
    }
  }
  let redisUrl = options.redisUrl;
  if (!redisUrl && process.env.MERIDIAN_REDIS_URL) {
    try {
      redisUrl = parseRedisUrl(process.env.MERIDIAN_REDIS_URL);
    } catch (error) {
      console.error(`MERIDIAN_REDIS_URL ${(error as Error).message}`);
      process.exit(2);
    }
  }
  if (redisUrl && !databaseUrl) {
    console.error('--redis-url needs --database-url: several processes share one PostgreSQL database (SPEC 10), never a SQLite file.');
    process.exit(2);
  }
  if (options.nodeId && !redisUrl) {
    console.error('--node-id names this process among others on Redis: give --redis-url too.');
    process.exit(2);
  }
  // One Janus for every process (SPEC 10): a meeting's media room is the same whichever process a client reaches.
  let mediaServer: 'start' | 'off' | { url: string; apiSecret: string } = options.mediaServer === 'janus' ? 'start' : 'off';
  if (options.janusApiSecretFile && !options.janusUrl) {
    console.error('--janus-api-secret-file is the secret of --janus-url: give --janus-url too.');
    process.exit(2);
  }
  if (options.janusUrl) {
    const apiSecret = janusApiSecret(options.janusApiSecretFile);
    if (typeof apiSecret !== 'string') {
      console.error(apiSecret.problem);
      process.exit(2);
    }
    mediaServer = { url: options.janusUrl, apiSecret };
  }
  if (options.db !== ':memory:') mkdirSync(path.dirname(path.resolve(options.db)), { recursive: true });
  // What every process of a deployment must share: from configuration, else the data folder (./auth/secrets.ts).
  let secrets: Secrets;
  try {
    secrets = loadSecrets({
      ...(options.signingKeyFile ? { signingKeyFile: options.signingKeyFile } : {}),
      ...(options.supportToken !== undefined ? { supportToken: options.supportToken } : {}),
      ...(options.supportTokenFile ? { supportTokenFile: options.supportTokenFile } : {}),
      dataFolder: options.db === ':memory:' ? null : path.dirname(path.resolve(options.db)),
    });
  } catch (error) {
    if (!(error instanceof SecretsError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  const { supportToken } = secrets;
  try {
    const server = await startServer({
      db: options.db,
      ...(databaseUrl ? { databaseUrl } : {}),
      seedFile: options.seed,
      demo: options.demo,
      port: options.port,
      host: options.host,
      supportToken,
      signingKey: secrets.signingKey,
      maxUploadBytes: Math.round(options.maxUploadMb * 1024 * 1024),
      storageQuotaBytes: Math.round(options.storageQuotaMb * 1024 * 1024),
      maxPhotoBytes: Math.round(options.maxPhotoMb * 1024 * 1024),
      maxPhotoSide: options.maxPhotoSide,
      filesDir: options.filesDir,
      allowedOrigins: options.allowOrigin,
      ice,
      limits,
      trustProxy: options.trustProxy,
      nativeBinding: process.env.MERIDIAN_SQLITE_BINDING || undefined,
      mediaServer,
      ringTimeoutMs: options.ringTimeout * 1000,
      ...(redisUrl ? { redisUrl } : {}),
      ...(options.nodeId ? { nodeId: options.nodeId } : {}),
      cluster: { nodeTimeoutMs: options.nodeTimeout * 1000, heartbeatMs: Math.max(250, Math.round((options.nodeTimeout * 1000) / 3)) },
      allowedHosts: options.allowHost,
    });
    console.log(server.mediaServer);
    // A token made here is also left for the console on this machine, so nobody types it (npm would echo it).
    let tokenFile: string | null = null;
    if (secrets.supportTokenGenerated) {
      try {
        tokenFile = writeSupportToken(server.port, supportToken);
      } catch (error) {
        console.error(`The support token could not be written for the console (${(error as Error).message}); give it with MERIDIAN_SUPPORT_TOKEN.`);
      }
      console.log(`Support token: ${supportToken}${tokenFile ? ` (npm run support reads it from ${tokenFile})` : ''}`);
    }
    if (databaseUrl) console.log(`Data in PostgreSQL: ${redactedUrl(databaseUrl)}`);
    if (server.context.cluster) console.log(`With the other processes on Redis ${redactedRedisUrl(redisUrl!)} as node ${server.context.cluster.nodeId}`);
    console.log(`Download links signed with the key of ${secrets.signingKeySource}`);
    console.log(`Listening on ${server.url}`);
    const stop = () => {
      if (tokenFile) removeSupportToken(server.port, supportToken);
      void server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    if (error instanceof SeedError) {
      console.error(`Bad seed file: ${error.message}`);
      process.exit(1);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') console.error(`Port ${options.port} on ${options.host} is already in use; pick another with --port (0 picks a free one).`);
    else console.error(`The backend could not start: ${(error as Error).message}`);
    process.exit(1);
  }
}

void main();
