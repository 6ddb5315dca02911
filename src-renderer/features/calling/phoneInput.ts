/** The dialer's "format as you type", on libphonenumber-js's AsYouType. */
import { AsYouType } from 'libphonenumber-js/min';

/**
 * Formats what was typed as a North American number. Leaves alone what could still be an
 * extension (up to 6 digits), anything with other characters (the parser will say why), and
 * deletions (re-formatting would put back the bracket just deleted).
 */
export function formatAsYouType(next: string, previous: string): string {
  if (next.length < previous.length) return next;
  if (!/^[\d\s().+-]*$/.test(next)) return next;
  const digits = next.replace(/\D/g, '');
  if (!next.trim().startsWith('+') && digits.length <= 6) return digits;
  return new AsYouType('US').input(next);
}
