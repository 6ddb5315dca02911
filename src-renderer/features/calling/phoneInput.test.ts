import { describe, expect, it } from 'vitest';
import { formatAsYouType } from './phoneInput';

describe('formatAsYouType', () => {
  it.each([
    ['4155550101', '', '(415) 555-0101'],
    ['4155550', '415555', '(415) 555-0'],
    ['14155550101', '', '1 (415) 555-0101'],
    ['+14155550101', '', '+1 415 555 0101'],
    ['1201', '120', '1201'],
    ['(415) 555-010', '(415) 555-0101', '(415) 555-010'],
    ['Bella', 'Bell', 'Bella'],
  ])('%j after %j reads %j', (next, previous, expected) => expect(formatAsYouType(next, previous)).toBe(expected));
});
