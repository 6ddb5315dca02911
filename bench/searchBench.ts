/**
 * `npm run bench:search`: the largest directory the rules allow — 10 federated accounts of
 * 10,000 people each — searched with a realistic query mix through the backend's index, next
 * to a plain linear scan over the same people in the same run.
 */
import { performance } from 'node:perf_hooks';
import { normalizeText, PeopleSearchIndex, type IndexedPerson, type SearchScope } from '../src-backend/directory/peopleSearch';
import { nationalDigits } from '../src-shared/domain/phone';
import { makePeople, makeQueries } from './lib/people';

const accounts = 10;
const perAccount = Number(process.env.BENCH_PEOPLE_PER_ACCOUNT ?? 10_000);
const queryCount = Number(process.env.BENCH_QUERIES ?? 2_000);

// The same made-up people and query mix as `npm run bench` (bench/lib/people.ts).
const directory = makePeople(accounts, perAccount);
const people: IndexedPerson[] = directory.map((person) => ({ ...person, mobile: null }));
const scope: SearchScope = { accountId: 'acct-0', visibleAccounts: new Set(Array.from({ length: accounts }, (_, account) => `acct-${account}`)) };
const queries = makeQueries(directory, queryCount);

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
// Judged by the ratio to the scan, measured in the same run; the times themselves are for information (they are the machine's as much as the index's).
const speedUp = linear.p95 / indexed.p95;
console.log(`Speed-up at p95: ${speedUp.toFixed(1)}×; at p50: ${(linear.p50 / indexed.p50).toFixed(1)}× (target: ≥ 20× the linear scan at p95 — ${speedUp >= 20 ? 'met' : 'NOT MET'}; p95 ${indexed.p95.toFixed(2)} ms for information)`);
