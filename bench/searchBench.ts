/**
 * `npm run bench:search`: the largest directory the rules allow — 10 federated accounts of
 * 10,000 people each — searched with a realistic query mix through the backend's index, next
 * to a plain linear scan over the same people in the same run.
 */
import { performance } from 'node:perf_hooks';
import { normalizeText, PeopleSearchIndex, type IndexedPerson, type SearchScope } from '../src-backend/directory/peopleSearch';
import { nationalDigits } from '../src-shared/domain/phone';

const accounts = 10;
const perAccount = Number(process.env.BENCH_PEOPLE_PER_ACCOUNT ?? 10_000);
const queryCount = Number(process.env.BENCH_QUERIES ?? 2_000);

const first = ['Alice', 'Bella', 'Brian', 'Carl', 'Dana', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Keiko', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Amara', 'Bruno', 'Chloe', 'Diego', 'Emeka', 'Fatima', 'Gustav', 'Hana', 'Ivan', 'Jana', 'Kofi', 'Lucia', 'Mateo'];
const last = ['Nguyen', 'Martins', 'Okafor', 'Jensen', 'Alvarez', 'Brooks', 'Smith', 'Garcia', 'Kim', 'Patel', 'Müller', 'Rossi', 'Silva', 'Cohen', 'Haddad', 'Ivanova', 'Tanaka', 'Dubois', 'Novak', 'Larsen', 'Walsh', 'Ortiz', 'Singh', 'Osei', 'Berg', 'Costa', 'Mendes', 'Reyes', 'Shah', 'Yamamoto', 'Ahmed', 'Bauer', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Gomez', 'Hughes', 'Ito', 'Jovanovic'];
const areaCodes = ['212', '305', '312', '415', '503', '617', '646', '702', '718', '917'];

let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

const people: IndexedPerson[] = [];
for (let account = 0; account < accounts; account++) {
  for (let index = 0; index < perAccount; index++) {
    const given = pick(first);
    const family = pick(last);
    const number = `+1${areaCodes[account]}${String(2_000_000 + account * perAccount + index).padStart(7, '0')}`;
    people.push({
      id: `u${account}-${index}`,
      accountId: `acct-${account}`,
      displayName: `${given} ${family}`,
      email: `${given}.${family}.${index}@company${account}.example`.toLowerCase(),
      phone: number,
      mobile: null,
      extension: String(1000 + index),
    });
  }
}
const scope: SearchScope = { accountId: 'acct-0', visibleAccounts: new Set(Array.from({ length: accounts }, (_, account) => `acct-${account}`)) };

const queries: string[] = [];
for (let index = 0; index < queryCount; index++) {
  const person = pick(people);
  const [given, family] = person.displayName.split(' ') as [string, string];
  const kind = random();
  if (kind < 0.3) queries.push(given.slice(0, 1 + Math.floor(random() * 4))); // typing a first name
  else if (kind < 0.5) queries.push(`${given} ${family.slice(0, 1 + Math.floor(random() * 3))}`); // first name and part of the last
  else if (kind < 0.65) queries.push(family.slice(0, 2 + Math.floor(random() * 4)));
  else if (kind < 0.8) queries.push(person.email.slice(0, 3 + Math.floor(random() * 8)));
  else if (kind < 0.95) queries.push(nationalDigits(person.phone!).slice(0, 3 + Math.floor(random() * 7)));
  else queries.push(person.extension!);
}

/** The same matching as the index (prefix of name words, email, phone digits, own extensions), by scanning everyone. */
function linearSearch(query: string, limit: number): IndexedPerson[] {
  const words = /^[\d\s().+-]+$/.test(query.trim()) ? [query.replace(/\D/g, '')] : normalizeText(query).split(/\s+/).filter(Boolean);
  const matches: Array<[IndexedPerson, number]> = [];
  for (const person of people) {
    if (!scope.visibleAccounts.has(person.accountId)) continue;
    const nameWords = normalizeText(person.displayName).split(/\s+/);
    const digits = person.phone ? nationalDigits(person.phone) : '';
    let score = 0;
    for (const word of words) {
      const hit = nameWords.some((nameWord) => nameWord.startsWith(word)) ? 8
        : person.email.startsWith(word) ? 5
        : digits.startsWith(word) || digits.slice(3).startsWith(word) ? 6
        : person.accountId === scope.accountId && person.extension?.startsWith(word) ? 5
        : 0;
      if (hit === 0) { score = 0; break; }
      score += hit;
    }
    if (score > 0) matches.push([person, score]);
  }
  matches.sort((a, b) => b[1] - a[1] || (a[0].displayName < b[0].displayName ? -1 : 1));
  return matches.slice(0, limit).map(([person]) => person);
}

function measure(label: string, run: (query: string) => unknown, sample: string[]) {
  for (const query of sample.slice(0, 50)) run(query); // warm up
  const times: number[] = [];
  for (const query of sample) {
    const started = performance.now();
    run(query);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  return { label, queries: sample.length, p50: at(50), p95: at(95), p99: at(99), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

const buildStarted = performance.now();
const index = new PeopleSearchIndex(people);
const buildMs = performance.now() - buildStarted;

const indexed = measure('prefix index (backend)', (query) => index.search(query, scope, 20), queries);
const linearSample = queries.slice(0, Math.min(queries.length, 300));
const linear = measure('linear scan', (query) => linearSearch(query, 20), linearSample);

const format = (value: number) => value.toFixed(3).padStart(9);
console.log(`Directory: ${accounts} federated accounts × ${perAccount.toLocaleString('en-US')} people = ${people.length.toLocaleString('en-US')} visible to the viewer; index built in ${buildMs.toFixed(0)} ms`);
console.log(`Query mix: first-name prefixes, first name + last initial, last names, email prefixes, phone digits, own extensions`);
console.log('');
console.log(`${'search'.padEnd(24)} ${'queries'.padStart(8)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'mean ms'.padStart(9)}`);
for (const row of [indexed, linear]) {
  console.log(`${row.label.padEnd(24)} ${String(row.queries).padStart(8)} ${format(row.p50)} ${format(row.p95)} ${format(row.p99)} ${format(row.mean)}`);
}
console.log('');
console.log(`Speed-up at p95: ${(linear.p95 / indexed.p95).toFixed(1)}×; at p50: ${(linear.p50 / indexed.p50).toFixed(1)}× (target: p95 ≤ 5 ms, ≥ 20× the linear scan)`);
