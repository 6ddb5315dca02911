/**
 * One person misbehaving does not stop another (SPEC 8): while Alice floods messages, opens
 * sockets, joins and leaves a meeting and lists without end, Carl of another account keeps
 * searching and chatting. Asserted: every limit engages and Carl is never refused. How long
 * Carl waits is measured by `npm run bench:abuse`, not here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultLimits } from './limits/limits';
import { startAbuser, runVictim } from './testing/abuse';
import { addManyConversations } from './testing/largeData';
import { basicSeed, dataOf, startTestServer, type TestServer } from './testing/testServer';
import { sqliteDb } from './testing/sqlite';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(basicSeed());
  addManyConversations(sqliteDb(server.context), { userId: 'nw-alice', accountId: '100100', count: 600, withMeetings: 400 });
});
afterAll(async () => {
  await server.close();
});

it('the abuser meets every limit while a person of another account works unrefused', { timeout: 30_000 }, async () => {
  const brian = await server.signIn('brian@northwind.example');
  const meeting = dataOf(await brian.request('meeting:start', { conversationId: 'ch-nw-general' }));
  const alice = (await server.signIn('alice@northwind.example')).sessionToken!;
  const carl = (await server.signIn('carl@contoso.example')).sessionToken!;
  const seconds = 3;
  const started = Date.now();
  const abuser = startAbuser({ url: server.url, token: alice, conversationId: 'ch-nw-general', meetingId: meeting.id, sockets: 100 });
  const victim = await runVictim({ url: server.url, token: carl, conversationId: 'ch-ct-public', durationMs: seconds * 1000 });
  const abuse = await abuser.stop();
  const elapsed = (Date.now() - started) / 1000 + 1;
  console.log(`abuse test: abuser ${JSON.stringify(abuse)}; victim ${victim.latencies.length} commands, ${victim.failures} failed`);

  const { commands, socketsPerPerson } = defaultLimits;
  const most = (rate: { burst: number; perSecond: number }) => rate.burst + rate.perSecond * elapsed;
  expect(abuse.messages.rateLimited).toBeGreaterThan(0);
  expect(abuse.messages.accepted).toBeLessThanOrEqual(most(commands.message));
  expect(abuse.lists.rateLimited).toBeGreaterThan(0);
  expect(abuse.lists.accepted).toBeLessThanOrEqual(most(commands.list));
  expect(abuse.meetings.rateLimited).toBeGreaterThan(0);
  expect(abuse.meetings.accepted).toBeLessThanOrEqual(most(commands.meeting));
  expect(abuse.sockets.refused).toBeGreaterThan(0);
  // The brief first connection and the test client count among Alice's sockets.
  expect(abuse.sockets.connected).toBeLessThanOrEqual(socketsPerPerson - 1);
  expect(abuse.other).toEqual({});

  expect(victim.latencies.length).toBeGreaterThan(4);
  expect(victim.failures).toBe(0);
});
