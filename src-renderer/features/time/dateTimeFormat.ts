/**
 * Dates and times in the viewer's words, through `Intl.DateTimeFormat`s made once and kept.
 *
 * `Date.prototype.toLocaleTimeString(locale, options)` and its kin build a new formatter (its
 * locale data, its pattern) on every call: about 65 µs each in V8, against about 1 µs for
 * `format` on a kept one. A message row asks for two (its time, and the full moment on hover),
 * so a log of a few hundred messages spent tens of milliseconds on formatters each time it
 * rendered: a profile of one chat (two people, twenty messages) found 18% of the renderer's
 * script time in them.
 */

const kept = new Map<string, Intl.DateTimeFormat>();
/** The formats the app asks for are a handful; time zones (a contact card's) are a few hundred at most. Past this, start again. */
export const mostKept = 500;

/** A formatter for `locale` (the viewer's own when undefined) and `options`, made once. */
export function dateTimeFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}\u0000${JSON.stringify(options)}`;
  let format = kept.get(key);
  if (!format) {
    if (kept.size >= mostKept) kept.clear();
    format = new Intl.DateTimeFormat(locale, options);
    kept.set(key, format);
  }
  return format;
}

/** `date` written with `options`, as `date.toLocaleString(locale, options)` would write it. */
export function formatDate(date: Date, options: Intl.DateTimeFormatOptions, locale?: string): string {
  return dateTimeFormat(locale, options).format(date);
}
