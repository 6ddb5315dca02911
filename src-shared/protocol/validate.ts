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

/**
 * Where `value` holds the NUL character (U+0000) in a string or a key, as a path; null where it
 * holds none. PostgreSQL's text cannot store it (SQLite can), so everything from outside is
 * refused with it at the schema, and both engines answer alike (SPEC 10).
 */
export function nulCharacterPath(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = nulCharacterPath(value[index], [...path, index], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\\u0000')];
    const found = nulCharacterPath(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

export const nulCharacterMessage = 'must not contain the NUL character (U+0000)';

/** `schema`, refusing a value that holds the NUL character anywhere (see nulCharacterPath). */
export function withoutNul<S extends z.ZodType>(schema: S): S {
  return schema.superRefine((value, context) => {
    const path = nulCharacterPath(value);
    if (path) context.addIssue({ code: 'custom', path, message: path.length > 0 ? nulCharacterMessage : `Text ${nulCharacterMessage}.` });
  }) as S;
}

/** Every schema of a table through withoutNul. */
export function withoutNulInEach<T extends Record<string, z.ZodType>>(schemas: T): T {
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, withoutNul(schema)])) as T;
}
