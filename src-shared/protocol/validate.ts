import type { z } from 'zod';

/** One line per problem, naming where it is: `query: Too big: expected string to have <=200 characters`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

