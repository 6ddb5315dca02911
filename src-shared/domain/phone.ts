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

/**
 * The digits of a query made only of a phone number's characters ("(415) 555-01" → 41555501,
 * a leading 1 of 11 digits dropped), or null when the query is not a number: search matches
 * such a query against numbers, by digits.
 */
export function phoneDigitsQuery(query: string): string | null {
  const trimmed = query.trim();
  if (!/\d/.test(trimmed) || !/^[\d\s().+-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

/** Which of a person's numbers a search by digits found, to show beside the person. */
export interface MatchedNumber {
  kind: 'phone' | 'mobile' | 'extension';
  /** As people read it: `(415) 555-0301`, or the extension's digits. */
  display: string;
}

/**
 * The number a search by digits matched, by the same rule as search itself: a prefix of the
 * 10 national digits or of the 7-digit local part, or of the extension (own account only, so
 * `extension` is null for anyone else).
 */
export function matchedNumber(query: string, numbers: { phone: string | null; mobile: string | null; extension: string | null }): MatchedNumber | null {
  const digits = phoneDigitsQuery(query);
  if (!digits) return null;
  for (const kind of ['phone', 'mobile'] as const) {
    const number = numbers[kind];
    if (!number) continue;
    const national = nationalDigits(number);
    if (national.startsWith(digits) || (national.length === 10 && national.slice(3).startsWith(digits))) return { kind, display: formatPhone(number) };
  }
  if (numbers.extension?.startsWith(digits)) return { kind: 'extension', display: numbers.extension };
  return null;
}
