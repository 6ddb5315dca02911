/**
 * The emoji the app offers, from Emojibase's English data (names, keywords, categories, Unicode
 * versions: those Twemoji draws, up to Emoji 15.0) and its
 * GitHub shortcodes (`:thumbsup:`, `:+1:`, `:tada:`, as Slack and GitHub people type them).
 * Loaded when first needed (the picker opens, or `:` is typed), never with the app: the data
 * is a chunk of its own.
 */
import { normalizeEmoji } from '../../../src-shared/domain/emoji';

/** One emoji as the picker and completion offer it. */
export interface EmojiEntry {
  /** In its recommended form: what a reaction or a message carries. */
  emoji: string;
  /** Its CLDR name, e.g. `thumbs up`: what the picker names it by. */
  name: string;
  shortcodes: string[];
  keywords: string[];
  group: number;
}

/** Emojibase's categories, in its order; Component (skin tones alone) is not offered. */
export const emojiGroups = ['Smileys & emotion', 'People & body', 'Components', 'Animals & nature', 'Food & drink', 'Travel & places', 'Activities', 'Objects', 'Symbols', 'Flags'];
const componentGroup = 2;
/** The newest Emoji version whose pictures @twemoji/svg has. */
const newestDrawnVersion = 15;

let loading: Promise<EmojiEntry[]> | null = null;

/** Every emoji offered, in Emojibase's order; fetched once. */
export function loadEmoji(): Promise<EmojiEntry[]> {
  loading ??= Promise.all([import('emojibase-data/en/data.json'), import('emojibase-data/en/shortcodes/github.json')]).then(([{ default: data }, { default: shortcodes }]) =>
    data.flatMap((entry) => {
      const offered = entry.group !== undefined && entry.group !== componentGroup && entry.version <= newestDrawnVersion;
      const emoji = offered ? normalizeEmoji(entry.emoji) : null;
      if (emoji === null) return [];
      const codes = shortcodes[entry.hexcode as keyof typeof shortcodes] as string | string[] | undefined;
      return [{ emoji, name: entry.label, shortcodes: codes === undefined ? [] : [codes].flat(), keywords: entry.tags ?? [], group: entry.group! }];
    }),
  );
  loading.catch(() => (loading = null));
  return loading;
}

/**
 * Emoji whose name, shortcode or keyword matches every word of the query by its start, best
 * first: a name or shortcode starting with the query, then words of the name, then keywords.
 */
export function searchEmoji(entries: readonly EmojiEntry[], query: string, limit = Infinity): EmojiEntry[] {
  const words = query.toLowerCase().replace(/:/g, ' ').split(/\s+/).filter(Boolean);
  if (words.length === 0) return entries.slice(0, limit);
  const whole = words.join(' ');
  const scored: Array<{ entry: EmojiEntry; score: number }> = [];
  for (const entry of entries) {
    const name = entry.name.toLowerCase();
    const nameWords = name.split(/[\s:,-]+/);
    const matches = (word: string) => nameWords.some((part) => part.startsWith(word)) || entry.shortcodes.some((code) => code.startsWith(word)) || entry.keywords.some((keyword) => keyword.startsWith(word));
    if (!words.every(matches)) continue;
    const score = name === whole || entry.shortcodes.includes(whole) ? 0 : name.startsWith(whole) || entry.shortcodes.some((code) => code.startsWith(whole)) ? 1 : words.every((word) => nameWords.some((part) => part.startsWith(word))) ? 2 : 3;
    scored.push({ entry, score });
  }
  // Stable: equal scores keep Emojibase's order, which puts common emoji first.
  return scored.sort((a, b) => a.score - b.score).slice(0, limit).map(({ entry }) => entry);
}

/** The emoji of a complete shortcode such as `tada` (without colons), if there is one. */
export function emojiForShortcode(entries: readonly EmojiEntry[], shortcode: string): EmojiEntry | undefined {
  const code = shortcode.toLowerCase();
  return entries.find((entry) => entry.shortcodes.includes(code));
}
