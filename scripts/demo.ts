/**
 * `npm run demo [-- --reset] [--port N] [--db FILE] [--operator NAME] [--browser] [--no-open]`: the sales demo.
 *
 * Starts the bundled backend with its demo data (kept in its own database, `demo.db` in the
 * user data folder, so a demo can go on where the last one stopped; `--reset` restores the demo
 * data) and opens two windows side by side, signed in as Alice Nguyen (Northwind Health) and
 * Bella Martins (Contoso Legal), two people of two federated companies: two desktop-app windows
 * with separate sessions where Electron can start, else the browser build, whose two one-click
 * demo links it prints (and opens in two browser windows with separate profiles when there is a
 * display). The right window opens with the chat the left one will write into. It prints the
 * three console commands of the live moments, which find the support token where this leaves it
 * (no token on the command line) and record the operator named here. docs/demo.md tells the story.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { Command, InvalidArgumentError } from 'commander';
import { findChromium } from '../e2e/browser';
import { electronAvailability, electronExecutable } from '../e2e/electron';
import { userDataDirectory } from '../src-backend/paths';
import { startServer, type RunningServer } from '../src-backend/server';
import { removeSupportToken, writeSupportToken } from '../src-backend/support/supportToken';

/** The story of docs/demo.md: who sits in each window, who consents, who is added. */
const story = {
  left: 'alice@northwind.example',
  right: 'bella@contoso.example',
  /** Who consents for each company when the federation is created again (written, then verbal). */
  consents: [
    { email: 'priya@northwind.example', form: 'written' },
    { email: 'james@contoso.example', form: 'verbal' },
  ],
  /** Added to the right person's company: the left person finds her at once. */
  newUser: { name: 'Rosa Diaz', email: 'rosa@contoso.example', title: 'Associate' },
} as const;

const projectRoot = path.resolve(__dirname, '..');
const mainEntry = path.join(projectRoot, 'out', 'main', 'index.js');

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new InvalidArgumentError('must be a whole number from 0 to 65535 (0 picks a free one).');
  return port;
}

interface Options {
  reset?: boolean;
  port?: number;
  db: string;
  operator: string;
  browser?: boolean;
  open: boolean;
}

/** Deletes the demo database, its journal and its shared files: the next start loads the demo data afresh. */
function resetDemoData(database: string): void {
  const resolved = path.resolve(database);
  for (const file of [resolved, `${resolved}-wal`, `${resolved}-shm`]) rmSync(file, { force: true });
  rmSync(path.join(path.dirname(resolved), `${path.basename(resolved, path.extname(resolved))}-files`), { recursive: true, force: true });
}

async function start(options: Options, supportToken: string): Promise<RunningServer> {
  // Meetings of the demo carry voice and video through Janus when this computer has it (scripts/ensure-media-server.ts installed it where it could).
  const server = { db: options.db, demo: true, host: '127.0.0.1', supportToken, mediaServer: 'start' as const };
  try {
    return await startServer({ ...server, port: options.port ?? 4100 });
  } catch (error) {
    // The usual port is taken (`npm run web`, another demo): any free one will do, unless one was asked for.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || options.port !== undefined) throw error;
    return startServer({ ...server, port: 0 });
  }
}

/** Shell-quoted for copying into a terminal. */
function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** The one-click link that signs `email` in on this backend's browser build (and opens the chat with `chatWith`). */
function demoLink(url: string, email: string, chatWith?: string): string {
  return `${url}/?demo=${encodeURIComponent(email).replace(/%40/g, '@')}${chatWith ? `&chat=${encodeURIComponent(chatWith)}` : ''}`;
}

function hasDisplay(): boolean {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Two desktop-app processes, each with its own user data (separate sessions); null when Electron cannot start. */
async function openDesktopApp(url: string, chatWith: string): Promise<ChildProcess[] | null> {
  const availability = electronAvailability();
  const executable = electronExecutable();
  if (!availability.available || !executable) {
    console.log(`The desktop app cannot start here (${availability.reason}): using the browser build.`);
    return null;
  }
  const children = (['left', 'right'] as const).map((side) => {
    const profile = mkdtempSync(path.join(os.tmpdir(), `meridian-demo-${side}-`));
    const args = [mainEntry, '--server', url, `--user-data-dir=${profile}`, `--demo-sign-in=${story[side]}`, `--demo-window=${side}`];
    // The right window shows the chat the left one writes into (docs/demo.md, step 2).
    if (side === 'right') args.push(`--demo-chat=${chatWith}`);
    // Chromium will not run as root with its OS sandbox (containers); pages keep their sandboxed preload.
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    return spawn(executable, args, { cwd: projectRoot, stdio: 'ignore' });
  });
  // An app that cannot start (no display, a missing library) exits at once: then the browser build it is.
  const failed = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 8_000);
    for (const child of children) {
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
      child.once('error', () => {
        clearTimeout(timer);
        resolve(true);
      });
    }
  });
  if (!failed) return children;
  for (const child of children) child.kill();
  console.log('The desktop app did not start: using the browser build.');
  return null;
}

/** Two browser windows side by side, each with its own profile (so its own session); null when there is no browser to drive. */
function openBrowser(links: string[]): ChildProcess[] | null {
  const found = findChromium();
  const executable = found ? (found.executablePath ?? chromium.executablePath()) : null;
  if (executable) {
    return links.map((link, index) => {
      const profile = mkdtempSync(path.join(os.tmpdir(), 'meridian-demo-browser-'));
      const args = [`--user-data-dir=${profile}`, '--no-first-run', '--no-default-browser-check', `--window-position=${index * 720},0`, '--window-size=720,880', `--app=${link}`];
      if (process.getuid?.() === 0) args.push('--no-sandbox');
      return spawn(executable, args, { stdio: 'ignore' });
    });
  }
  // The system's own browser: each link in a tab of its own (the browser build keeps one session per tab).
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const opened = links.every((link) => spawnSync(opener, [link], { stdio: 'ignore' }).status === 0);
  return opened ? [] : null;
}

async function main(): Promise<void> {
  const program = new Command()
    .name('npm run demo --')
    .description('The sales demo: the backend with demo data and two windows side by side, Alice (Northwind Health) and Bella (Contoso Legal).')
    .option('--reset', 'restore the demo data first (undoes every change of earlier demos)')
    .option('--port <n>', 'port of the backend (default 4100, or a free one when it is taken)', parsePort)
    .option('--db <file>', 'where the demo data lives (another file keeps another demo apart)', path.join(userDataDirectory(), 'demo.db'))
    .option('--operator <name>', 'who runs the demo, recorded with its live changes (consents, the audit log)', process.env.MERIDIAN_OPERATOR ?? 'Meridian sales demo')
    .option('--browser', 'use the browser build even where the desktop app can start')
    .option('--no-open', 'print the links, open no window')
    .showHelpAfterError()
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
  program.parse();
  const options = program.opts<Options>();
  mkdirSync(path.dirname(path.resolve(options.db)), { recursive: true });
  if (options.reset) {
    resetDemoData(options.db);
    console.log(`Demo data restored (${path.resolve(options.db)}).`);
  }

  const supportToken = randomBytes(18).toString('base64url');
  const server = await start(options, supportToken);
  const { directory } = server.context;
  const person = (email: string) => [...directory.users.values()].find((user) => user.email.toLowerCase() === email.toLowerCase());
  const left = person(story.left);
  const right = person(story.right);
  if (!left || !right) {
    console.error(`The demo data has no ${left ? story.right : story.left}: run \`npm run demo -- --reset\` to restore it.`);
    await server.close();
    process.exit(1);
  }
  const leftAccount = directory.accountName(left.accountId);
  const rightAccount = directory.accountName(right.accountId);
  const federation = [...directory.federations.values()].find((candidate) => candidate.accountIds.includes(left.accountId) && candidate.accountIds.includes(right.accountId));
  const federationName = federation?.name ?? `${leftAccount} × ${rightAccount}`;

  const links = [
    { user: left, link: demoLink(server.url, left.email) },
    { user: right, link: demoLink(server.url, right.email, left.id) },
  ];
  // The console finds the token where the backend's CLI would leave it: nobody pastes it, npm echoes nothing secret.
  writeSupportToken(server.port, supportToken);
  const support = `npm run support -- --server ${server.url}`;
  const audit = `--operator ${quote(options.operator)} --reason ${quote('Live demo')}`;
  // Its id, chosen: the printed delete works however often the federation is deleted and created again.
  const federationId = federation?.id ?? 'fed-northwind-contoso';
  const consents = story.consents
    .map(({ email, form }) => {
      const signer = person(email);
      return signer ? `--consent ${signer.accountId}=${quote(`${signer.displayName}:${form}`)}` : null;
    })
    .filter(Boolean)
    .join(' ');

  const lines = [
    '',
    `Meridian demo: ${left.displayName} (${leftAccount}) and ${right.displayName} (${rightAccount})${federation ? `, federated by "${federation.name}"` : ', NOT federated right now'}.`,
    `Backend with demo data: ${server.url}   (data: ${path.resolve(options.db)}; \`npm run demo -- --reset\` restores it)`,
    server.mediaServer,
    '',
    'One-click demo links (browser build):',
    ...links.map(({ user, link }) => `  ${user.displayName}, ${user.title ?? 'demo person'} at ${directory.accountName(user.accountId)}: ${link}`),
    '',
    'The live moments, each in a second terminal:',
    `  1. Delete the federation and watch the chat vanish (the 1:1 chat goes; ${left.displayName.split(' ')[0]} shows as UNKNOWN USER in shared channels):`,
    federation
      ? `     ${support} federation delete ${federationId} --ack-channel-cleanup ${audit}`
      : '     (already deleted: run moment 2, or `npm run demo -- --reset`)',
    '  2. Create it again and watch it return (the chat and its history come back):',
    `     ${support} federation create --id ${federationId} --name ${quote(federationName)} --accounts ${left.accountId},${right.accountId} ${consents} --confirm-all-see-all ${audit}`,
    `  3. Add a user and watch them appear (${left.displayName.split(' ')[0]} searches "${story.newUser.name.split(' ')[0]}"):`,
    `     ${support} user add --account ${right.accountId} --name ${quote(story.newUser.name)} --email ${story.newUser.email} --title ${quote(story.newUser.title)} ${audit}`,
    '  Add --dry-run to moment 1 or 2 to show first who will stop or start seeing whom.',
    '',
  ];
  console.log(lines.join('\n'));

  let windows: ChildProcess[] | null = null;
  if (!options.open) console.log('Not opening any window (--no-open): open the links above, one per window.');
  else if (!hasDisplay()) console.log('No display here: open the two links above yourself, one per browser window.');
  else {
    windows = options.browser ? null : await openDesktopApp(server.url, left.id);
    if (windows) console.log('Opened two desktop-app windows side by side, each signed in.');
    else {
      windows = openBrowser(links.map(({ link }) => link));
      console.log(windows ? 'Opened the two links in browser windows side by side.' : 'Could not open a browser: open the two links above yourself, one per window.');
    }
  }
  console.log('Ctrl+C stops the demo.');

  const stop = () => {
    for (const child of windows ?? []) child.kill();
    removeSupportToken(server.port, supportToken);
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main().catch((error: unknown) => {
  console.error(`The demo could not start: ${(error as Error).message}`);
  process.exit(1);
});
