/**
 * Emoji as Meridian accepts them: exactly one emoji of Unicode's recommended set (RGI), the
 * same rule for a reaction's key on the server, in a seed file and in the picker. The
 * variation selector U+FE0F is kept only where the recommended form has it (`❤️`, not `👍️`),
 * so one emoji is always one key, however a keyboard or a data set spelled it.
 */

// Built at run time: `\p{RGI_Emoji}` needs the `v` flag, which the compile target does not know.
const oneEmoji = new RegExp('^\\p{RGI_Emoji}$', 'v');
/** Every emoji in a text, in order. */
const everyEmoji = new RegExp('\\p{RGI_Emoji}', 'gv');

/** The longest emoji sequence Unicode has is far shorter; anything longer is not one emoji. */
export const maxEmojiLength = 32;

/** The emoji in its recommended form, or null when the text is not exactly one emoji. */
export function normalizeEmoji(text: string): string | null {
  if (text.length === 0 || text.length > maxEmojiLength) return null;
  if (oneEmoji.test(text)) return text;
  const withoutSelectors = text.replace(/\uFE0F/g, '');
  if (oneEmoji.test(withoutSelectors)) return withoutSelectors;
  // A character that is text by default (❤) is an emoji with the selector after it (❤️).
  const withSelector = `${withoutSelectors}\uFE0F`;
  if ([...withoutSelectors].length === 1 && oneEmoji.test(withSelector)) return withSelector;
  return null;
}

/** A text cut into plain runs and emoji, in order (the renderer draws each emoji as a bundled picture). */
export function splitEmoji(text: string): Array<{ emoji: boolean; text: string }> {
  const parts: Array<{ emoji: boolean; text: string }> = [];
  let at = 0;
  for (const match of text.matchAll(everyEmoji)) {
    if (match.index > at) parts.push({ emoji: false, text: text.slice(at, match.index) });
    parts.push({ emoji: true, text: match[0] });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push({ emoji: false, text: text.slice(at) });
  return parts;
}
