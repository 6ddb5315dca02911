/**
 * Made-up people for benchmarks: deterministic (a seeded generator), unique emails and numbers,
 * realistic names so that searches match as many people as they would in a real directory.
 */
import { nationalDigits } from '../../src-shared/domain/phone';

const first = ['Alice', 'Bella', 'Brian', 'Carl', 'Dana', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Keiko', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Amara', 'Bruno', 'Chloe', 'Diego', 'Emeka', 'Fatima', 'Gustav', 'Hana', 'Ivan', 'Jana', 'Kofi', 'Lucia', 'Mateo'];
const last = ['Nguyen', 'Martins', 'Okafor', 'Jensen', 'Alvarez', 'Brooks', 'Smith', 'Garcia', 'Kim', 'Patel', 'Müller', 'Rossi', 'Silva', 'Cohen', 'Haddad', 'Ivanova', 'Tanaka', 'Dubois', 'Novak', 'Larsen', 'Walsh', 'Ortiz', 'Singh', 'Osei', 'Berg', 'Costa', 'Mendes', 'Reyes', 'Shah', 'Yamamoto', 'Ahmed', 'Bauer', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Gomez', 'Hughes', 'Ito', 'Jovanovic'];
const areaCodes = ['212', '305', '312', '415', '503', '617', '646', '702', '718', '917'];

/** A small linear congruential generator: the same people and queries on every run. */
export function seededRandom(seed = 42): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

export interface BenchPerson {
  id: string;
  accountId: string;
  displayName: string;
  email: string;
  phone: string;
  extension: string;
}

/** `perAccount` people in each of `accounts` accounts (ids `acct-0`, `acct-1`, …). */
export function makePeople(accounts: number, perAccount: number, random = seededRandom()): BenchPerson[] {
  if (accounts > areaCodes.length) throw new Error(`at most ${areaCodes.length} accounts`);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const people: BenchPerson[] = [];
  for (let account = 0; account < accounts; account++) {
    for (let index = 0; index < perAccount; index++) {
      const given = pick(first);
      const family = pick(last);
      people.push({
        id: `u${account}-${index}`,
        accountId: `acct-${account}`,
        displayName: `${given} ${family}`,
        email: `${given}.${family}.${index}@company${account}.example`.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase(),
        phone: `+1${areaCodes[account]}${String(2_000_000 + index).padStart(7, '0')}`,
        extension: String(1000 + index),
      });
    }
  }
  return people;
}

/** A realistic mix of search queries over these people: first-name prefixes, names, emails, digits, extensions. */
export function makeQueries(people: readonly BenchPerson[], count: number, random = seededRandom(7)): string[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const queries: string[] = [];
  for (let index = 0; index < count; index++) {
    const person = pick(people);
    const [given, family] = person.displayName.split(' ') as [string, string];
    const kind = random();
    if (kind < 0.3) queries.push(given.slice(0, 1 + Math.floor(random() * 4)));
    else if (kind < 0.5) queries.push(`${given} ${family.slice(0, 1 + Math.floor(random() * 3))}`);
    else if (kind < 0.65) queries.push(family.slice(0, 2 + Math.floor(random() * 4)));
    else if (kind < 0.8) queries.push(person.email.slice(0, 3 + Math.floor(random() * 8)));
    else if (kind < 0.95) queries.push(nationalDigits(person.phone).slice(0, 3 + Math.floor(random() * 7)));
    else queries.push(person.extension);
  }
  return queries;
}

export interface BenchWorld {
  people: BenchPerson[];
  /** Accounts federated all-to-all (one federation) when more than one. */
  accounts: number;
  channels: Array<{ id: string; accountId: string; members: string[]; messages?: number }>;
}

/** The seed file (SPEC 5) of a world; every password is "bench". */
export function seedOf(world: BenchWorld): unknown {
  const accountIds = Array.from({ length: world.accounts }, (_, account) => `acct-${account}`);
  const start = Date.parse('2026-01-01T00:00:00Z');
  return {
    accounts: accountIds.map((id, index) => ({ id, name: `Company ${index}` })),
    users: world.people.map((person) => ({ ...person, password: 'bench' })),
    federations: accountIds.length > 1 ? [{ id: 'fed-bench', name: 'Bench federation', accountIds: accountIds.slice(0, 10) }] : [],
    channels: world.channels.map((channel) => ({ id: channel.id, name: channel.id, accountId: channel.accountId, visibility: 'private', members: channel.members })),
    messages: world.channels.flatMap((channel) =>
      Array.from({ length: channel.messages ?? 0 }, (_, index) => ({
        channel: channel.id,
        from: channel.members[index % channel.members.length]!,
        text: `History message ${index + 1} of ${channel.id}: the ward report, bed ${index % 40}.`,
        at: new Date(start + index * 1_000).toISOString(),
      })),
    ),
  };
}
