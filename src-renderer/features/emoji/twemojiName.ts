/**
 * Where Twemoji's picture of an emoji is: electron.vite.config.ts ships @twemoji/svg's files as
 * `emoji/<name>.svg`. e2e/emojiPictures.test.ts checks every emoji the app offers has one.
 */

/** Joined sequences whose picture Twemoji stores without U+FE0F (every other keeps it). */
const storedWithoutSelectors = new Set(['1f441-fe0f-200d-1f5e8-fe0f']);

/** Twemoji's file name for an emoji: its code points in hex, without U+FE0F unless it joins others (U+200D). */
export function twemojiName(emoji: string): string {
  const points = [...emoji].map((character) => character.codePointAt(0)!.toString(16));
  const name = (emoji.includes('\u200d') ? points : points.filter((point) => point !== 'fe0f')).join('-');
  return storedWithoutSelectors.has(name) ? name.replace(/-fe0f/g, '') : name;
}
