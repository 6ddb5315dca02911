import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Finds a file of the project by walking up from this module, so the same code works from
 * src-backend (tsx) and from the Electron bundle in out/main.
 */
export function findProjectPath(relative: string): string | null {
  let directory = __dirname;
  for (;;) {
    const candidate = path.join(directory, relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

/** The same folder Electron's app.getPath('userData') gives for the product name Meridian. */
export function userDataDirectory(): string {
  const home = homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Meridian');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Meridian');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Meridian');
}
