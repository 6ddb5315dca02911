/**
 * Starts the desktop app under Playwright, pointed at a test's own backend.
 *
 *   const availability = electronAvailability();
 *   test.skip(!availability.available, availability.reason);
 *   const { app, page } = await launchElectronApp(backend.url);   // close with app.close()
 *
 * The Electron binary is optional: it cannot be downloaded everywhere (its npm package fetches
 * it at install time), so the Electron project is skipped, with the reason, when it is missing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';

const projectRoot = path.resolve(__dirname, '..');
const mainEntry = path.join(projectRoot, 'out', 'main', 'index.js');

/**
 * The Electron executable, located as the electron package locates it. Not `require('electron')`:
 * when the binary is missing that tries to download it, which blocks (or fails) offline.
 */
export function electronExecutable(): string | null {
  const packageDirectory = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(packageDirectory, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = readFileSync(pathFile, 'utf8').trim();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  return override ? path.join(override, executable || 'electron') : path.join(packageDirectory, 'dist', executable);
}

/** Whether the desktop app can be launched here, and if not, why. */
export function electronAvailability(): { available: boolean; reason: string } {
  const executable = electronExecutable();
  if (!executable || !existsSync(executable)) {
    return { available: false, reason: 'no Electron binary (node_modules/electron/dist is missing; it is downloaded by `npm install` where the network allows)' };
  }
  if (!existsSync(mainEntry)) return { available: false, reason: 'the app is not built (out/main/index.js is missing; run `npm run build`)' };
  return { available: true, reason: `Electron at ${executable}` };
}

/** Launches one client with its own user data folder, so several can run side by side. */
export async function launchElectronApp(serverUrl: string): Promise<{ app: ElectronApplication; page: Page }> {
  const userDataDirectory = mkdtempSync(path.join(os.tmpdir(), 'meridian-electron-'));
  const args = [mainEntry, '--server', serverUrl, `--user-data-dir=${userDataDirectory}`];
  // Chromium will not run as root with its OS sandbox (CI containers); pages keep their sandboxed, Node-free preload.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const removeUserData = () => rmSync(userDataDirectory, { recursive: true, force: true });
  let app: ElectronApplication;
  try {
    app = await _electron.launch({ executablePath: electronExecutable() ?? undefined, args, cwd: projectRoot });
  } catch (error) {
    removeUserData();
    throw error;
  }
  app.once('close', removeUserData);
  return { app, page: await app.firstWindow() };
}
