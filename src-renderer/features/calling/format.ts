import { formatDate } from '../time/dateTimeFormat';

/** Times and durations as the calling and meeting lists show them. */

/** `2:05`, or `1:02:05` past an hour. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** A moment in the viewer's own time zone, e.g. `Nov 20, 2:00 PM`. */
export function formatWhen(iso: string): string {
  return formatDate(new Date(iso), { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** A meeting's moment in the viewer's own time zone, named so no one wonders whose: `Tue, Nov 24, 3:00 PM PST`. */
export function formatMeetingStart(iso: string): string {
  return formatDate(new Date(iso), { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
}

/** The viewer's own time zone as the platform names it, e.g. `America/Los_Angeles`. */
export function ownTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
