import { describe, expect, it } from 'vitest';
import { formatAsYouType } from './phoneInput';

describe('formatAsYouType', () => {
  it.each([
    ['4155550101', '', '(415) 555-0101'],
    ['4155550', '415555', '415-5550'],
    ['5550101', '555010', '555-0101'],
    ['555-01011', '555-0101', '(555) 010-11'],
    ['14155550101', '', '1 (415) 555-0101'],
    ['1415555', '141555', '1 (415) 555'],
    ['+14155550101', '', '+1 415 555 0101'],
    ['1201', '120', '1201'],
    ['(415) 555-010', '(415) 555-0101', '(415) 555-010'],
    ['Bella', 'Bell', 'Bella'],
  ])('%j after %j reads %j', (next, previous, expected) => expect(formatAsYouType(next, previous)).toBe(expected));
});
