/**
 * Password hashes with node:crypto's scrypt; a stored hash says its own parameters, so hashes
 * made with older or cheaper parameters keep verifying.
 *
 * Every password is stored at N = 2^15, r = 8: about 70 ms on a 2-core 2026 machine (measured:
 * 62–81 ms), inside the 50–100 ms a guess should cost; seed files' passwords too, hashed at load
 * (issue 18 #7: a seed's cheap hash answered in 6 ms, telling who had never signed in). Every
 * check costs one derivation at that strength, whatever the answer: an unknown email is checked
 * against a hash of nothing, and an older, cheaper hash is checked beside one at today's cost.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

/** What every password is stored under. */
export const strongParameters: ScryptParameters = { N: 2 ** 15, r: 8, p: 1 };
/** What seed files' passwords were stored under before issue 18: databases may still hold such hashes. */
export const legacySeedParameters: ScryptParameters = { N: 2 ** 12, r: 8, p: 1 };
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

/**
 * Seed passwords already hashed in this process (a cache: a test suite starts hundreds of servers
 * on one seed, each would pay 70 ms for "demo" again). People who share a seed password share its
 * hash and salt, which says no more than the seed file, where the password is plain text.
 */
const seedHashes = new Map<string, Promise<string>>();
const maxSeedHashes = 32;

/** The hash of a seed file's password, at full strength. */
export function hashSeedPassword(password: string): Promise<string> {
  // Keyed by the parameters in force too: a hash made before they changed is not at full strength now.
  const key = `${strongParameters.N}$${strongParameters.r}$${strongParameters.p}$${password}`;
  const cached = seedHashes.get(key);
  if (cached) return cached;
  const hash = hashPassword(password);
  hash.catch(() => seedHashes.delete(key));
  if (seedHashes.size >= maxSeedHashes) seedHashes.delete(seedHashes.keys().next().value!);
  seedHashes.set(key, hash);
  return hash;
}

function parametersOf(stored: string): (ScryptParameters & { salt: string; key: string }) | null {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const parameters = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !key || !Number.isInteger(parameters.N) || !Number.isInteger(parameters.r) || !Number.isInteger(parameters.p)) return null;
  if (parameters.N < 2 || parameters.N > maxStoredN || parameters.r < 1 || parameters.r > 32 || parameters.p < 1 || parameters.p > 4) return null;
  return { ...parameters, salt, key };
}

/** Whether `password` is the one `stored` was made from; it costs one derivation at today's strength, whatever the answer. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parametersOf(stored);
  // A hash weaker than today's (or none that reads) is checked beside one at today's cost, in parallel: the answer takes as long.
  const weaker = !parsed || parsed.N < strongParameters.N || parsed.r < strongParameters.r;
  const [actual] = await Promise.all([
    parsed ? derive(password, Buffer.from(parsed.salt, 'base64'), parsed) : null,
    weaker ? derive(password, paddingSalt, strongParameters) : null,
  ]);
  if (!parsed || !actual) return false;
  const expected = Buffer.from(parsed.key, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const paddingSalt = randomBytes(16);

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
