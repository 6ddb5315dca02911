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

/** What a search compares an emoji by, in lower case: made once per emoji, not once per key. */
interface SearchKey {
  name: string;
  nameWords: string[];
}
const searchKeys = new WeakMap<EmojiEntry, SearchKey>();
function searchKeyOf(entry: EmojiEntry): SearchKey {
  let key = searchKeys.get(entry);
  if (!key) {
    const name = entry.name.toLowerCase();
    key = { name, nameWords: name.split(/[\s:,-]+/) };
    searchKeys.set(entry, key);
  }
  return key;
}

/**
 * Emoji whose name, shortcode or keyword matches every word of the query by its start, best
 * first: a name or shortcode starting with the query, then words of the name, then keywords.
 * One pass over the emoji with no allocation per emoji (the picker answers each key with it).
 */
export function searchEmoji(entries: readonly EmojiEntry[], query: string, limit = Infinity): EmojiEntry[] {
  const words = query.toLowerCase().replace(/:/g, ' ').split(/\s+/).filter(Boolean);
  if (words.length === 0) return entries.slice(0, limit);
  const whole = words.join(' ');
  const scored: Array<{ entry: EmojiEntry; score: number }> = [];
  const startsWord = (parts: readonly string[], word: string) => {
    for (const part of parts) if (part.startsWith(word)) return true;
    return false;
  };
  for (const entry of entries) {
    const { name, nameWords } = searchKeyOf(entry);
    let all = true;
    let allInName = true;
    for (const word of words) {
      const inName = startsWord(nameWords, word);
      if (!inName) allInName = false;
      if (!inName && !startsWord(entry.shortcodes, word) && !startsWord(entry.keywords, word)) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    const score = name === whole || entry.shortcodes.includes(whole) ? 0 : name.startsWith(whole) || startsWord(entry.shortcodes, whole) ? 1 : allInName ? 2 : 3;
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
