import { describe, expect, it } from 'vitest';
import { localTime, offsetMinutes } from './localTime';

// 2026-12-07 15:04 UTC: winter in the north (no daylight saving in New York or Paris).
const at = new Date('2026-12-07T15:04:00Z');

describe('local time on a card', () => {
  it('shows only the time when the person is in the viewer’s zone (or one with the same offset)', () => {
    expect(localTime('Europe/Paris', 'Europe/Paris', at, 'en-US')).toEqual({ time: '4:04 PM', difference: null });
    expect(localTime('Europe/Berlin', 'Europe/Paris', at, 'en-US')).toEqual({ time: '4:04 PM', difference: null });
  });

  it('says where and how far otherwise, half and quarter hours included', () => {
    expect(localTime('Asia/Kathmandu', 'UTC', at, 'en-US')).toEqual({ time: '8:49 PM', difference: 'Kathmandu (GMT+5:45), 5 h 45 min ahead' });
    expect(localTime('America/New_York', 'Europe/Paris', at, 'en-US')).toEqual({ time: '10:04 AM', difference: 'New York (GMT-5), 6 h behind' });
    expect(localTime('America/St_Johns', 'America/Halifax', at, 'en-US')).toEqual({ time: '11:34 AM', difference: 'St Johns (GMT-3:30), 30 min ahead' });
  });

  it('follows daylight saving', () => {
    expect(offsetMinutes('America/New_York', new Date('2026-07-01T12:00:00Z'))).toBe(-240);
    expect(offsetMinutes('America/New_York', at)).toBe(-300);
    expect(offsetMinutes('UTC', at)).toBe(0);
  });
});
