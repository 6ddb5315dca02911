/**
 * Message search's words (SPEC 7): what the index holds for a message, what a query asks for, as
 * FTS5 reads it, and the excerpt a result shows, with the words that matched marked. Words are
 * compared one way on both sides (this module): letters and digits, case and accents ignored,
 * each word by its Porter stem, so "reports" finds "report" and "reporting".
 * Whole words, not their beginnings: a beginning such as "re" would make the index merge the
 * entries of every word it starts, which is what makes a search slow.
 */
import { stemmer } from 'stemmer';
import { withoutMentions } from '../../src-shared/domain/mentions';
import { normalizeText } from '../directory/peopleSearch';

/** Words past this many are ignored: a query is a few words, not a paragraph. */
const maxTerms = 8;
/** A word longer than this matches nothing anyway; cut, it still matches what starts with it. */
const maxTermLength = 64;
/** How much of a message a result shows around its first match. */
const excerptLength = 160;
/** How much comes before the first match, when the message is longer than the excerpt. */
const leadLength = 40;

const wordPattern = /[\p{L}\p{N}]+/gu;

/** The words of a query, as the index has them: lowercase, without accents, each once. */
export function searchTerms(query: string): string[] {
  const words = normalizeText(query).match(wordPattern) ?? [];
  return [...new Set(words.map((word) => word.slice(0, maxTermLength)))].slice(0, maxTerms);
}

/** An id in an index token: its UTF-8 in hex, a and e written g and h, so it holds neither x nor y (the separators below). */
const hexOf = (id: string) => Buffer.from(id, 'utf8').toString('hex').replaceAll('a', 'g').replaceAll('e', 'h');

/**
 * The index is keyed by conversation (migration 13): a message's entry holds, for each distinct
 * word of its text and file name, `c<conversation>x<stem>`, and `c<conversation>y<author>` for its
 * author. A search asks only for the tokens of the conversations the viewer may read, so what it
 * reads of the index is what those conversations hold: other people's use of a word, where the
 * viewer cannot read, costs nothing and tells nothing (SPEC 8, issue 18 #2).
 */
export function wordToken(conversationId: string, stem: string): string {
  return `c${hexOf(conversationId)}x${stem}`;
}

/** The token of a message's author within its conversation (see `wordToken`). */
export function authorToken(conversationId: string, authorId: string): string {
  return `c${hexOf(conversationId)}y${hexOf(authorId)}`;
}

/** Each distinct word of a text as the index keeps it: normalized, cut, by its stem. */
export function searchStems(text: string): string[] {
  const words = normalizeText(text).match(wordPattern) ?? [];
  return [...new Set(words.map((word) => stemmer(word.slice(0, maxTermLength))))];
}

/** What the index holds for one message (migration 13's search_words): its words and its author, in its conversation. */
export function indexWords(conversationId: string, authorId: string, text: string, fileName: string | null): string {
  const stems = new Set([...searchStems(text), ...(fileName ? searchStems(fileName) : [])]);
  return [authorToken(conversationId, authorId), ...[...stems].map((stem) => wordToken(conversationId, stem))].join(' ');
}

/**
 * The FTS5 query: in any of `conversationIds` (those the viewer may read, or the one asked for),
 * every term in the text or the file name, and when given, by this author. Tokens hold only
 * letters and digits, so quoting them is all the escaping FTS5 needs.
 */
export function ftsQuery(terms: readonly string[], conversationIds: readonly string[], filters: { authorId?: string } = {}): string | null {
  if (terms.length === 0 || conversationIds.length === 0) return null;
  const stems = [...new Set(terms.map((term) => stemmer(term)))];
  return conversationIds
    .map((conversationId) => {
      const tokens = stems.map((stem) => `"${wordToken(conversationId, stem)}"`);
      if (filters.authorId !== undefined) tokens.push(`"${authorToken(conversationId, filters.authorId)}"`);
      return `(${tokens.join(' AND ')})`;
    })
    .join(' OR ');
}

/**
 * The stems of a text's words, as one string of words (PostgreSQL's index, which takes them as
 * they are: its `simple` configuration): the same words, cut the same way, as the query's
 * (`postgresSearchText` of its terms) and the highlighting's. What people wrote, not the ids inside
 * stored mentions.
 */
export function postgresSearchText(text: string): string {
  const words = normalizeText(withoutMentions(text)).match(wordPattern) ?? [];
  return words.map((word) => stemmer(word.slice(0, maxTermLength))).join(' ');
}

/** A piece of text with the words that matched marked. */
export interface Excerpt {
  excerpt: string;
  highlights: Array<[number, number]>;
}

/** The words of `text` whose stem is a term's (each whole word marked), as [start, end) offsets. */
function matches(text: string, terms: readonly string[]): Array<[number, number]> {
  const stems = new Set(terms.map(stemmer));
  const found: Array<[number, number]> = [];
  for (const word of text.matchAll(wordPattern)) {
    if (stems.has(stemmer(normalizeText(word[0])))) found.push([word.index, word.index + word[0].length]);
  }
  return found;
}

/**
 * What a result shows: the message's text around its first match (or its file's name, when the
 * match is there), cut to a line or two at word boundaries, with every match marked.
 */
export function excerptOf(text: string, fileName: string | null, terms: readonly string[]): Excerpt {
  const inText = matches(text, terms);
  if (inText.length === 0 && fileName) {
    const inName = matches(fileName, terms);
    if (inName.length > 0 || text === '') return { excerpt: fileName, highlights: inName };
  }
  const flat = text.replace(/\s+/g, ' ');
  // Whitespace runs became single spaces: find the matches again in what is shown.
  const shownMatches = matches(flat, terms);
  if (flat.length <= excerptLength) return { excerpt: flat, highlights: shownMatches };
  const first = shownMatches[0]?.[0] ?? 0;
  let start = Math.max(0, first - leadLength);
  if (start > 0) {
    const space = flat.lastIndexOf(' ', start);
    start = space >= 0 && first - space <= leadLength * 2 ? space + 1 : start;
  }
  let end = Math.min(flat.length, start + excerptLength);
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > first) end = space;
  }
  const prefix = start > 0 ? '…' : '';
  const suffix = end < flat.length ? '…' : '';
  const highlights = shownMatches
    .filter(([matchStart, matchEnd]) => matchStart >= start && matchEnd <= end)
    .map(([matchStart, matchEnd]): [number, number] => [matchStart - start + prefix.length, matchEnd - start + prefix.length]);
  return { excerpt: `${prefix}${flat.slice(start, end)}${suffix}`, highlights };
}
