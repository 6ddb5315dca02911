/**
 * Which Meridian server the app talks to: one named with `--server URL` or MERIDIAN_SERVER, or
 * else the bundled backend, run in a utility process with its SQLite file in the user data folder.
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

/** The server named on the command line or in MERIDIAN_SERVER, if any; throws when it is not an http(s) URL. */
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
  if (!value || !isHttpUrl(value)) {
    throw new StartupError(`${source} must be an http:// or https:// URL, like http://127.0.0.1:4100 (got ${JSON.stringify(value ?? '')}).`);
  }
  return value.replace(/\/+$/, '');
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
  } catch {
    return false;
  }
}

/** better-sqlite3 built for Electron's ABI by scripts/electron-native.cjs (node_modules keeps the Node build). */
export function electronSqliteBinding(): string {
  const projectRoot = path.resolve(__dirname, '..', '..');
  return process.env.MERIDIAN_SQLITE_BINDING || path.join(projectRoot, '.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

/** Forks the bundled backend on a free port and resolves once it prints the address it listens on. */
export function startBundledBackend(): Promise<ServerConnection> {
  const binding = electronSqliteBinding();
  if (!existsSync(binding)) {
    return Promise.reject(
      new StartupError(`The database driver for Electron is missing (${binding}). Run "node scripts/electron-native.cjs" (npm start does), or start with --server URL.`),
    );
  }
  const database = path.join(app.getPath('userData'), 'meridian.db');
  const child = utilityProcess.fork(path.join(__dirname, 'backend.js'), ['--port', '0', '--db', database], {
    stdio: 'pipe',
    serviceName: 'Meridian backend',
    env: { ...process.env, MERIDIAN_SQLITE_BINDING: binding },
  });
  return waitUntilListening(child);
}

function waitUntilListening(child: UtilityProcess): Promise<ServerConnection> {
  return new Promise((resolve, reject) => {
    let started = false;
    let output = '';
    let errors = '';
    const stop = () => child.kill();
    const timer = setTimeout(() => {
      stop();
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
      resolve({ url: listening[1], stop });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      errors = (errors + chunk.toString('utf8')).slice(-4_000);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (started) console.error(`Meridian: the bundled backend stopped (exit code ${code}).`);
      else reject(new StartupError(`The bundled backend stopped before it was ready (exit code ${code}).${lastLines(errors)}`));
    });
  });
}

function lastLines(text: string): string {
  const lines = text.trim().split('\n').slice(-3).join('\n');
  return lines ? `\n${lines}` : '';
}
