/** The dialer's "format as you type", on libphonenumber-js's AsYouType. */
import { AsYouType } from 'libphonenumber-js/min';

/**
 * Formats what was typed as a North American number. Leaves alone what could still be an
 * extension (up to 6 digits), anything with other characters (the parser will say why), and
 * deletions (re-formatting would put back the bracket just deleted). Seven digits read as a
 * local number (`555-0101`), not as the start of an area code (`(555) 010-1`).
 */
export function formatAsYouType(next: string, previous: string): string {
  if (next.length < previous.length) return next;
  if (!/^[\d\s().+-]*$/.test(next)) return next;
  const digits = next.replace(/\D/g, '');
  const international = next.trim().startsWith('+');
  if (!international && digits.length <= 6) return digits;
  if (!international && digits.length === 7 && !digits.startsWith('1')) return `${digits.slice(0, 3)}-${digits.slice(3)}`;
  return new AsYouType('US').input(next);
}
