/**
 * `--limits FILE`: an operator's changes to the limits (SPEC 8: every limit is configuration), as
 * JSON of the shape of `LimitSettings` in ./limits.ts, every key optional; what the file leaves
 * out keeps its default. Checked whole before the server starts: a mistake names its key and
 * changes nothing. docs/limits.md describes every key.
 *
 *   { "commands": { "message": { "burst": 200, "perSecond": 50 } }, "socketsPerPerson": 50 }
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeZodError } from '../../src-shared/protocol/validate';
import { defaultLimits, type CommandClass, type LimitOverrides, type LimitSettings } from './limits';

const rate = z.object({ burst: z.number().min(1, 'A burst lets at least one through.').max(1e9), perSecond: z.number().positive('A rate must be above 0.').max(1e9) }).strict();
const count = (min: number) => z.number().int().min(min).max(1e9);
const classes = Object.keys(defaultLimits.commands) as CommandClass[];
const perClass = <T extends z.ZodType>(value: T) => z.object(Object.fromEntries(classes.map((name) => [name, value.optional()])) as Record<CommandClass, z.ZodOptional<T>>).strict();

/** The file's shape: every key of LimitSettings, each optional. */
export const limitsFileSchema = z
  .object({
    commands: perClass(rate).optional(),
    upload: rate.optional(),
    typingNotice: rate.optional(),
    signInFailuresPerAddress: rate.optional(),
    signInFailuresPerEmail: rate.optional(),
    signInsPerEmail: rate.optional(),
    admin: rate.optional(),
    adminFailures: rate.optional(),
    socketsPerPerson: count(1).optional(),
    // At least what a CONNECT with a session token needs, and what the largest message needs.
    commandFrameBytes: perClass(count(1024)).optional(),
    connectFrameBytes: count(512).optional(),
    unauthenticatedTimeoutMs: count(100).optional(),
    unauthenticatedPerAddress: count(1).optional(),
    unauthenticatedTotal: count(1).optional(),
    inboundBytes: rate.optional(),
    inboundFrameMinimumBytes: count(1).optional(),
    broadcastMentionReach: count(0).optional(),
  })
  .strict();

/** Every limit can be set by the file: a key added to LimitSettings and not to the schema fails to compile. */
type Unset = Exclude<keyof LimitSettings, keyof z.infer<typeof limitsFileSchema>>;
export const everyLimitConfigurable: [Unset] extends [never] ? true : Unset = true;

/** An error in a limits file, naming the file and what is wrong. */
export class LimitsFileError extends Error {}

/** The overrides a limits file holds, or a LimitsFileError. */
export function readLimitsFile(file: string): LimitOverrides {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LimitsFileError(`${file}: ${(error as Error).message}`);
  }
  const parsed = limitsFileSchema.safeParse(json);
  if (!parsed.success) throw new LimitsFileError(`${file}: ${describeZodError(parsed.error)}`);
  return parsed.data as LimitOverrides;
}
