import { z } from 'zod';
import { stripBidiControls } from '../domain/text';

/** One line per problem, naming where it is: `query: Too big: expected string to have <=200 characters`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * A name others will read (channel, meeting, person): bidirectional controls are removed before
 * `rules` (trim, length) apply, so a name made only of them is as empty as it looks.
 */
export function nameText<Output>(rules: z.ZodType<Output, string>) {
  return z.string().transform(stripBidiControls).pipe(rules);
}
