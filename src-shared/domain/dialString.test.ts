import { describe, expect, it } from 'vitest';
import { findPhoneNumbersInText } from 'libphonenumber-js/min';
import { findDialableNumbers, parseDialString, type DialRefusalReason } from './dialString';

/** The caller's own account has extensions 1201 (Alice) and 1202 (Brian); 2202 exists only in another account. */
const ownExtensions: Record<string, string> = { '1201': 'nw-alice', '1202': 'nw-brian', '120': 'nw-desk', '120345': 'nw-lab' };
const findOwnExtension = (extension: string) => ownExtensions[extension] ?? null;

const numbers: Array<[string, string]> = [
  ['4155550101', '+14155550101'],
  ['(415) 555-0101', '+14155550101'],
  ['(415)555-0101', '+14155550101'],
  ['415-555-0101', '+14155550101'],
  ['415.555.0101', '+14155550101'],
  ['415 555 0101', '+14155550101'],
  ['1 415 555 0101', '+14155550101'],
  ['1-415-555-0101', '+14155550101'],
  ['14155550101', '+14155550101'],
  ['1 (415) 555-0101', '+14155550101'],
  ['+1 415 555 0101', '+14155550101'],
  ['+14155550101', '+14155550101'],
  ['+1-415-555-0101', '+14155550101'],
  ['+1 (415) 555-0101', '+14155550101'],
  ['  415 555 0101  ', '+14155550101'],
  ['212 555 0142', '+12125550142'],
  ['(212) 555-0141', '+12125550141'],
  ['1 800 555 0199', '+18005550199'],
  ['617.555.0161', '+16175550161'],
  ['+1 416 555 0101', '+14165550101'],
  ['876 555 0123', '+18765550123'],
];

const extensions: Array<[string, string]> = [
  ['1201', 'nw-alice'],
  ['1202', 'nw-brian'],
  ['120', 'nw-desk'],
  ['120345', 'nw-lab'],
];

const refusals: Array<[string, DialRefusalReason]> = [
  ['011 1 415 555 0101', 'international'],
  ['011 44 20 7946 0958', 'international'],
  ['', 'empty'],
  ['   ', 'empty'],
  ['2202', 'unknown-extension'],
  ['3301', 'unknown-extension'],
  ['999999', 'unknown-extension'],
  ['12', 'too-short'],
  ['5550101', 'seven-digit'],
  ['555-0101', 'seven-digit'],
  ['415555010', 'too-short'],
  ['24155550101', 'too-long'],
  ['41555501011', 'too-long'],
  ['+1 415 555 01011', 'too-long'],
  ['001 415 555 0101', 'too-long'],
  ['+44 20 7946 0958', 'international'],
  ['011 44 20 7946 0958', 'international'],
  ['+52 55 1234 5678', 'international'],
  ['+33 1 23 45 67 89', 'international'],
  ['abc', 'letters'],
  ['1-800-FLOWERS', 'letters'],
  ['4155550101x12', 'letters'],
  ['ext 1201', 'letters'],
  ['415#555#0101', 'characters'],
  ['415*555', 'characters'],
  ['0155550101', 'invalid'],
  ['(415) 055-0101', 'invalid'],
  ['+1 555 555 0101', 'invalid'],
];

describe('parseDialString', () => {
  it.each(numbers)('dials %j as %s', (input, e164) => {
    expect(parseDialString(input, { findOwnExtension })).toEqual({ ok: true, target: { kind: 'number', e164 } });
  });

  it.each(extensions)('dials extension %s of the own account (%s)', (input, userId) => {
    expect(parseDialString(input, { findOwnExtension })).toEqual({ ok: true, target: { kind: 'extension', extension: input, userId } });
  });

  it.each(refusals)('refuses %j (%s), saying what is accepted', (input, reason) => {
    const result = parseDialString(input, { findOwnExtension });
    expect(result).toMatchObject({ ok: false, reason });
    expect(result.ok ? '' : result.message).toContain('10-digit');
    expect(result.ok ? '' : result.message).toContain('Extensions work only inside your own account.');
  });

  it('leaves an extension to the backend when it has no lookup (the client)', () => {
    expect(parseDialString('2202')).toEqual({ ok: true, target: { kind: 'extension', extension: '2202', userId: null } });
  });

  it('says which extension matched no one, and to dial a 10-digit number', () => {
    const result = parseDialString('2202', { findOwnExtension });
    expect(result.ok ? '' : result.message).toBe('No one in your account has extension 2202. Dial a 10-digit number, like (415) 555-0101. Extensions work only inside your own account.');
  });

  it('covers at least 40 dial strings', () => expect(numbers.length + extensions.length + refusals.length).toBeGreaterThanOrEqual(40));
});

describe('findDialableNumbers', () => {
  it('finds the 10-digit numbers in a message, and only those', () => {
    const text = 'Call me at (415) 555-0101 or +1 212 555 0141, not +44 20 7946 0958 or 555-0101.';
    const found = findDialableNumbers(text);
    expect(found.map((number) => number.e164)).toEqual(['+14155550101', '+12125550141']);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe('(415) 555-0101');
  });

  it('finds what libphonenumber-js finds, also where it skips texts of fewer than ten digits', () => {
    const texts = ['3 pm works', 'room 12, 555-0101', 'call ４１５５５５０１２３ now', 'call ٤١٥٥٥٥٠١٢٣', '(415) 555-010', '(415) 555-0101', '415 555 0101 x12', '1-800-FLOWERS'];
    for (const text of texts) {
      const everyFound = findPhoneNumbersInText(text, 'US').flatMap((found) => {
        const result = parseDialString(text.slice(found.startsAt, found.endsAt));
        return result.ok && result.target.kind === 'number' ? [result.target.e164] : [];
      });
      expect(findDialableNumbers(text).map((number) => number.e164), text).toEqual(everyFound);
    }
    expect(findDialableNumbers('(415) 555-0101').map((number) => number.e164)).toEqual(['+14155550101']);
  });

  it('answers at once for a long text of digits that never make ten', () => {
    const text = `${'٤ '.repeat(9)}${'x'.repeat(200_000)}`;
    // A backtracking pattern tried first, /(?:\p{Nd}\D*){10}/u, took 2.2 s on this text; the count takes about a millisecond,
    // so even a machine many times busier does not come near the limit.
    const started = performance.now();
    expect(findDialableNumbers(text)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
