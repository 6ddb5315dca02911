/**
 * Finds Janus (the media server meetings go through, docs/janus.md) and runs it for the backend:
 * a generated configuration in a temporary folder, the WebSocket transport on a free loopback
 * port, stopped with the backend. `findJanus()` only looks; `scripts/ensure-media-server.ts`
 * also installs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { janusConfigFiles, janusPlugin, janusTransport, type JanusFolders } from './janusConfig';

export interface FoundJanus {
  executable: string;
  folders: JanusFolders;
  /** What was found, for people. */
  description: string;
}

/** Where Janus's executable may be, by absolute path or looked up on PATH. */
const executableNames = ['/usr/bin/janus', '/usr/local/bin/janus', '/opt/janus/bin/janus', 'janus'];
/** Where its plugins may be, beside each executable's prefix: Debian's multiarch folder first. */
const libraryFolders = (prefix: string) => [
  path.join(prefix, 'lib', `${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`, 'janus'),
  path.join(prefix, 'lib', 'janus'),
  path.join(prefix, 'lib64', 'janus'),
];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  if (path.isAbsolute(name)) return isExecutable(name) ? name : undefined;
  for (const folder of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Janus's folders for an executable: the first library folder holding the VideoRoom plugin and the WebSocket transport. */
function foldersOf(executable: string): JanusFolders | null {
  const prefix = path.dirname(path.dirname(executable));
  for (const library of libraryFolders(prefix)) {
    const folders = { plugins: path.join(library, 'plugins'), transports: path.join(library, 'transports'), loggers: path.join(library, 'loggers'), events: path.join(library, 'events') };
    if (existsSync(path.join(folders.plugins, janusPlugin)) && existsSync(path.join(folders.transports, janusTransport))) return folders;
  }
  return null;
}

/**
 * The Janus to run, without installing anything, or why there is none. `MERIDIAN_JANUS` names an
 * executable explicitly; `MERIDIAN_JANUS=off` turns meetings' media server off (they fall back).
 */
export function findJanus(explicit = process.env.MERIDIAN_JANUS): FoundJanus | { missing: string } {
  if (explicit === 'off') return { missing: 'MERIDIAN_JANUS=off' };
  const names = explicit ? [explicit] : executableNames;
  for (const name of names) {
    const executable = onPath(name);
    if (!executable) continue;
    const folders = foldersOf(executable);
    if (folders) return { executable, folders, description: `${executable} (plugins in ${folders.plugins})` };
    if (explicit) return { missing: `${executable} has no VideoRoom plugin and WebSocket transport beside it` };
  }
  return { missing: explicit ? `MERIDIAN_JANUS=${explicit} is not an executable` : 'Janus is not installed (apt-get install janus)' };
}

export interface JanusProcessOptions {
  found: FoundJanus;
  /** UDP ports for media (inclusive); each meeting participant uses a few. */
  rtpPorts?: { min: number; max: number };
  /** Addresses or interfaces ICE gathers on; empty for every interface. */
  iceEnforce?: string[];
  /** How long Janus may take to accept its first connection. */
  startTimeoutMs?: number;
  /** Janus's own log lines (by default only its errors and warnings reach the backend's log). */
  log?: (line: string) => void;
}

/** A Janus started by this backend. */
export interface JanusProcess {
  /** ws://127.0.0.1:PORT */
  url: string;
  apiSecret: string;
  pid: number;
  /** Resolves once Janus has exited (with its code, or null when signalled). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export const defaultRtpPorts = { min: 20_000, max: 40_000 };

/** util-linux's setpriv, which sets a parent-death signal before it becomes the program it runs (Linux only; undefined without it). */
export const parentDeathSignal = process.platform === 'linux' ? ['/usr/bin/setpriv', '/bin/setpriv'].find((file) => existsSync(file)) : undefined;

/** A port free on 127.0.0.1 now (Janus is told it; a port taken in between fails its start, which is retried). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts Janus; rejects (after stopping it) when it does not listen within the timeout. Tried on up to 3 ports. */
export async function startJanus(options: JanusProcessOptions): Promise<JanusProcess> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startOnce(options, await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startOnce(options: JanusProcessOptions, wsPort: number): Promise<JanusProcess> {
  const { found } = options;
  const configsFolder = mkdtempSync(path.join(tmpdir(), 'meridian-janus-'));
  const apiSecret = randomBytes(24).toString('base64url');
  const list = (folder: string) => (existsSync(folder) ? readdirSync(folder) : []);
  const files = janusConfigFiles({
    folders: found.folders,
    configsFolder,
    pluginFiles: list(found.folders.plugins),
    transportFiles: list(found.folders.transports),
    loggerFiles: list(found.folders.loggers),
    wsPort,
    apiSecret,
    rtpPorts: options.rtpPorts ?? defaultRtpPorts,
    iceEnforce: options.iceEnforce ?? [],
    debugLevel: 4,
  });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(configsFolder, name), text, { mode: 0o600 });

  const janusArgs = ['--config', path.join(configsFolder, 'janus.jcfg'), '--configs-folder', configsFolder, '--disable-colors'];
  // Through util-linux's setpriv where there is one (Linux): it becomes Janus, asking the kernel to
  // stop it when this process dies, however it dies. A backend killed by SIGKILL (an OOM kill, a
  // supervisor's last resort, tsx's wrapper on a busy machine) left its Janus running before,
  // holding its ports, with nobody to stop it.
  const [command, args] = parentDeathSignal ? [parentDeathSignal, ['--pdeathsig', 'TERM', '--', found.executable, ...janusArgs]] : [found.executable, janusArgs];
  const child: ChildProcess = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    // In its own folder, removed when it exits: a core file of a crash does not land in the backend's working directory.
    cwd: configsFolder,
  });
  // A backend that exits without closing (an uncaught error, process.exit) still takes Janus with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanUp = () => {
    process.removeListener('exit', killOnExit);
    rmSync(configsFolder, { recursive: true, force: true });
  };
  void exited.then(cleanUp);

  const log = options.log ?? ((line: string) => {
    if (/\[(ERR|WARN)\]/.test(line) && !/has been disabled, skipping|mDNS resolution disabled|Failed to add some remote candidates|No such feed|Couldn't find any session/.test(line)) console.error(`[janus] ${line}`);
  });
  let ready!: () => void;
  let failed!: (error: Error) => void;
  const listening = new Promise<void>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  let pending = '';
  const onOutput = (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      log(line);
      if (line.includes(`Websockets server started (port ${wsPort})`)) ready();
      if (/Error (creating|starting) WebSockets server|WebSockets server.*failed|Address already in use/i.test(line)) failed(new Error(`Janus could not listen on 127.0.0.1:${wsPort}: ${line}`));
    }
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  void exited.then((code) => failed(new Error(`Janus exited (${code}) before it was ready`)));
  child.once('error', (error) => failed(error));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    cleanUp();
  };
  const timeout = setTimeout(() => failed(new Error(`Janus did not start within ${options.startTimeoutMs ?? 10_000} ms`)), options.startTimeoutMs ?? 10_000);
  try {
    await listening;
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timeout);
  }
  return { url: `ws://127.0.0.1:${wsPort}`, apiSecret, pid: child.pid ?? -1, exited, stop };
}
