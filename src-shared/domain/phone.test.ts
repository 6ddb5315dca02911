import { describe, expect, it } from 'vitest';
import { formatPhone, nationalDigits, toNorthAmericanE164 } from './phone';

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
