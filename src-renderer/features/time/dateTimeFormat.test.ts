import { describe, expect, it } from 'vitest';
import { dateTimeFormat, formatDate, mostKept } from './dateTimeFormat';

describe('dateTimeFormat', () => {
  const at = new Date(2026, 11, 7, 14, 5);

  it('writes what toLocaleString writes, for every format the app asks for', () => {
    const formats: Intl.DateTimeFormatOptions[] = [
      { hour: 'numeric', minute: '2-digit' },
      { month: 'short', day: 'numeric' },
      { month: 'short', day: 'numeric', year: 'numeric' },
      { weekday: 'short' },
      { weekday: 'long', month: 'long', day: 'numeric' },
      { dateStyle: 'full', timeStyle: 'short' },
      { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
      { timeZone: 'Asia/Kathmandu', hour: 'numeric', minute: '2-digit' },
    ];
    for (const options of formats) {
      expect(formatDate(at, options, 'en-US')).toBe(at.toLocaleString('en-US', options));
      expect(formatDate(at, options)).toBe(at.toLocaleString(undefined, options));
    }
  });

  it('makes a formatter once per locale and options, and another for other ones', () => {
    const first = dateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });
    expect(dateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' })).toBe(first);
    expect(dateTimeFormat('de-DE', { hour: 'numeric', minute: '2-digit' })).not.toBe(first);
    expect(dateTimeFormat('en-US', { hour: 'numeric' })).not.toBe(first);
    expect(formatDate(at, { hour: 'numeric', minute: '2-digit' }, 'de-DE')).toBe('14:05');
  });

  it('refuses a time zone that does not exist, as Intl does, and keeps nothing of it', () => {
    expect(() => dateTimeFormat('en-US', { timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
    expect(() => dateTimeFormat('en-US', { timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
  });

  it('keeps a bounded number of formatters, however many time zones pass through', () => {
    const first = dateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });
    const asked = Intl.supportedValuesOf('timeZone').flatMap((timeZone) => [{ timeZone, hour: 'numeric' as const }, { timeZone, minute: 'numeric' as const }]);
    expect(asked.length).toBeGreaterThan(mostKept);
    for (const options of asked) expect(formatDate(at, options, 'en-US')).toBe(at.toLocaleString('en-US', options));
    // The first was let go when the store was full, and is made again, right.
    const again = dateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });
    expect(again).not.toBe(first);
    expect(again.format(at)).toBe('2:05 PM');
  });
});
