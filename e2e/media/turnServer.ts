/**
 * A real TURN server for tests: Debian's coturn (`turnserver`), started on 127.0.0.1 with
 * `use-auth-secret` (the TURN REST scheme the backend's credentials follow), on a free port, with
 * its own relay port range and scratch folder, and stopped by the test that started it.
 *
 *   const turn = await startTurnServer();          // null (with turnUnavailable()'s reason) where there is none
 *   startServer({ …, ice: { turnUrls: [turn.url], turnSecret: turn.secret, relayOnly: true } });
 *   await turn.stop();
 *
 * `ensureTurnserver()` finds it, or installs it as the suite does Chromium (scripts/ensure-browser.ts):
 * on Debian as root, `apt-get install coturn`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const candidates = ['/usr/bin/turnserver', '/usr/local/bin/turnserver', '/opt/homebrew/bin/turnserver'];

/** The turnserver executable, or null. */
export function findTurnserver(): string | null {
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** Finds turnserver, or installs Debian's coturn (as root on Debian); null where neither works. */
export function ensureTurnserver(log: (line: string) => void = console.log): string | null {
  const found = findTurnserver();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform === 'linux' && isRoot && existsSync('/usr/bin/apt-get') && existsSync('/etc/debian_version')) {
    log('No TURN server found; installing Debian\'s coturn for the TURN test…');
    const run = (args: string[]) => spawnSync('/usr/bin/apt-get', args, { stdio: 'inherit', timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
    if (run(['install', '-y', '-qq', 'coturn']) || (run(['update', '-qq']) && run(['install', '-y', '-qq', 'coturn']))) return findTurnserver();
  }
  return null;
}

/** Why the TURN test cannot run here, in one line. */
export const turnUnavailable = 'no TURN server: coturn\'s `turnserver` is not installed and could not be (install it with `apt-get install coturn`, or `brew install coturn`)';

export interface TurnServer {
  /** `turn:127.0.0.1:PORT?transport=udp` */
  url: string;
  secret: string;
  stop(): Promise<void>;
}

/** A UDP port free on 127.0.0.1 a moment ago. */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Starts coturn on 127.0.0.1; null when it is not installed. */
export async function startTurnServer(executable = findTurnserver()): Promise<TurnServer | null> {
  if (!executable) return null;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'meridian-turn-'));
  const port = await freeUdpPort();
  // A relay range of its own, away from the port, so tests running side by side rarely meet.
  const minPort = 20_000 + Math.floor(Math.random() * 400) * 100;
  const secret = randomBytes(24).toString('base64url');
  const args = [
    '-n', // no configuration file: everything is here
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    `--listening-port=${port}`,
    `--min-port=${minPort}`,
    `--max-port=${minPort + 99}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    '--realm=meridian.test',
    '--no-tls',
    '--no-dtls',
    '--no-cli',
    // Both peers relay through 127.0.0.1: coturn refuses loopback peers unless told (never in production).
    '--allow-loopback-peers',
    '--no-multicast-peers',
    `--db=${path.join(folder, 'turndb')}`,
    `--pidfile=${path.join(folder, 'turnserver.pid')}`,
    '--log-file=stdout',
    '--simple-log',
  ];
  const child: ChildProcess = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`turnserver did not start within 10 s:\n${output.slice(-2000)}`)), 10_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Total General servers')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`turnserver exited (${code}) before it started:\n${output.slice(-2000)}`));
    });
  });
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
