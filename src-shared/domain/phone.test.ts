import { describe, expect, it } from 'vitest';
import { formatPhone, matchedNumber, nationalDigits, toNorthAmericanE164 } from './phone';

describe('toNorthAmericanE164', () => {
  it.each(['4155550101', '(415) 555-0101', '415-555-0101', '415.555.0101', '1 415 555 0101', '+1 415 555 0101', '+14155550101'])(
    'accepts %s',
    (input) => expect(toNorthAmericanE164(input)).toBe('+14155550101'),
  );
  it.each(['5550101', '24155550101', '+44 20 7946 0958', 'abc', '', '415555010', '0155550101'])('refuses %s', (input) =>
    expect(toNorthAmericanE164(input)).toBeNull(),
  );
});

describe('formatPhone', () => {
  it('formats a North American number as people write it', () => expect(formatPhone('+14155550101')).toBe('(415) 555-0101'));
  it('gives the digits search matches', () => expect(nationalDigits('+14155550101')).toBe('4155550101'));
});

describe('matchedNumber', () => {
  const alice = { phone: '+14155550101', mobile: '+14155550301', extension: '1201' };
  it.each([
    ['4155550101', { kind: 'phone', display: '(415) 555-0101' }],
    ['(415) 555-03', { kind: 'mobile', display: '(415) 555-0301' }],
    ['555-0301', { kind: 'mobile', display: '(415) 555-0301' }],
    ['1 415 555 0101', { kind: 'phone', display: '(415) 555-0101' }],
    ['120', { kind: 'extension', display: '1201' }],
    ['999', null],
    ['Alice', null],
  ])('%j matches %j', (query, expected) => expect(matchedNumber(query, alice)).toEqual(expected));
  it('never matches an extension it was not given', () => expect(matchedNumber('1201', { ...alice, extension: null })).toBeNull());
});
