/**
 * In-memory prefix index over the directory: one sorted array of keys (name words, email, the
 * digits of phone numbers, extensions), searched by binary search. A query is answered from
 * the range of its rarest word, so cost follows the matches, not the directory size.
 */
import { nationalDigits } from '../../src-shared/domain/phone';

/** What a key was made from; decides how well a match ranks. */
const enum Field {
  FirstName = 0,
  NameWord = 1,
  Email = 2,
  Phone = 3,
  PhoneLocal = 4,
  Extension = 5,
}

export interface IndexedPerson {
  id: string;
  accountId: string;
  displayName: string;
  email: string;
  phone: string | null;
  mobile: string | null;
  extension: string | null;
}

export interface SearchScope {
  /** The viewer's own account: extensions match only there. */
  accountId: string;
  /** Accounts whose people the viewer sees. */
  visibleAccounts: ReadonlySet<string>;
}

export function normalizeText(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

function keysOf(person: IndexedPerson): Array<[string, Field]> {
  const keys: Array<[string, Field]> = [];
  normalizeText(person.displayName)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .forEach((word, index) => keys.push([word, index === 0 ? Field.FirstName : Field.NameWord]));
  keys.push([person.email.toLowerCase(), Field.Email]);
  for (const number of [person.phone, person.mobile]) {
    if (!number) continue;
    const digits = nationalDigits(number);
    keys.push([digits, Field.Phone]);
    // The local part too, so "5550101" finds (415) 555-0101.
    if (digits.length === 10) keys.push([digits.slice(3), Field.PhoneLocal]);
  }
  if (person.extension) keys.push([person.extension, Field.Extension]);
  return keys;
}

interface QueryWord {
  text: string;
  digits: boolean;
}

function parseQuery(query: string): QueryWord[] {
  const trimmed = query.trim();
  // A query made only of a phone number's characters is one number: "(415) 555-01" → 41555501.
  if (/\d/.test(trimmed) && /^[\d\s().+-]+$/.test(trimmed)) {
    let digits = trimmed.replace(/\D/g, '');
    if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
    return [{ text: digits, digits: true }];
  }
  return normalizeText(trimmed)
    .split(/\s+/)
    .filter(Boolean)
    .map((text) => ({ text, digits: /^\d+$/.test(text) }));
}

export class PeopleSearchIndex {
  private keys: string[] = [];
  private owners: IndexedPerson[] = [];
  private fields: Field[] = [];
  private readonly keysByPerson = new Map<string, Array<[string, Field]>>();

  constructor(people: Iterable<IndexedPerson> = []) {
    const entries: Array<[string, Field, IndexedPerson]> = [];
    for (const person of people) {
      const keys = keysOf(person);
      this.keysByPerson.set(person.id, keys);
      for (const [key, field] of keys) entries.push([key, field, person]);
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.keys = entries.map((entry) => entry[0]);
    this.fields = entries.map((entry) => entry[1]);
    this.owners = entries.map((entry) => entry[2]);
  }

  get size(): number {
    return this.keysByPerson.size;
  }

  add(person: IndexedPerson): void {
    this.remove(person.id);
    const keys = keysOf(person);
    this.keysByPerson.set(person.id, keys);
    for (const [key, field] of keys) {
      const at = this.lowerBound(key);
      this.keys.splice(at, 0, key);
      this.fields.splice(at, 0, field);
      this.owners.splice(at, 0, person);
    }
  }

  remove(personId: string): void {
    const keys = this.keysByPerson.get(personId);
    if (!keys) return;
    this.keysByPerson.delete(personId);
    for (const [key] of keys) {
      for (let at = this.lowerBound(key); at < this.keys.length && this.keys[at] === key; at++) {
        if (this.owners[at]!.id === personId) {
          this.keys.splice(at, 1);
          this.fields.splice(at, 1);
          this.owners.splice(at, 1);
          break;
        }
      }
    }
  }

  /** The best `limit` people the scope sees, ranked by match quality, then by name. */
  search(query: string, scope: SearchScope, limit: number): IndexedPerson[] {
    const words = parseQuery(query);
    if (words.length === 0) return [];
    // Answer from the word with the fewest candidates; check the other words per candidate.
    let best: { word: QueryWord; start: number; end: number } | null = null;
    for (const word of words) {
      const start = this.lowerBound(word.text);
      const end = this.lowerBound(word.text + '\uffff');
      if (!best || end - start < best.end - best.start) best = { word, start, end };
    }
    if (!best) return [];

    const scored = new Map<IndexedPerson, number>();
    for (let at = best.start; at < best.end; at++) {
      const person = this.owners[at]!;
      if (scored.has(person) || !scope.visibleAccounts.has(person.accountId)) continue;
      const score = this.scoreOf(person, words, scope);
      if (score > 0) scored.set(person, score);
    }
    return topByScore(scored, limit);
  }

  private scoreOf(person: IndexedPerson, words: QueryWord[], scope: SearchScope): number {
    const keys = this.keysByPerson.get(person.id)!;
    let total = 0;
    for (const word of words) {
      let best = 0;
      for (const [key, field] of keys) {
        if (!key.startsWith(word.text)) continue;
        if (field === Field.Extension && person.accountId !== scope.accountId) continue;
        const exact = key.length === word.text.length;
        const score =
          field === Field.FirstName ? (exact ? 10 : 8)
          : field === Field.NameWord ? (exact ? 9 : 7)
          : field === Field.Extension ? (exact ? 9 : 5)
          : field === Field.Email ? 5
          : field === Field.Phone ? (exact ? 9 : 6)
          : 4;
        if (score > best) best = score;
      }
      if (best === 0) return 0;
      total += best;
    }
    return total;
  }

  private lowerBound(key: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keys[middle]! < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function topByScore(scored: Map<IndexedPerson, number>, limit: number): IndexedPerson[] {
  const better = (a: [IndexedPerson, number], b: [IndexedPerson, number]) =>
    b[1] - a[1] || compare(a[0].displayName, b[0].displayName) || compare(a[0].id, b[0].id);
  const top: Array<[IndexedPerson, number]> = [];
  for (const entry of scored) {
    if (top.length === limit && better(entry, top[top.length - 1]!) >= 0) continue;
    let at = top.length;
    while (at > 0 && better(entry, top[at - 1]!) < 0) at--;
    top.splice(at, 0, entry);
    if (top.length > limit) top.pop();
  }
  return top.map(([person]) => person);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
