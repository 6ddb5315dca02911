/**
 * Which Meridian server the app talks to: one named with `--server URL` or MERIDIAN_SERVER, or
 * else the bundled backend, run in a utility process with its SQLite file in the user data folder,
 * restarted on the same port when it stops on its own, and stopped when the app quits.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, utilityProcess, type UtilityProcess } from 'electron';

/** A server the app is connected to, and how to let it go when the app quits. */
export interface ServerConnection {
  url: string;
  stop(): void;
}

export class StartupError extends Error {}

const startTimeoutMs = 30_000;

/** The server named on the command line or in MERIDIAN_SERVER, if any; throws when it is not usable. */
export function serverFromArguments(argv: readonly string[], environment: NodeJS.ProcessEnv): string | null {
  const index = argv.indexOf('--server');
  const inline = argv.find((argument) => argument.startsWith('--server='));
  let value: string | undefined;
  let source = '--server';
  if (index !== -1) value = argv[index + 1];
  else if (inline) value = inline.slice('--server='.length);
  else if (environment.MERIDIAN_SERVER) {
    value = environment.MERIDIAN_SERVER;
    source = 'MERIDIAN_SERVER';
  } else return null;
  let url: URL;
  try {
    url = new URL(value ?? '');
  } catch {
    throw new StartupError(`${source} must be an http:// or https:// URL, like https://chat.example.com (got ${JSON.stringify(value ?? '')}).`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '' || url.username || url.password) {
    throw new StartupError(`${source} must be an http:// or https:// URL without a user name, like https://chat.example.com (got ${JSON.stringify(value)}).`);
  }
  // The session token and every message cross this connection: only this computer may see them unencrypted.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new StartupError(`${source} must use https:// for a server on another computer (got ${url.origin}); plain http:// is accepted only for this computer (127.0.0.1, localhost, [::1]).`);
  }
  return url.origin;
}

/** This computer's own addresses: 127.0.0.0/8, localhost and [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * better-sqlite3 built for Electron's ABI by scripts/electron-native.cjs (node_modules keeps the
 * Node build): in .electron-native/ when run from the project, beside the asar in a package
 * (electron-builder.config.cjs ships it as an extra resource).
 */
export function electronSqliteBinding(): string {
  if (app.isPackaged) return path.join(process.resourcesPath, 'better_sqlite3.node');
  const projectRoot = path.resolve(__dirname, '..', '..');
  return process.env.MERIDIAN_SQLITE_BINDING || path.join(projectRoot, '.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

/** How the bundled backend is run; the defaults are the app's, tests pass their own. */
export interface BundledBackendOptions {
  /** The backend bundle (out/main/backend.js). */
  entry?: string;
  /** Its SQLite file. */
  database?: string;
  /** better-sqlite3 built for Electron; null lets better-sqlite3 find its own (tests). */
  sqliteBinding?: string | null;
  /** Restarts in a row that may fail before the app gives up. */
  maxRestarts?: number;
  /** Wait before restart number `attempt` (1, 2, …). */
  restartDelayMs?: (attempt: number) => number;
  /** Told when the backend stopped and could not be brought back. */
  onGiveUp?: (error: StartupError) => void;
}

/** Backoff between restarts: 0.5 s, 1 s, 2 s, 4 s, then 5 s. */
const defaultRestartDelay = (attempt: number) => Math.min(500 * 2 ** (attempt - 1), 5_000);

/**
 * Forks the bundled backend on a free port and resolves once it prints the address it listens
 * on. If it stops on its own later, it is started again on the same port, so the session's
 * socket reconnects to the same URL; `stop()` (at quit) ends it for good.
 */
export function startBundledBackend(options: BundledBackendOptions = {}): Promise<ServerConnection> {
  const sqliteBinding = options.sqliteBinding === undefined ? electronSqliteBinding() : options.sqliteBinding;
  if (sqliteBinding && !existsSync(sqliteBinding)) {
    const remedy = app.isPackaged ? 'Install Meridian again' : 'Run "node scripts/electron-native.cjs" (npm start does)';
    return Promise.reject(new StartupError(`The database driver for Electron is missing (${sqliteBinding}). ${remedy}, or start with --server URL.`));
  }
  const entry = options.entry ?? path.join(__dirname, 'backend.js');
  const database = options.database ?? path.join(app.getPath('userData'), 'meridian.db');
  const maxRestarts = options.maxRestarts ?? 5;
  const restartDelay = options.restartDelayMs ?? defaultRestartDelay;
  const env: Record<string, string | undefined> = { ...process.env };
  if (sqliteBinding) env.MERIDIAN_SQLITE_BINDING = sqliteBinding;
  else delete env.MERIDIAN_SQLITE_BINDING;

  let child: UtilityProcess | null = null;
  // Set once the first start succeeds: only a backend that ran is brought back.
  let url: string | null = null;
  let stopped = false;
  let failedRestarts = 0;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;

  const run = (port: number): Promise<string> => {
    const forked = utilityProcess.fork(entry, ['--port', String(port), '--db', database], { stdio: 'pipe', serviceName: 'Meridian backend', env });
    child = forked;
    return waitUntilListening(forked, () => {
      if (child === forked) child = null;
      if (!stopped && url) scheduleRestart(Number(new URL(url).port));
    });
  };

  const scheduleRestart = (port: number) => {
    if (failedRestarts >= maxRestarts) {
      options.onGiveUp?.(new StartupError(`The bundled backend stopped and did not start again after ${maxRestarts} tries.`));
      return;
    }
    failedRestarts += 1;
    console.error(`Meridian: the bundled backend stopped; starting it again on port ${port} (try ${failedRestarts} of ${maxRestarts}).`);
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (stopped) return;
      run(port).then(
        () => (failedRestarts = 0),
        // The exit that rejected it has already scheduled the next try.
        () => undefined,
      );
    }, restartDelay(failedRestarts));
  };

  const stop = () => {
    stopped = true;
    if (restartTimer) clearTimeout(restartTimer);
    child?.kill();
    child = null;
  };

  return run(0).then(
    (listening) => {
      url = listening;
      return { url, stop };
    },
    (error: unknown) => {
      stop();
      throw error;
    },
  );
}

/**
 * Resolves with the URL the backend prints once it listens; rejects if it exits or stays
 * silent first. `onExit` hears every exit, before or after it started.
 */
function waitUntilListening(child: UtilityProcess, onExit: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let started = false;
    let output = '';
    let errors = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new StartupError(`The bundled backend did not start within ${startTimeoutMs / 1000} s.${lastLines(errors)}`));
    }, startTimeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (started) return;
      output += chunk.toString('utf8');
      const listening = /^Listening on (https?:\/\/\S+)\s*$/m.exec(output);
      if (!listening?.[1]) return;
      started = true;
      clearTimeout(timer);
      resolve(listening[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      errors = (errors + chunk.toString('utf8')).slice(-4_000);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!started) reject(new StartupError(`The bundled backend stopped before it was ready (exit code ${code}).${lastLines(errors)}`));
      onExit();
    });
  });
}

function lastLines(text: string): string {
  const lines = text.trim().split('\n').slice(-3).join('\n');
  return lines ? `\n${lines}` : '';
}
