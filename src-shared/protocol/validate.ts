import { z } from 'zod';
import { cleanName } from '../domain/text';

/** One line per problem, naming where it is: `query: Too big: expected string to have <=200 characters`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * A name others will read (channel, meeting, person, status message): cleaned (`cleanName`: no
 * invisible characters or direction controls, one line) before `rules` (length) apply, so a name
 * made only of invisible characters is as empty as it looks.
 */
export function nameText<Output>(rules: z.ZodType<Output, string>) {
  return z.string().transform(cleanName).pipe(rules);
}
