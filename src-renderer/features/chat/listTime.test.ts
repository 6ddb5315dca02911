import { describe, expect, it } from 'vitest';
import { listTime } from './listTime';

describe('listTime', () => {
  const now = new Date(2026, 11, 7, 10, 0);
  it('says the time today, Yesterday, the weekday this week, the date before', () => {
    expect(listTime(new Date(2026, 11, 7, 8, 5), now, 'en-US')).toBe('8:05 AM');
    expect(listTime(new Date(2026, 11, 6, 23, 59), now, 'en-US')).toBe('Yesterday');
    expect(listTime(new Date(2026, 11, 3, 12, 0), now, 'en-US')).toBe('Thu');
    expect(listTime(new Date(2026, 10, 20, 15, 0), now, 'en-US')).toBe('Nov 20');
    expect(listTime(new Date(2025, 10, 20, 15, 0), now, 'en-US')).toBe('Nov 20, 2025');
  });
});
