/**
 * What may be dialed (SPEC 3): one parser for the dialer, every call button and the backend.
 * Number rules come from libphonenumber-js; the only rule of our own is that an extension is
 * 3 to 6 digits and belongs to someone in the caller's own account.
 */
import { findPhoneNumbersInText, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/min';

/** What the accepted part of every refusal says. */
export const DIAL_HINT = 'Dial a 10-digit number, like (415) 555-0101. Extensions work only inside your own account.';

/** Where a dial string leads: a North American number, or an extension of the caller's own account. */
export type DialTarget =
  | { kind: 'number'; /** E.164, e.g. `+14155550101`. */ e164: string }
  | {
      kind: 'extension';
      extension: string;
      /** The own-account user who has it; null when the parser was given no lookup (the client: the backend decides). */
      userId: string | null;
    };

/** Why a dial string was refused. */
export type DialRefusalReason =
  | 'empty'
  | 'letters'
  | 'characters'
  | 'too-short'
  | 'seven-digit'
  | 'too-long'
  | 'international'
  | 'invalid'
  | 'unknown-extension';

export type DialResult = { ok: true; target: DialTarget } | { ok: false; reason: DialRefusalReason; message: string };

export interface DialOptions {
  /**
   * Finds the user of the caller's own account with this extension (their id), or null. Without
   * it, 3–6 digits parse as an extension to be checked by whoever knows the account (the backend).
   */
  findOwnExtension?: (extension: string) => string | null;
}

const refuse = (reason: DialRefusalReason, problem: string): DialResult => ({ ok: false, reason, message: `${problem} ${DIAL_HINT}` });

export function parseDialString(input: string, options: DialOptions = {}): DialResult {
  const text = input.trim();
  if (text === '') return refuse('empty', 'Enter a number to call.');
  if (/\p{L}/u.test(text)) return refuse('letters', 'Phone numbers cannot contain letters.');
  if (!/^[+\d\s().-]+$/.test(text)) return refuse('characters', `“${text}” is not a phone number.`);

  if (/^\d{3,6}$/.test(text)) {
    if (!options.findOwnExtension) return { ok: true, target: { kind: 'extension', extension: text, userId: null } };
    const userId = options.findOwnExtension(text);
    if (userId) return { ok: true, target: { kind: 'extension', extension: text, userId } };
    return refuse('unknown-extension', `No one in your account has extension ${text}.`);
  }

  const digits = text.replace(/\D/g, '');
  // 011 is the international call prefix from North America: international, whatever follows.
  if (digits.startsWith('011') && !text.startsWith('+')) return refuse('international', 'International numbers cannot be dialed.');
  // libphonenumber-js reads "+…" and "011…" as international, and anything else as a US number.
  const parsed = parsePhoneNumberFromString(text, 'US');
  if (parsed && parsed.countryCallingCode !== '1') return refuse('international', 'International numbers cannot be dialed.');
  const length = validatePhoneNumberLength(text, 'US');
  if (length === 'TOO_SHORT') {
    return digits.length === 7 ? refuse('seven-digit', 'A 7-digit number needs its area code.') : refuse('too-short', 'That number is too short.');
  }
  if (length === 'TOO_LONG') return refuse('too-long', 'That number is too long.');
  if (!parsed || !parsed.isValid() || parsed.nationalNumber.length !== 10) return refuse('invalid', `${text} is not a valid North American number.`);
  return { ok: true, target: { kind: 'number', e164: parsed.number } };
}

/** A phone number found in free text (a chat message) that may be dialed. */
export interface NumberInText {
  /** Where it is in the text: `text.slice(start, end)`. */
  start: number;
  end: number;
  e164: string;
}

/** Whether a text holds ten decimal digits, of any script libphonenumber-js reads (fullwidth, Arabic-Indic…); one pass, no backtracking. */
function hasTenDigits(text: string): boolean {
  let count = 0;
  for (const _digit of text.matchAll(/\p{Nd}/gu)) if (++count === 10) return true;
  return false;
}

/** The 10-digit North American numbers in a text, found by libphonenumber-js and accepted by the dial rules. */
export function findDialableNumbers(text: string): NumberInText[] {
  // A dialable number has ten digits, so a text with fewer has none: most messages are such, and
  // libphonenumber-js took ~110 µs to say so of each (a message row asks when it first renders).
  if (!hasTenDigits(text)) return [];
  return findPhoneNumbersInText(text, 'US').flatMap((found) => {
    const result = parseDialString(text.slice(found.startsAt, found.endsAt));
    return result.ok && result.target.kind === 'number' ? [{ start: found.startsAt, end: found.endsAt, e164: result.target.e164 }] : [];
  });
}
