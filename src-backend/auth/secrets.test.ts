import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadSigner } from './downloadTokens';
import { loadSecrets, SecretsError, signingKeyFileName } from './secrets';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
function folder(): string {
  const made = mkdtempSync(path.join(tmpdir(), 'meridian-secrets-'));
  folders.push(made);
  return made;
}
const key = 'k'.repeat(20) + 'ey-of-the-deployment-0123456789';

describe('secrets every process of a deployment shares (SPEC 10)', () => {
  it('reads the signing key from --signing-key-file before MERIDIAN_SIGNING_KEY before the data folder', () => {
    const dir = folder();
    const file = path.join(dir, 'key');
    writeFileSync(file, `${key}\n`);
    const env = { MERIDIAN_SIGNING_KEY: 'e'.repeat(40) };
    expect(loadSecrets({ signingKeyFile: file, dataFolder: dir, env }).signingKey.toString()).toBe(key);
    expect(loadSecrets({ dataFolder: dir, env }).signingKey.toString()).toBe('e'.repeat(40));
  });

  it('makes the data folder’s key once, for its owner alone, and every later start (or process) with that folder uses it', () => {
    const dir = path.join(folder(), 'data');
    const first = loadSecrets({ dataFolder: dir, env: {} });
    const file = path.join(dir, signingKeyFileName);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.signingKey.toString()).toBe(readFileSync(file, 'utf8').trim());
    expect(first.signingKey.length).toBeGreaterThanOrEqual(32);
    expect(loadSecrets({ dataFolder: dir, env: {} }).signingKey).toEqual(first.signingKey);
    // With no data folder and nothing configured, a key of this process alone: two differ.
    expect(loadSecrets({ dataFolder: null, env: {} }).signingKey).not.toEqual(loadSecrets({ dataFolder: null, env: {} }).signingKey);
  });

  it('a link signed by one process with the shared key is followed on another; with another key it is not', () => {
    const shared = loadSecrets({ dataFolder: null, env: { MERIDIAN_SIGNING_KEY: key } }).signingKey;
    const issued = new DownloadSigner(undefined, undefined, shared).sign('nw-alice', 'file-1');
    expect(new DownloadSigner(undefined, undefined, Buffer.from(key)).verify('file-1', new URLSearchParams(issued.query))).toEqual({ ok: true, userId: 'nw-alice' });
    expect(new DownloadSigner(undefined, undefined, Buffer.from(`${key}x`)).verify('file-1', new URLSearchParams(issued.query))).toEqual({ ok: false, reason: 'invalid' });
    expect(new DownloadSigner().verify('file-1', new URLSearchParams(issued.query))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('takes the support token from --support-token, --support-token-file or MERIDIAN_SUPPORT_TOKEN, and makes one only when none is given', () => {
    const dir = folder();
    const file = path.join(dir, 'token');
    writeFileSync(file, 'token-from-the-file-123\n');
    expect(loadSecrets({ supportToken: 'token-on-the-command-line', supportTokenFile: file, dataFolder: null, env: {} })).toMatchObject({ supportToken: 'token-on-the-command-line', supportTokenGenerated: false });
    expect(loadSecrets({ supportTokenFile: file, dataFolder: null, env: { MERIDIAN_SUPPORT_TOKEN: 'token-from-the-environment' } })).toMatchObject({ supportToken: 'token-from-the-file-123', supportTokenGenerated: false });
    expect(loadSecrets({ dataFolder: null, env: { MERIDIAN_SUPPORT_TOKEN: 'token-from-the-environment' } })).toMatchObject({ supportToken: 'token-from-the-environment', supportTokenGenerated: false });
    const made = loadSecrets({ dataFolder: null, env: {} });
    expect(made.supportTokenGenerated).toBe(true);
    expect(made.supportToken.length).toBeGreaterThanOrEqual(16);
  });

  it('refuses a key or token too short to be a secret, one with spaces, and a file that is not there, saying which', () => {
    const dir = folder();
    expect(() => loadSecrets({ dataFolder: null, env: { MERIDIAN_SIGNING_KEY: 'short' } })).toThrow(/signing key from MERIDIAN_SIGNING_KEY is too short: at least 32/);
    expect(() => loadSecrets({ dataFolder: null, env: { MERIDIAN_SIGNING_KEY: `${key} ${key}` } })).toThrow(SecretsError);
    expect(() => loadSecrets({ signingKeyFile: path.join(dir, 'missing'), dataFolder: null, env: {} })).toThrow(/signing key file .*missing cannot be read \(ENOENT\)/);
    expect(() => loadSecrets({ supportToken: 'too-short', dataFolder: null, env: {} })).toThrow(/support token from --support-token is too short: at least 16/);
    const short = path.join(dir, signingKeyFileName);
    writeFileSync(short, 'tiny\n');
    expect(() => loadSecrets({ dataFolder: dir, env: {} })).toThrow(/too short/);
  });
});
