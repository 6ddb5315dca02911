/**
 * `--limits FILE` (SPEC 8: every limit is configuration): a JSON file that changes some of the
 * limits of ./limits.ts, the rest keeping their defaults. For example, a load test that sends
 * 1,000 messages a person at once:
 *
 *   { "commands": { "message": { "burst": 2000, "perSecond": 1000 } }, "socketsPerPerson": 50 }
 *
 * Every field is checked: an unknown one (a misspelt class), a negative or non-finite rate, or
 * anything else is refused with what is wrong and where, and the backend does not start.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeZodError } from '../../src-shared/protocol/validate';
import { defaultLimits, type CommandClass, type LimitOverrides } from './limits';

const rate = z.object({ burst: z.number().finite().min(1).max(1e9), perSecond: z.number().finite().positive().max(1e9) }).strict();
const commandKeys = Object.keys(defaultLimits.commands) as [CommandClass, ...CommandClass[]];

export const limitsFileSchema = z
  .object({
    commands: z.partialRecord(z.enum(commandKeys), rate).optional(),
    upload: rate.optional(),
    typingNotice: rate.optional(),
    signInPerAddress: rate.optional(),
    signInFailuresPerAddress: rate.optional(),
    signInFailuresPerEmail: rate.optional(),
    admin: rate.optional(),
    adminFailures: rate.optional(),
    socketsPerPerson: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

/** A limits file that cannot be used: what is wrong, said for the person who wrote it. */
export class LimitsFileError extends Error {}

/** The overrides of a limits file, or a LimitsFileError naming the file and the problem. */
export function readLimitsFile(file: string): LimitOverrides {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LimitsFileError(`The limits file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LimitsFileError(`The limits file ${file} is not JSON (${(error as Error).message}).`);
  }
  const parsed = limitsFileSchema.safeParse(json);
  if (!parsed.success) throw new LimitsFileError(`The limits file ${file} is not valid: ${describeZodError(parsed.error)}.`);
  return parsed.data as LimitOverrides;
}
