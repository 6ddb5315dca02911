/**
 * Finds Janus, or installs it where this computer allows (Debian's package, as root), as
 * e2e/browser.ts does for Chromium: `npm test`, `npm run web` and `npm run demo` run it first
 * (scripts/ensure-media-server.ts) and say what they found or did. Without Janus the backend
 * still runs: meetings fall back to voice between up to 4 people who all see each other.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findJanus, type FoundJanus } from './janusProcess';

export interface InstallStep {
  name: string;
  run: () => boolean;
}

/** The install steps tried in order when Janus is missing: on Debian as root, `apt-get install janus`. */
export function janusInstallSteps(log: (line: string) => void = console.log): InstallStep[] {
  const run = (command: string, args: string[], timeoutMs: number) => {
    log(`$ ${command} ${args.join(' ')}`);
    return spawnSync(command, args, { stdio: 'inherit', timeout: timeoutMs, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform !== 'linux' || !isRoot || !existsSync('/usr/bin/apt-get') || !existsSync('/etc/debian_version')) return [];
  return [{ name: 'apt-get install janus', run: () => run('/usr/bin/apt-get', ['update', '-qq'], 300_000) && run('/usr/bin/apt-get', ['install', '-y', '-qq', 'janus'], 600_000) }];
}

export const missingJanusMessage = [
  'No media server (Janus) here, and none could be installed: meetings will carry voice only, directly between up to 4 people who all see each other.',
  'To carry every meeting\'s voice, video and screens, install Janus 1.x and run again:',
  '  sudo apt-get install janus        (Debian, Ubuntu)',
  'or point MERIDIAN_JANUS at a janus executable (docs/janus.md).',
].join('\n');

/** Janus found or installed; null (after saying so) when neither worked. */
export function ensureJanus(options: { steps?: InstallStep[]; find?: () => FoundJanus | { missing: string }; log?: (line: string) => void } = {}): FoundJanus | null {
  const log = options.log ?? console.log;
  const find = options.find ?? (() => findJanus());
  const found = find();
  if (!('missing' in found)) {
    log(`Media server: ${found.description}`);
    return found;
  }
  if (process.env.MERIDIAN_JANUS === 'off') {
    log('Media server: off (MERIDIAN_JANUS=off): meetings carry voice only, between up to 4 people who all see each other.');
    return null;
  }
  for (const step of options.steps ?? janusInstallSteps(log)) {
    log(`No media server found (${found.missing}); trying ${step.name}…`);
    if (!step.run()) continue;
    const installed = find();
    if (!('missing' in installed)) {
      log(`Media server: installed ${installed.description}`);
      return installed;
    }
  }
  log(missingJanusMessage);
  return null;
}
