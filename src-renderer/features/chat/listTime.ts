import { formatDate } from '../time/dateTimeFormat';

/**
 * When a conversation's last message came, as a list shows it (SPEC 9): `2:05 PM` today,
 * `Yesterday`, a weekday within the last week, `Nov 20` this year, `Nov 20, 2025` before.
 */
export function listTime(date: Date, now = new Date(), locale?: string): string {
  const startOfDay = (day: Date) => new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime();
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days <= 0) return formatDate(date, { hour: 'numeric', minute: '2-digit' }, locale);
  if (days === 1) return 'Yesterday';
  if (days < 7) return formatDate(date, { weekday: 'short' }, locale);
  return formatDate(date, { month: 'short', day: 'numeric', ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) }, locale);
}
