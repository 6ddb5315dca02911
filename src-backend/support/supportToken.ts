/**
 * Where a backend on this machine leaves the support token it made, so the console finds it
 * without anyone typing it (npm echoes a command line, `--token T` included, to the screen).
 * One file per port, readable by its owner alone, in the user data folder (or
 * MERIDIAN_SUPPORT_TOKEN_DIR); removed when the backend stops. The admin channel answers only
 * on loopback, so the console and the backend are always on the same machine.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { userDataDirectory } from '../paths';

/** The folder of token files. */
export function supportTokenFolder(): string {
  return process.env.MERIDIAN_SUPPORT_TOKEN_DIR || path.join(userDataDirectory(), 'support-tokens');
}

/** The token file of the backend listening on `port`. */
export function supportTokenFile(port: number, folder = supportTokenFolder()): string {
  return path.join(folder, String(port));
}

/** Writes a backend's token for the console to find; gives the file. */
export function writeSupportToken(port: number, token: string, folder = supportTokenFolder()): string {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = supportTokenFile(port, folder);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

/** Removes a backend's token file, unless another backend has taken the port (and the file) since. */
export function removeSupportToken(port: number, token: string, folder = supportTokenFolder()): void {
  const file = supportTokenFile(port, folder);
  if (readTokenFile(file) === token) rmSync(file, { force: true });
}

/** The token in a file, or null when there is none. */
export function readTokenFile(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** The token the backend at `serverUrl` left on this machine, with its file; null when there is none. */
export function findSupportToken(serverUrl: string, folder = supportTokenFolder()): { token: string; file: string } | null {
  let port: number;
  try {
    const url = new URL(serverUrl);
    port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  } catch {
    return null;
  }
  const file = supportTokenFile(port, folder);
  const token = readTokenFile(file);
  return token ? { token, file } : null;
}
