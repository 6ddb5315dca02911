import { describe, expect, it } from 'vitest';
import { clearAfterChoices, statusClearsAt } from './statusClear';

describe('statusClearsAt', () => {
  // A Wednesday afternoon on the local clock.
  const now = new Date(2026, 11, 9, 15, 4);

  it('counts minutes and hours from now, and Never is null', () => {
    expect(statusClearsAt('never', now)).toBeNull();
    expect(Date.parse(statusClearsAt('30m', now)!) - now.getTime()).toBe(30 * 60_000);
    expect(Date.parse(statusClearsAt('1h', now)!) - now.getTime()).toBe(60 * 60_000);
    expect(Date.parse(statusClearsAt('4h', now)!) - now.getTime()).toBe(4 * 60 * 60_000);
  });

  it('Today ends at the next local midnight; This week at the local midnight that starts Monday', () => {
    expect(new Date(statusClearsAt('today', now)!)).toEqual(new Date(2026, 11, 10));
    expect(new Date(statusClearsAt('week', now)!)).toEqual(new Date(2026, 11, 14));
    // Set on a Monday: the week is that one, to the next Monday.
    expect(new Date(statusClearsAt('week', new Date(2026, 11, 14, 9))!)).toEqual(new Date(2026, 11, 21));
    // Set on a Sunday evening: the next day.
    expect(new Date(statusClearsAt('week', new Date(2026, 11, 13, 22))!)).toEqual(new Date(2026, 11, 14));
  });

  it('every choice is within the eight days the server accepts', () => {
    for (const choice of clearAfterChoices) {
      const at = statusClearsAt(choice, now);
      if (at) expect(Date.parse(at) - now.getTime()).toBeLessThanOrEqual(8 * 24 * 60 * 60_000);
    }
  });
});
