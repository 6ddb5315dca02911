/**
 * A person's local time as their card shows it (SPEC 9): `3:04 PM`, and where their time zone
 * differs from the viewer's, where and how far (`Kathmandu (GMT+5:45), 4 h 45 min ahead`).
 */
import { dateTimeFormat, formatDate } from '../time/dateTimeFormat';

/** Minutes east of UTC of `timeZone` at `at` (daylight saving included). */
export function offsetMinutes(timeZone: string, at: Date): number {
  const name = dateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(name);
  if (!match?.[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

function describeOffset(minutes: number): string {
  if (minutes === 0) return 'GMT';
  const sign = minutes > 0 ? '+' : '-';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `GMT${sign}${hours}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

function describeDifference(minutes: number): string {
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  const amount = [hours ? `${hours} h` : '', rest ? `${rest} min` : ''].filter(Boolean).join(' ');
  return `${amount} ${minutes > 0 ? 'ahead' : 'behind'}`;
}

export interface LocalTime {
  /** The time there, as the viewer's locale writes times. */
  time: string;
  /** Where and how far, when it is not the viewer's own time; null when it is. */
  difference: string | null;
}

/** The local time of a person in `timeZone`, for a viewer in `viewerTimeZone`, at `now`. */
export function localTime(timeZone: string, viewerTimeZone: string, now: Date, locale?: string): LocalTime {
  const time = formatDate(now, { timeZone, hour: 'numeric', minute: '2-digit' }, locale);
  const theirs = offsetMinutes(timeZone, now);
  const difference = theirs - offsetMinutes(viewerTimeZone, now);
  if (difference === 0) return { time, difference: null };
  const place = timeZone.split('/').at(-1)!.replaceAll('_', ' ');
  return { time, difference: `${place} (${describeOffset(theirs)}), ${describeDifference(difference)}` };
}
