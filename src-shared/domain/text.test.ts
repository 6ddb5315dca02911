import { describe, expect, it } from 'vitest';
import { cleanName } from './text';

describe('cleanName (issue 18 #8)', () => {
  it('removes what shows nothing: zero-width characters, joiners between letters, soft hyphens, fillers, direction controls', () => {
    expect(cleanName('UNKNOWN\u200b USER')).toBe('UNKNOWN USER');
    expect(cleanName('Ali\u200dce \u2060Ng\u00aduyen')).toBe('Alice Nguyen');
    expect(cleanName('\u3164')).toBe('');
    expect(cleanName('\u200b\u200c\u200d\ufeff')).toBe('');
    expect(cleanName('invoice_gpj.\u202eexe')).toBe('invoice_gpj.exe');
    expect(cleanName('a\u{E0041}b')).toBe('ab');
  });

  it('keeps what invisible characters do where they belong: emoji sequences, Persian and Indic joins, emoji presentation, flags', () => {
    expect(cleanName('👨\u200d👩\u200d👧 family')).toBe('👨\u200d👩\u200d👧 family');
    expect(cleanName('می\u200cخواهم')).toBe('می\u200cخواهم');
    expect(cleanName('❤\ufe0f team')).toBe('❤\ufe0f team');
    const scotland = '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';
    expect(cleanName(`${scotland} Scots`)).toBe(`${scotland} Scots`);
  });

  it('puts a name on one line, with single spaces, trimmed, in NFC', () => {
    expect(cleanName('  line\nbreak\t\ttab\u2028sep\u3000wide  ')).toBe('line break tab sep wide');
    expect(cleanName('e\u0301')).toBe('é');
  });
});
