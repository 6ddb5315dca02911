/**
 * Mentions (SPEC 7): people write `@Name`; the server keeps each mention as the person's id
 * between two private-use characters, which nobody can type into a message (they are removed
 * from what people send), and each viewer is sent the text with `@Name` or `@UNKNOWN USER` in
 * their place. A stored text therefore never reaches a client as it is.
 */
import { UNKNOWN_USER } from '../protocol/model';

const open = '\uE000';
const close = '\uE001';
const markers = /[\uE000\uE001]/g;
const token = /\uE000([^\uE000\uE001]{1,200})\uE001/g;

/** A person who may be mentioned, as the writer knows them. */
export interface MentionCandidate {
  id: string;
  displayName: string;
}

/** The text without the characters that delimit stored mentions. */
export function withoutMentionMarkers(text: string): string {
  return text.replace(markers, '');
}

/** A stored text with its mentions left out (what message search may index: no person's id). */
export function withoutMentions(text: string): string {
  return text.replace(token, ' ');
}

/** The stored form of a mention of one person. */
export function mentionToken(userId: string): string {
  return `${open}${userId}${close}`;
}

/** Whether a character may follow a name for it to be a mention (`@Ann Lee,` yes; `@Ann Leeds` no). */
const endsName = (character: string | undefined) => character === undefined || !/[\p{L}\p{N}_]/u.test(character);

/** Whether the `@` at `index` may start a mention: an address such as ann@example.com does not. */
const startsMention = (text: string, index: number) => index === 0 || !/[\p{L}\p{N}_.]/u.test(text[index - 1]!);

/** The first letter of a name (or of what follows an `@`) in lower case: what `mentionInitials` compares. */
export function nameInitial(name: string): string {
  return name.toLocaleLowerCase()[0] ?? '';
}

/**
 * The first letter, in lower case, of what follows each `@` of `text` that may start a mention:
 * only people whose name begins with one of them can be mentioned (the server need not look at
 * the others). Empty when nothing in the text can be a mention.
 */
export function mentionInitials(written: string): Set<string> {
  const text = withoutMentionMarkers(written);
  const initials = new Set<string>();
  for (let index = text.indexOf('@'); index !== -1; index = text.indexOf('@', index + 1)) {
    const next = text[index + 1];
    if (next !== undefined && startsMention(text, index)) initials.add(nameInitial(next));
  }
  return initials;
}

/**
 * Turns every `@Name` of a candidate (case ignored, the longest name first) into its stored
 * token. `@UNKNOWN USER` stands, in order, for `unknown`: people the writer no longer sees,
 * mentioned before an edit. Returns the stored text and the people mentioned, each once.
 */
export function encodeMentions(text: string, candidates: readonly MentionCandidate[], unknown: readonly string[] = []): { text: string; userIds: string[] } {
  const clean = withoutMentionMarkers(text);
  if (!clean.includes('@')) return { text: clean, userIds: [] };
  const names = [...candidates].map((candidate) => ({ id: candidate.id, name: candidate.displayName.toLocaleLowerCase() })).sort((a, b) => b.name.length - a.name.length);
  const pendingUnknown = [...unknown];
  const lower = clean.toLocaleLowerCase();
  const userIds: string[] = [];
  let result = '';
  let at = 0;
  for (let index = clean.indexOf('@'); index !== -1; index = clean.indexOf('@', index + 1)) {
    if (index < at) continue;
    if (!startsMention(clean, index)) continue;
    const rest = lower.slice(index + 1);
    let found: { id: string; length: number } | undefined;
    const named = names.find((candidate) => rest.startsWith(candidate.name) && endsName(clean[index + 1 + candidate.name.length]));
    if (named) found = { id: named.id, length: named.name.length };
    else if (pendingUnknown.length > 0 && clean.startsWith(UNKNOWN_USER, index + 1) && endsName(clean[index + 1 + UNKNOWN_USER.length])) {
      found = { id: pendingUnknown.shift()!, length: UNKNOWN_USER.length };
    }
    if (!found) continue;
    result += clean.slice(at, index) + mentionToken(found.id);
    at = index + 1 + found.length;
    if (!userIds.includes(found.id)) userIds.push(found.id);
  }
  return { text: result + clean.slice(at), userIds };
}

/** The people a stored text mentions, each once, in order of first mention. */
export function mentionedIds(stored: string): string[] {
  return [...new Set([...stored.matchAll(token)].map((match) => match[1]!))];
}

/** A stored text as one viewer reads it: each mention as `@` and the name `nameOf` gives (a name, or UNKNOWN USER). */
export function renderMentions(stored: string, nameOf: (userId: string) => string): string {
  return stored.includes(open) ? stored.replace(token, (_match, userId: string) => `@${nameOf(userId)}`) : stored;
}

/** Seed files write a mention as `<@USER_ID>`: the ids they name, and the text in stored form. */
export function seedMentions(text: string): { text: string; userIds: string[] } {
  const userIds: string[] = [];
  const stored = withoutMentionMarkers(text).replace(/<@([^<>\s]{1,200})>/g, (_match, userId: string) => {
    if (!userIds.includes(userId)) userIds.push(userId);
    return mentionToken(userId);
  });
  return { text: stored, userIds };
}

/** What a channel-wide mention reaches (SPEC 9): `here` its members online, `channel` all of them. */
export type BroadcastMention = 'here' | 'channel';

/** `@here` or `@channel` as a word of its own (not `a@here`, not `@heres`), at most one per scan. */
const broadcastWord = /(?<![\p{L}\p{N}_.])@(here|channel)(?![\p{L}\p{N}_])/giu;

/**
 * The widest channel-wide mention a text makes: `channel` when it says `@channel` anywhere,
 * else `here` for `@here`, else null. In channels only: elsewhere these are words like any other.
 */
export function broadcastMention(written: string): BroadcastMention | null {
  let found: BroadcastMention | null = null;
  for (const match of withoutMentionMarkers(written).matchAll(broadcastWord)) {
    if (match[1]!.toLowerCase() === 'channel') return 'channel';
    found = 'here';
  }
  return found;
}

/** The text split into plain pieces and channel-wide mentions, in order (how a channel's message shows them highlighted). */
export function splitBroadcastMentions(text: string): Array<{ text: string; broadcast: boolean }> {
  const parts: Array<{ text: string; broadcast: boolean }> = [];
  let at = 0;
  for (const match of text.matchAll(broadcastWord)) {
    if (match.index > at) parts.push({ text: text.slice(at, match.index), broadcast: false });
    parts.push({ text: match[0], broadcast: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), broadcast: false });
  return parts;
}
