/** plainTextOf: a message's words as the log shows them, for one-line excerpts (Pinned messages). */
import { describe, expect, it } from 'vitest';
import { plainTextOf } from './markdown';

describe('plainTextOf', () => {
  it('drops the marks of quotes, emphasis, code and lists, and keeps the words', () => {
    expect(plainTextOf('> Vendor signed **today**, see `v2`')).toBe('Vendor signed today, see v2');
    expect(plainTextOf('Agenda:\n1. budget\n2. _hiring_')).toBe('Agenda: budget hiring');
    expect(plainTextOf('line one\nline two')).toBe('line one line two');
  });

  it('keeps a link’s words and a plain @mention as written', () => {
    expect(plainTextOf('ask [the wiki](https://example.com/w) or @Alice Nguyen')).toBe('ask the wiki or @Alice Nguyen');
  });

  it('returns a text the parser gives up on as written', () => {
    const deep = `${'>'.repeat(5_000)} x`;
    expect(plainTextOf(deep)).toBe(deep);
  });
});
