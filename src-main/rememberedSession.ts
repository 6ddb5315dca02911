/**
 * The remembered session: who is signed in and their token, kept encrypted with Electron's
 * safeStorage (the OS keychain: Keychain, DPAPI, libsecret or KWallet) in the user-data folder,
 * so restarting the app does not sign the person out. Removed at sign-out or when the server
 * ends the session. Where safeStorage cannot encrypt (no keychain; Linux's "basic_text"
 * fallback is a fixed key), nothing is written and the person signs in again next time.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { app, safeStorage } from 'electron';
import type { SignedIn } from '../src-shared/protocol/model';
import type { SessionClient } from '../src-shared/session/sessionClient';

/** What is kept: the session and the server it belongs to (a token means nothing to another server). */
interface KeptSession {
  server: string;
  signedIn: SignedIn;
}

/** The encrypted file; never holds plain text. */
export function rememberedSessionFile(): string {
  return path.join(app.getPath('userData'), 'session.bin');
}

/** Whether safeStorage really encrypts here; why not, when it does not. */
export function sessionEncryption(): { available: true } | { available: false; reason: string } {
  if (!safeStorage.isEncryptionAvailable()) return { available: false, reason: 'this computer offers no keychain to encrypt it with' };
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return { available: false, reason: 'no keychain (libsecret or KWallet) is running, and Electron would fall back to a fixed key' };
  }
  return { available: true };
}

/** The session kept for `server`, or null (none, another server's, unreadable: an unreadable one is removed). */
export function loadRememberedSession(server: string): SignedIn | null {
  const file = rememberedSessionFile();
  let encrypted: Buffer;
  try {
    encrypted = readFileSync(file);
  } catch {
    return null;
  }
  if (!sessionEncryption().available) return null;
  try {
    const kept = JSON.parse(safeStorage.decryptString(encrypted)) as Partial<KeptSession> | null;
    const signedIn = kept?.signedIn;
    if (kept?.server === server && typeof signedIn?.token === 'string' && typeof signedIn.user?.id === 'string' && typeof signedIn.user.displayName === 'string') {
      return signedIn;
    }
    if (kept?.server !== server) return null;
  } catch {
    // Falls through: a file the keychain cannot open (another user, a reset keychain) is of no use.
  }
  rmSync(file, { force: true });
  return null;
}

/** Keeps the session encrypted; returns false (writing nothing) where it cannot be encrypted. */
export function saveRememberedSession(server: string, signedIn: SignedIn): boolean {
  const encryption = sessionEncryption();
  const file = rememberedSessionFile();
  if (!encryption.available) {
    rmSync(file, { force: true });
    console.warn(`Meridian: the session is not remembered, because ${encryption.reason}; you will sign in again at the next start.`);
    return false;
  }
  const kept: KeptSession = { server, signedIn };
  writeFileSync(`${file}.tmp`, safeStorage.encryptString(JSON.stringify(kept)), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return true;
}

export function forgetRememberedSession(): void {
  rmSync(rememberedSessionFile(), { force: true });
}

/**
 * Keeps the file in step with the session: written when a session starts (a sign-in, or the
 * resume of a kept one), removed when it ends (sign-out, or a token the server refused).
 */
export function rememberSessions(session: SessionClient, server: string): () => void {
  return session.onConnectionChanged((state) => {
    if (state === 'signed-out') forgetRememberedSession();
    else if (state === 'connecting' && session.signedIn) saveRememberedSession(server, session.signedIn);
  });
}
