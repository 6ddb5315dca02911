import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodError, nulCharacterPath, withoutNul } from './validate';

describe('the NUL character is refused at the schema (PostgreSQL cannot store it; both engines answer alike)', () => {
  const schema = withoutNul(z.object({ text: z.string().trim(), tags: z.array(z.string()), extra: z.record(z.string(), z.string()).optional() }).strict());

  it('names where the NUL character is, in a value or a key, at any depth', () => {
    expect(nulCharacterPath({ a: ['x', { b: 'y\u0000z' }] })).toEqual(['a', 1, 'b']);
    expect(nulCharacterPath({ 'k\u0000': 'v' })).toEqual(['k\\u0000']);
    expect(nulCharacterPath('\u0000')).toEqual([]);
    expect(nulCharacterPath({ a: 'no NUL here', b: [1, null, true] })).toBeNull();
  });

  it('refuses a payload holding it with a message saying where, and lets everything else through unchanged', () => {
    const refused = schema.safeParse({ text: 'hello\u0000', tags: [] });
    expect(refused.success).toBe(false);
    expect(describeZodError(refused.error!)).toBe('text: must not contain the NUL character (U+0000)');
    expect(describeZodError(schema.safeParse({ text: 'ok', tags: ['a', '\u0000'] }).error!)).toBe('tags.1: must not contain the NUL character (U+0000)');
    expect(schema.safeParse({ text: ' hello ', tags: ['\u202e'] })).toEqual({ success: true, data: { text: 'hello', tags: ['\u202e'] } });
  });
});
