/** Phone numbers as people read and type them, on libphonenumber-js. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * Normalizes a 10-digit North American number in any common form to E.164 (`+14155550101`),
 * or returns null when it is not one valid per libphonenumber-js.
 */
export function toNorthAmericanE164(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[+\d\s().-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (national.length !== 10) return null;
  if (trimmed.startsWith('+') && !(digits.length === 11 && digits.startsWith('1'))) return null;
  const parsed = parsePhoneNumberFromString(national, 'US');
  if (!parsed || parsed.countryCallingCode !== '1' || !parsed.isValid()) return null;
  return parsed.number;
}

/** `+14155550101` → `(415) 555-0101`; anything else is returned as it is. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (parsed?.countryCallingCode === '1') return parsed.formatNational();
  return parsed ? parsed.formatInternational() : e164;
}

/** The digits of a number without its country code, as search matches them (`4155550101`). */
export function nationalDigits(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}
