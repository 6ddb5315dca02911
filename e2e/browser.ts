/**
 * Which Chromium the end-to-end suite drives. `findChromium()` only looks; `ensureChromium()`
 * (run by `npm test` and `npm run test:e2e` before Playwright) also installs one when none is
 * found, in this order:
 *   1. Playwright's own Chromium (`npx playwright install chromium` put it there; Playwright runs
 *      its headless shell when headless);
 *   2. a system Chromium headless shell (Debian's chromium-headless-shell), then a system Chromium
 *      or Chrome (/usr/bin/chromium, chromium-browser, google-chrome);
 *   3. `npx playwright install chromium` (needs Playwright's download host);
 *   4. on Debian as root, `apt-get install chromium-headless-shell`.
 * When every way fails it says so in one message naming the command to run.
 *
 * The headless shell is the same Blink, V8 and WebRTC without the full browser around them
 * (Playwright's own default for headless runs): a whole e2e stage took 354 s in it against
 * 489–546 s in /usr/bin/chromium (2 cores, 2026-12-07), its CPU a quarter less. It has no windows:
 * `--headed` (and the demo's windows) need a full one, e.g. MERIDIAN_CHROMIUM=/usr/bin/chromium.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

export type BrowserSource = 'playwright' | 'system';

export interface FoundBrowser {
  source: BrowserSource;
  /** The executable to launch, or undefined for Playwright's own (it knows where it is). */
  executablePath: string | undefined;
  /** What was found, for people. */
  description: string;
}

/** System browsers with windows, by name (looked up on PATH) or by absolute path. */
export const systemBrowserNames = ['/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** System headless shells (no windows; lighter), looked for first by headless runs. */
export const headlessShellNames = ['/usr/bin/chromium-headless-shell', 'chromium-headless-shell', 'chrome-headless-shell'];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  if (path.isAbsolute(name)) return isExecutable(name) ? name : undefined;
  for (const folder of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function playwrightChromium(): string | undefined {
  try {
    const file = chromium.executablePath();
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The system browsers looked for, in order: headless shells first for a headless run. */
export function systemNamesFor(headless: boolean): string[] {
  return headless ? [...headlessShellNames, ...systemBrowserNames] : systemBrowserNames;
}

/**
 * The browser to use, without installing anything; `MERIDIAN_CHROMIUM` names one explicitly.
 * `headless` (the test runs, screenshots, benches) looks for a headless shell before a full browser;
 * without it (the demo's windows) only browsers with windows are looked for.
 */
export function findChromium(options: { systemNames?: string[]; playwright?: () => string | undefined; explicit?: string; headless?: boolean } = {}): FoundBrowser | null {
  const explicit = options.explicit ?? process.env.MERIDIAN_CHROMIUM;
  if (explicit) return isExecutable(explicit) ? { source: 'system', executablePath: explicit, description: `${explicit} (MERIDIAN_CHROMIUM)` } : null;
  const own = (options.playwright ?? playwrightChromium)();
  if (own) return { source: 'playwright', executablePath: undefined, description: `Playwright's Chromium (${own})` };
  for (const name of options.systemNames ?? systemNamesFor(options.headless ?? false)) {
    const found = onPath(name);
    if (found) return { source: 'system', executablePath: found, description: `system browser ${found}` };
  }
  return null;
}

export interface EnsureStep {
  name: string;
  run: () => boolean;
}

/** The install steps tried in order when no browser is found. */
export function installSteps(log: (line: string) => void = console.log): EnsureStep[] {
  const run = (command: string, args: string[], timeoutMs: number) => {
    log(`$ ${command} ${args.join(' ')}`);
    const result = spawnSync(command, args, { stdio: 'inherit', timeout: timeoutMs });
    return result.status === 0;
  };
  const steps: EnsureStep[] = [
    { name: 'npx playwright install chromium', run: () => run(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['playwright', 'install', 'chromium'], 180_000) },
  ];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform === 'linux' && isRoot && existsSync('/usr/bin/apt-get') && existsSync('/etc/debian_version')) {
    steps.push({
      name: 'apt-get install chromium-headless-shell',
      run: () => run('/usr/bin/apt-get', ['update', '-qq'], 300_000) && run('/usr/bin/apt-get', ['install', '-y', '-qq', 'chromium-headless-shell'], 600_000),
    });
  }
  return steps;
}

export const missingBrowserMessage = [
  'No Chromium for the end-to-end tests, and none could be installed.',
  'Install one, then run `npm test` again:',
  '  npx playwright install chromium        (Playwright\'s own; needs its download host)',
  '  sudo apt-get install chromium-headless-shell   (Debian)',
  'or point MERIDIAN_CHROMIUM at a Chromium or Chrome executable.',
].join('\n');

/** Finds a browser or installs one; null (after printing why) when every way failed. */
export function ensureChromium(options: { steps?: EnsureStep[]; find?: () => FoundBrowser | null; log?: (line: string) => void } = {}): FoundBrowser | null {
  const log = options.log ?? console.log;
  const find = options.find ?? (() => findChromium({ headless: true }));
  const found = find();
  if (found) {
    log(`Chromium: ${found.description}`);
    return found;
  }
  for (const step of options.steps ?? installSteps(log)) {
    log(`No Chromium found; trying ${step.name}…`);
    if (!step.run()) continue;
    const installed = find();
    if (installed) {
      log(`Chromium: ${installed.description}`);
      return installed;
    }
  }
  log(missingBrowserMessage);
  return null;
}
