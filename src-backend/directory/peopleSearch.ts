/**
 * In-memory prefix index over the directory: one sorted array of keys (name words, email, the
 * digits of phone numbers, extensions), searched by binary search. A query is answered from
 * the range of its rarest word, so cost follows the matches, not the directory size.
 */
import { nationalDigits, phoneDigitsQuery } from '../../src-shared/domain/phone';

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

/** A person's keys: the texts, and beside them what each was made from (parallel arrays, no tuple per key). */
interface PersonKeys {
  texts: string[];
  fields: Field[];
}

function keysOf(person: IndexedPerson): PersonKeys {
  const keys: PersonKeys = { texts: [], fields: [] };
  const add = (text: string, field: Field) => {
    keys.texts.push(text);
    keys.fields.push(field);
  };
  normalizeText(person.displayName)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .forEach((word, index) => add(word, index === 0 ? Field.FirstName : Field.NameWord));
  add(person.email.toLowerCase(), Field.Email);
  for (const number of [person.phone, person.mobile]) {
    if (!number) continue;
    const digits = nationalDigits(number);
    add(digits, Field.Phone);
    // The local part too, so "5550101" finds (415) 555-0101.
    if (digits.length === 10) add(digits.slice(3), Field.PhoneLocal);
  }
  if (person.extension) add(person.extension, Field.Extension);
  return keys;
}

interface QueryWord {
  text: string;
  digits: boolean;
}

function parseQuery(query: string): QueryWord[] {
  // A query made only of a phone number's characters is one number: "(415) 555-01" → 41555501.
  const digits = phoneDigitsQuery(query);
  if (digits !== null) return [{ text: digits, digits: true }];
  return normalizeText(query.trim())
    .split(/\s+/)
    .filter(Boolean)
    .map((text) => ({ text, digits: /^\d+$/.test(text) }));
}

/** Parallel arrays sorted by key: the key, the slot of its person, what the key was made from. */
class SortedKeys {
  keys: string[] = [];
  slots: number[] = [];
  fields: Field[] = [];

  /** Sorts parallel arrays by key: a permutation of numbers is sorted, not an object per entry (100,000 people have 600,000 keys). */
  static of(keys: string[], fields: Field[], slots: number[]): SortedKeys {
    const order = new Uint32Array(keys.length);
    for (let index = 0; index < order.length; index++) order[index] = index;
    order.sort((a, b) => compare(keys[a]!, keys[b]!));
    const sorted = new SortedKeys();
    sorted.keys = Array.from(order, (index) => keys[index]!);
    sorted.fields = Array.from(order, (index) => fields[index]!);
    sorted.slots = Array.from(order, (index) => slots[index]!);
    return sorted;
  }

  insert(key: string, field: Field, slot: number): void {
    const at = this.lowerBound(key);
    this.keys.splice(at, 0, key);
    this.fields.splice(at, 0, field);
    this.slots.splice(at, 0, slot);
  }

  delete(key: string, slot: number): void {
    for (let at = this.lowerBound(key); at < this.keys.length && this.keys[at] === key; at++) {
      if (this.slots[at] === slot) {
        this.keys.splice(at, 1);
        this.fields.splice(at, 1);
        this.slots.splice(at, 1);
        return;
      }
    }
  }

  /** [start, end) of the keys that begin with `prefix` (or, `exact`, that equal it). */
  range(prefix: string, exact = false): [number, number] {
    return [this.lowerBound(prefix), this.lowerBound(exact ? prefix + '\u0000' : prefix + '\uffff')];
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

/** Which sorted array a key lives in: first names, the other name words, or contact keys. */
const bucketOf = (field: Field) => (field === Field.FirstName ? 0 : field === Field.NameWord ? 1 : 2);

export class PeopleSearchIndex {
  // First names, other name words and contact keys apart: a one-word text query that finds
  // enough people by first name only needs the exact matches of the rest, which alone can beat them.
  private buckets: [SortedKeys, SortedKeys, SortedKeys] = [new SortedKeys(), new SortedKeys(), new SortedKeys()];
  private readonly people: Array<IndexedPerson | null> = [];
  private readonly slotById = new Map<string, number>();
  private readonly keysBySlot: PersonKeys[] = [];
  // Accounts as small numbers, so the visibility check in the hot loop is an array read.
  private readonly accountNumbers = new Map<string, number>();
  private accountOfSlot = new Int32Array(0);
  // Per-search scratch space, reused: which slots this search touched, and their best score.
  private stamp = new Int32Array(0);
  private best = new Int32Array(0);
  private searchNumber = 0;

  constructor(people: Iterable<IndexedPerson> = []) {
    const entries = [0, 1, 2].map(() => ({ keys: [] as string[], fields: [] as Field[], slots: [] as number[] }));
    for (const person of people) {
      const slot = this.allocate(person);
      const { texts, fields } = this.keysBySlot[slot]!;
      for (let index = 0; index < texts.length; index++) {
        const bucket = entries[bucketOf(fields[index]!)]!;
        bucket.keys.push(texts[index]!);
        bucket.fields.push(fields[index]!);
        bucket.slots.push(slot);
      }
    }
    this.buckets = entries.map((bucket) => SortedKeys.of(bucket.keys, bucket.fields, bucket.slots)) as [SortedKeys, SortedKeys, SortedKeys];
  }

  get size(): number {
    return this.slotById.size;
  }

  add(person: IndexedPerson): void {
    this.remove(person.id);
    const slot = this.allocate(person);
    const { texts, fields } = this.keysBySlot[slot]!;
    texts.forEach((text, index) => this.buckets[bucketOf(fields[index]!)].insert(text, fields[index]!, slot));
  }

  remove(personId: string): void {
    const slot = this.slotById.get(personId);
    if (slot === undefined) return;
    this.slotById.delete(personId);
    const { texts, fields } = this.keysBySlot[slot]!;
    texts.forEach((text, index) => this.buckets[bucketOf(fields[index]!)].delete(text, slot));
    this.people[slot] = null;
    this.keysBySlot[slot] = { texts: [], fields: [] };
  }

  /** The best `limit` people the scope sees, ranked by match quality, then by name. */
  search(query: string, scope: SearchScope, limit: number): IndexedPerson[] {
    const words = parseQuery(query);
    if (words.length === 0) return [];
    // Answer from the word with the fewest candidates; check the other words per candidate.
    let rarest = words[0]!;
    let fewest = Infinity;
    for (const word of words) {
      const count = this.buckets.reduce((total, bucket) => {
        const [start, end] = bucket.range(word.text);
        return total + end - start;
      }, 0);
      if (count < fewest) {
        fewest = count;
        rarest = word;
      }
    }

    this.searchNumber += 1;
    const visible = new Uint8Array(this.accountNumbers.size);
    for (const accountId of scope.visibleAccounts) {
      const number = this.accountNumbers.get(accountId);
      if (number !== undefined) visible[number] = 1;
    }
    const touched: number[] = [];
    const scan = (sorted: SortedKeys, exactOnly = false) => {
      const [start, end] = exactOnly ? sorted.range(rarest.text, true) : sorted.range(rarest.text);
      for (let at = start; at < end; at++) {
        const slot = sorted.slots[at]!;
        if (visible[this.accountOfSlot[slot]!] === 0) continue;
        let score: number;
        if (words.length === 1) {
          // One word: the entry itself says how good the match is; keep each person's best.
          score = scoreOfKey(sorted.fields[at]!, sorted.keys[at]!.length === rarest.text.length, this.people[slot]!, scope);
        } else {
          // Several words: each person is scored once, whichever key of theirs led here.
          if (this.stamp[slot] === this.searchNumber) continue;
          score = this.scoreOf(slot, words, scope);
          if (score === 0) {
            this.stamp[slot] = this.searchNumber;
            this.best[slot] = 0;
            continue;
          }
        }
        if (score === 0) continue;
        if (this.stamp[slot] !== this.searchNumber) {
          this.stamp[slot] = this.searchNumber;
          this.best[slot] = score;
          touched.push(slot);
        } else if (score > this.best[slot]!) {
          this.best[slot] = score;
        }
      }
    };
    const [firstNames, nameWords, contacts] = this.buckets;
    scan(firstNames);
    if (words.length === 1 && !rarest.digits && touched.length >= limit) {
      // `limit` people already score at least 8: only an exact name word (9) can still enter;
      // prefixes of other name words (7) and emails (5) cannot.
      scan(nameWords, true);
      return this.top(touched, limit);
    }
    scan(nameWords);
    scan(contacts);
    return this.top(touched, limit);
  }

  private scoreOf(slot: number, words: QueryWord[], scope: SearchScope): number {
    const person = this.people[slot]!;
    const { texts, fields } = this.keysBySlot[slot]!;
    let total = 0;
    for (const word of words) {
      let best = 0;
      for (let index = 0; index < texts.length; index++) {
        const key = texts[index]!;
        if (!key.startsWith(word.text)) continue;
        const score = scoreOfKey(fields[index]!, key.length === word.text.length, person, scope);
        if (score > best) best = score;
      }
      if (best === 0) return 0;
      total += best;
    }
    return total;
  }

  /** The best `limit` touched slots: higher score first, then name, then id. */
  private top(touched: number[], limit: number): IndexedPerson[] {
    const better = (a: number, b: number) => {
      const difference = this.best[b]! - this.best[a]!;
      if (difference !== 0) return difference;
      const first = this.people[a]!;
      const second = this.people[b]!;
      return compare(first.displayName, second.displayName) || compare(first.id, second.id);
    };
    const top: number[] = [];
    for (const slot of touched) {
      if (top.length === limit && better(slot, top[top.length - 1]!) >= 0) continue;
      let at = top.length;
      while (at > 0 && better(slot, top[at - 1]!) < 0) at--;
      top.splice(at, 0, slot);
      if (top.length > limit) top.pop();
    }
    return top.map((slot) => this.people[slot]!);
  }

  private allocate(person: IndexedPerson): number {
    const slot = this.people.length;
    this.people.push(person);
    this.slotById.set(person.id, slot);
    this.keysBySlot.push(keysOf(person));
    if (slot >= this.stamp.length) {
      const grow = (array: Int32Array) => {
        const bigger = new Int32Array(Math.max(1024, array.length * 2));
        bigger.set(array);
        return bigger;
      };
      this.stamp = grow(this.stamp);
      this.best = grow(this.best);
      this.accountOfSlot = grow(this.accountOfSlot);
    }
    let accountNumber = this.accountNumbers.get(person.accountId);
    if (accountNumber === undefined) this.accountNumbers.set(person.accountId, (accountNumber = this.accountNumbers.size));
    this.accountOfSlot[slot] = accountNumber;
    return slot;
  }
}

/** How good one key's match is; extensions match only inside the viewer's own account. */
function scoreOfKey(field: Field, exact: boolean, person: IndexedPerson, scope: SearchScope): number {
  switch (field) {
    case Field.FirstName:
      return exact ? 10 : 8;
    case Field.NameWord:
      return exact ? 9 : 7;
    case Field.Extension:
      return person.accountId !== scope.accountId ? 0 : exact ? 9 : 5;
    case Field.Email:
      return 5;
    case Field.Phone:
      return exact ? 9 : 6;
    case Field.PhoneLocal:
      return 4;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
