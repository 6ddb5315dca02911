import type { z } from 'zod';
import { fail, type Ack } from './ack';

/** One line per problem, naming where it is: `query: Too big: expected string to have <=200 characters`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Parses input with a schema, or gives the bad_request acknowledgement that says why. */
export function parseOrFail<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.output<S> } | Ack<never> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return fail('bad_request', describeZodError(parsed.error));
}
