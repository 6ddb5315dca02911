/**
 * The secrets every process of one deployment must share (SPEC 10): the key that signs download
 * URLs (a link issued by one process is followed on another) and the support console's token
 * (the console may reach any process). Each comes from configuration, first found wins:
 *
 *   signing key:    --signing-key-file FILE, MERIDIAN_SIGNING_KEY, else the file `signing-key` in
 *                   the data folder (made once, readable by its owner alone: every process with
 *                   that folder, and this one after a restart, signs alike); with no data folder
 *                   (`--db :memory:`), a key of this process alone.
 *   support token:  --support-token, --support-token-file FILE, MERIDIAN_SUPPORT_TOKEN, else one
 *                   made for this process (left for the console on this machine, as before).
 *
 * A key or token that is too short to be a secret stops the start-up with a clear message.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** At least this many characters in a configured signing key (32 random bytes are 43 in base64url). */
export const minimumSigningKeyLength = 32;
/** At least this many characters in a support token (as `--support-token` has always asked). */
export const minimumSupportTokenLength = 16;
/** The file of the signing key in the data folder. */
export const signingKeyFileName = 'signing-key';

export class SecretsError extends Error {}

export interface SecretSources {
  signingKeyFile?: string;
  supportToken?: string;
  supportTokenFile?: string;
  /** The folder beside the database file; null when there is none (`:memory:`). */
  dataFolder: string | null;
  env?: NodeJS.ProcessEnv;
}

export interface Secrets {
  signingKey: Buffer;
  /** Where it came from, for the start-up log (never the key itself). */
  signingKeySource: string;
  supportToken: string;
  /** Whether the token was made here (the CLI then leaves it for the console on this machine). */
  supportTokenGenerated: boolean;
}

function readSecretFile(file: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SecretsError(`The ${what} file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  return text.trim();
}

function checked(value: string, minimum: number, what: string, where: string): string {
  if (value.length < minimum) throw new SecretsError(`The ${what} from ${where} is too short: at least ${minimum} characters.`);
  if (!/^[\x21-\x7e\u00a0-\uffff]+$/.test(value)) throw new SecretsError(`The ${what} from ${where} holds spaces or control characters: one line of printable characters, please.`);
  return value;
}

/** The signing key of the data folder, made there (owner only) the first time; two processes making it at once keep the first. */
function dataFolderKey(folder: string): string {
  const file = path.join(folder, signingKeyFileName);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  try {
    // 'wx': never over a key another process wrote a moment ago.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new SecretsError(`The signing key cannot be written to ${file} (${(error as Error).message}); give one with --signing-key-file or MERIDIAN_SIGNING_KEY.`);
  }
  return readSecretFile(file, 'signing key');
}

export function loadSecrets(sources: SecretSources): Secrets {
  const env = sources.env ?? process.env;
  let signingKey: string;
  let signingKeySource: string;
  if (sources.signingKeyFile) {
    signingKeySource = `--signing-key-file ${sources.signingKeyFile}`;
    signingKey = checked(readSecretFile(sources.signingKeyFile, 'signing key'), minimumSigningKeyLength, 'signing key', signingKeySource);
  } else if (env.MERIDIAN_SIGNING_KEY) {
    signingKeySource = 'MERIDIAN_SIGNING_KEY';
    signingKey = checked(env.MERIDIAN_SIGNING_KEY.trim(), minimumSigningKeyLength, 'signing key', signingKeySource);
  } else if (sources.dataFolder) {
    signingKeySource = path.join(sources.dataFolder, signingKeyFileName);
    signingKey = checked(dataFolderKey(sources.dataFolder), minimumSigningKeyLength, 'signing key', signingKeySource);
  } else {
    signingKeySource = 'this process (no data folder: download links work on this process only)';
    signingKey = randomBytes(32).toString('base64url');
  }

  let supportToken: string | undefined;
  if (sources.supportToken !== undefined) supportToken = checked(sources.supportToken, minimumSupportTokenLength, 'support token', '--support-token');
  else if (sources.supportTokenFile) supportToken = checked(readSecretFile(sources.supportTokenFile, 'support token'), minimumSupportTokenLength, 'support token', `--support-token-file ${sources.supportTokenFile}`);
  else if (env.MERIDIAN_SUPPORT_TOKEN) supportToken = checked(env.MERIDIAN_SUPPORT_TOKEN.trim(), minimumSupportTokenLength, 'support token', 'MERIDIAN_SUPPORT_TOKEN');
  return {
    signingKey: Buffer.from(signingKey, 'utf8'),
    signingKeySource,
    supportToken: supportToken ?? randomBytes(18).toString('base64url'),
    supportTokenGenerated: supportToken === undefined,
  };
}
