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

let server: TestServer;
beforeAll(async () => {
  // Alice and Carl from addresses of their own (X-Forwarded-For, believed from loopback): on one machine both would be loopback, one address.
  server = await startTestServer(basicSeed(), { trustProxy: ['loopback'] });
  await addManyConversations(server.context.store, { userId: 'nw-alice', accountId: '100100', count: 600, withMeetings: 400 });
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
  const abuser = startAbuser({ url: server.url, token: alice, conversationId: 'ch-nw-general', meetingId: meeting.id, sockets: 100, address: '203.0.113.7' });
  // Timed from when every kind of abuse is under way: the first sockets take seconds on a busy machine.
  await abuser.ready;
  const victim = await runVictim({ url: server.url, token: carl, conversationId: 'ch-ct-public', durationMs: seconds * 1000, address: '198.51.100.20' });
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

it('issue 18: a searching abuser is held to the message search limit, and a large-frame abuser is answered unread or cut off; the other person works unrefused', { timeout: 40_000 }, async () => {
  const brian = await server.signIn('brian@northwind.example');
  const meeting = dataOf(await brian.request('meeting:start', { conversationId: 'ch-nw-general' }));
  const alice = (await server.signIn('alice@northwind.example')).sessionToken!;
  const carl = (await server.signIn('carl@contoso.example')).sessionToken!;
  const started = Date.now();
  const searcher = startAbuser({ url: server.url, token: alice, conversationId: 'ch-nw-general', meetingId: meeting.id, mode: 'search', query: 'meeting', sockets: 5, address: '203.0.113.7' });
  await searcher.ready;
  const searchVictim = await runVictim({ url: server.url, token: carl, conversationId: 'ch-ct-public', durationMs: 2_000, searchMessages: 'working', address: '198.51.100.20' });
  const searches = await searcher.stop();
  const elapsed = (Date.now() - started) / 1000 + 1;
  expect(searches.searches.rateLimited).toBeGreaterThan(0);
  expect(searches.searches.accepted).toBeLessThanOrEqual(defaultLimits.commands.messageSearch.burst + defaultLimits.commands.messageSearch.perSecond * elapsed);
  expect(searchVictim.failures).toBe(0);

  const framer = startAbuser({ url: server.url, token: alice, conversationId: 'ch-nw-general', meetingId: meeting.id, mode: 'frames', sockets: 5, address: '203.0.113.7' });
  await framer.ready;
  const frameVictim = await runVictim({ url: server.url, token: carl, conversationId: 'ch-ct-public', durationMs: 2_000, address: '198.51.100.20' });
  const frames = await framer.stop();
  console.log(`abuse test: searches ${JSON.stringify(searches.searches)}; frames ${JSON.stringify(frames.frames)}`);
  expect(frames.frames.sent).toBeGreaterThan(0);
  expect(frames.frames.answered).toBeGreaterThan(0);
  expect(frameVictim.latencies.length).toBeGreaterThan(4);
  expect(frameVictim.failures).toBe(0);
});
