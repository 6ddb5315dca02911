/**
 * The fuzzer of testing/fuzz.ts, bounded for `npm test`: 1,000 generated payloads for every
 * socket command (valid, mutated and hostile), spread over four people's sockets on one shared
 * server. Every answer must be a well-formed acknowledgement, none `internal`, and the server
 * must keep serving. `npm run fuzz` runs 100,000 and more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandNames, type CommandName } from '../src-shared/protocol/events';
import { commandClasses, type CommandClass } from './limits/limits';
import { fuzzOrder, fuzzServer, seedIds, type KnownIds } from './testing/fuzz';
import { basicSeed, dataOf, relaxedLimits, startTestServerWithClock, type TestServer } from './testing/testServer';

const runsPerCommand = 1_000;
let server: TestServer;
let tokens: string[];
let ids: KnownIds;

beforeAll(async () => {
  // A fake clock: calls ring and meetings run without real timers; relaxed limits: this is about what is sent, not how often.
  ({ server } = await startTestServerWithClock(basicSeed(), { limits: relaxedLimits }));
  const people = await Promise.all(['alice@northwind.example', 'bella@contoso.example', 'bob@fabrikam.example', 'dana@tailspin.example'].map((email) => server.signIn(email)));
  tokens = people.map((person) => person.sessionToken!);
  const meeting = dataOf(await people[1]!.request('meeting:start', { conversationId: 'ch-ct-deal' }));
  ids = seedIds({ meetings: [meeting.id] });
});
afterAll(async () => {
  await server.close();
});

// One test per command class, on one server, in the order of fuzzOrder's last command of each:
// classes whose commands take things away (leaving channels, deleting) run last.
const order = fuzzOrder(commandNames);
const byClass = new Map<CommandClass, CommandName[]>();
for (const command of order) byClass.set(commandClasses[command], [...(byClass.get(commandClasses[command]) ?? []), command]);
const lastOf = (commands: CommandName[]) => Math.max(...commands.map((command) => order.indexOf(command)));
const classes = [...byClass.entries()].sort(([, a], [, b]) => lastOf(a) - lastOf(b));

describe(`fuzzer: ${runsPerCommand} payloads per socket command`, () => {
  it.each(classes)('%s commands answer every payload well, never internal', { timeout: 60_000 }, async (_commandClass, commands) => {
    const report = await fuzzServer({ url: server.url, tokens, ids, runsPerCommand, commands });
    for (const command of report.commands) console.log(`fuzz ${command.command}: ${command.runs} runs, ${command.ok} ok, refused ${JSON.stringify(command.refused)}`);
    expect(report.failures).toEqual([]);
    expect(report.internal).toBe(0);
    expect(report.stillServing).toBe(true);
    for (const command of report.commands) expect(command.runs).toBeGreaterThanOrEqual(runsPerCommand);
  });
});
