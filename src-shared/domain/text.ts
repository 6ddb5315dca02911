/** Text people give as names (channels, people, meetings, status messages), cleaned before anyone else sees it. */

/**
 * Unicode's bidirectional formatting controls (embeddings, overrides, isolates and the
 * implicit marks): in a name they can make `gpj.exe` read as `exe.jpg` or reorder a link, and
 * a name never needs them.
 */
const bidiControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text without bidirectional formatting controls. */
export function stripBidiControls(text: string): string {
  return text.replace(bidiControls, '');
}

/**
 * Characters that show nothing (Unicode's default-ignorable code points: zero-width spaces and
 * joiners, word joiners, soft hyphens, invisible operators, Hangul fillers, variation selectors,
 * tags) and the bidi controls: a name of them looks like another name, or like none.
 */
const invisible = /[\p{Default_Ignorable_Code_Point}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Control characters, line and paragraph separators, and runs of spaces of any kind: one space in a name. */
const breaks = /[\p{Cc}\p{Zl}\p{Zp}\p{Zs}]+/gu;
/** Where an invisible character does something: joins emoji (ZWJ), keeps letters apart (ZWNJ), picks an emoji's look (variation selectors), spells a flag (tags). */
const pictographic = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{E0020}-\u{E007F}]|\uFE0F/u;
const letter = /[\p{L}\p{M}]/u;

/** Whether the invisible character at `index` of `text` does something where it stands (see `pictographic` and `letter`). */
function meaningful(text: readonly string[], index: number): boolean {
  const character = text[index]!;
  const before = text[index - 1] ?? '';
  const after = text[index + 1] ?? '';
  if (character === '\u200d') return pictographic.test(before) && pictographic.test(after);
  if (character === '\u200c') return letter.test(before) && letter.test(after);
  if (/[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u.test(character)) return before !== '' && !invisible.test(before) && !/\s/u.test(before);
  if (/[\u{E0020}-\u{E007F}]/u.test(character)) return before === '\u{1F3F4}' || /[\u{E0020}-\u{E007F}]/u.test(before);
  return false;
}

/**
 * A name others will read, as it is stored and shown (issue 18 #8): in NFC, on one line, without
 * the characters that show nothing (but those that join an emoji, keep two letters apart, pick an
 * emoji's look or spell a flag), runs of spaces as one, trimmed.
 */
export function cleanName(text: string): string {
  // A NUL character stays, so the schema refuses the whole name (validate.ts: both engines alike) rather than this quietly mending it.
  const characters = [...text.normalize('NFC').replace(breaks, (run) => (run.includes('\u0000') ? '\u0000' : ' '))];
  const kept = characters.filter((character, index) => !invisible.test(character) || meaningful(characters, index));
  return kept.join('').replace(/ {2,}/g, ' ').trim();
}
