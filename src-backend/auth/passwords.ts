/**
 * Password hashes with node:crypto's scrypt; a stored hash says its own parameters, so hashes
 * made with older or cheaper parameters keep verifying.
 *
 * Real passwords (people added by support, and every hash renewed at sign-in) use N = 2^15,
 * r = 8: about 70 ms on a 2-core 2026 machine (measured: 62–81 ms), inside the 50–100 ms a
 * guess should cost. Seed files hash with the cheap N = 2^12 (about 6 ms) so a large scenario
 * loads quickly; such a hash is replaced by a strong one the first time its person signs in.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

/** What every password a person sets or signs in with is stored under. */
export const strongParameters: ScryptParameters = { N: 2 ** 15, r: 8, p: 1 };
/** What seed files' demo passwords are stored under, until their person first signs in. */
export const seedParameters: ScryptParameters = { N: 2 ** 12, r: 8, p: 1 };
const keyLength = 32;
/** Enough for the strong parameters (128 · N · r = 32 MiB) with room; Node's default is exactly 32 MiB. */
const maxMemoryBytes = 64 * 1024 * 1024;
/** Stored hashes asking for more than this are refused rather than computed (a forged row must not stall the server). */
const maxStoredN = 2 ** 17;

function derive(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  const options: ScryptOptions = { ...parameters, maxmem: maxMemoryBytes };
  return new Promise((resolve, reject) => scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** A new hash of a password a person chose. */
export async function hashPassword(password: string, parameters: ScryptParameters = strongParameters): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, parameters);
  return `scrypt$${parameters.N}$${parameters.r}$${parameters.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A hash for a seed file's password: cheap, renewed at its person's first sign-in. */
export function hashSeedPassword(password: string): Promise<string> {
  return hashPassword(password, seedParameters);
}

function parametersOf(stored: string): (ScryptParameters & { salt: string; key: string }) | null {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const parameters = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !key || !Number.isInteger(parameters.N) || !Number.isInteger(parameters.r) || !Number.isInteger(parameters.p)) return null;
  if (parameters.N < 2 || parameters.N > maxStoredN || parameters.r < 1 || parameters.r > 32 || parameters.p < 1 || parameters.p > 4) return null;
  return { ...parameters, salt, key };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parametersOf(stored);
  if (!parsed) return false;
  const expected = Buffer.from(parsed.key, 'base64');
  const actual = await derive(password, Buffer.from(parsed.salt, 'base64'), parsed);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether a stored hash is weaker than what passwords are hashed with now (renew it at sign-in). */
export function needsRehash(stored: string): boolean {
  const parsed = parametersOf(stored);
  return !parsed || parsed.N < strongParameters.N || parsed.r < strongParameters.r;
}

/**
 * A hash of nothing anyone knows, at the strong cost: checked for an unknown email so that
 * "no such person" takes as long as "wrong password".
 */
export const unknownPersonHash = `scrypt$${strongParameters.N}$${strongParameters.r}$${strongParameters.p}$${randomBytes(16).toString('base64')}$${randomBytes(keyLength).toString('base64')}`;

/** The shortest password support may give a person. */
export const minimumPasswordLength = 12;
/** Passwords people pick first; refused whatever their length. */
const commonPasswords = new Set(['password1234', 'passwordpassword', 'qwertyuiop12', '123456789012', '1234567890ab', 'letmeinletmein', 'welcome12345', 'changeme1234', 'iloveyou1234', 'administrator']);

/**
 * Why a password support gives someone is too weak, or null when it will do: at least 12
 * characters, at least 5 different ones, not a common password, and not the person's own name
 * or the name of their email (what a guesser tries first).
 */
export function passwordWeakness(password: string, person: { name: string; email: string }): string | null {
  if (password.length < minimumPasswordLength) return `A password has at least ${minimumPasswordLength} characters; this one has ${password.length}.`;
  const lower = password.toLowerCase();
  if (new Set(lower).size < 5) return 'A password has at least 5 different characters; this one repeats a few.';
  if (commonPasswords.has(lower)) return 'This password is among the first a guesser tries.';
  const words = [person.email.split('@')[0] ?? '', ...person.name.split(/\s+/)].map((word) => word.toLowerCase()).filter((word) => word.length >= 3);
  const word = words.find((candidate) => lower.includes(candidate));
  if (word) return `A password does not contain the person's name or email ("${word}").`;
  return null;
}
