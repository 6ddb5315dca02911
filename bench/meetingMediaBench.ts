/**
 * `npm run bench:media` (meetings): a meeting of 8 with audio and video through the media server
 * (a real Janus the backend starts), on this machine. People join one at a time; for each joiner
 * it measures how long until it receives every participant already there (audio and video) and
 * every one of them receives it; once everyone is in, it counts the streams arriving everywhere;
 * and at 2, 4, 6 and 8 participants it reads Janus's CPU time over a few seconds, per participant.
 * Each client is a Chromium page with the fake camera (320×240) and microphone, driven through the
 * backend's own protocol (src-backend/testing/browserPeers.ts), so the figures are the media path's.
 *
 *   npm run bench:media                       # 8 people
 *   npm run bench:media -- --people 6 --window 5
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { Page } from '@playwright/test';
import { findJanus } from '../src-backend/media/janusProcess';
import { inboundBytes, launchPeers, publish, relayPeer } from '../src-backend/testing/browserPeers';
import { dataOf, startTestServer, type TestClient } from '../src-backend/testing/testServer';

const positive = (max: number) => (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 2 || number > max) throw new InvalidArgumentError(`must be a whole number from 2 to ${max}.`);
  return number;
};
const options = new Command()
  .name('npm run bench:media --')
  .option('--people <n>', 'people in the meeting', positive(12), 8)
  .option('--window <seconds>', 'how long Janus’s CPU is read at each size', positive(60), 4)
  .parse()
  .opts<{ people: number; window: number }>();

/** Janus's CPU time so far (user + system), in seconds, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function receiving(page: Page): Promise<number> {
  return Object.values(await inboundBytes(page)).filter((bytes) => bytes > 0).length;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    // Each look asks every page for its statistics: not so often that looking loads the machine.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

async function main(): Promise<void> {
  const janus = findJanus();
  if ('missing' in janus) {
    console.log(`bench:media (meetings) needs Janus: ${janus.missing}.`);
    process.exit(1);
  }
  const accountId = '100100';
  const people = Array.from({ length: options.people }, (_unused, index) => ({
    id: `p${index + 1}`,
    accountId,
    displayName: `Person ${index + 1}`,
    email: `p${index + 1}@bench.example`,
    password: 'demo',
  }));
  const seed = {
    accounts: [{ id: accountId, name: 'Bench' }],
    users: people,
    channels: [{ id: 'ch-bench', name: 'bench', accountId, visibility: 'public', members: people.map((person) => person.id) }],
  };
  const server = await startTestServer(seed, { mediaServer: 'start', limits: { commands: { media: { burst: 10_000, perSecond: 1_000 } } } });
  const pid = server.mediaServerPid;
  if (pid === null) throw new Error(`the backend has no Janus of its own: ${server.mediaServer}`);
  console.log(server.mediaServer);
  const peers = await launchPeers();
  const clients: TestClient[] = [];
  const pages: Page[] = [];
  const joins: Array<{ participants: number; ms: number }> = [];
  const cpu: Array<{ participants: number; percent: number }> = [];
  let meetingId = '';
  try {
    for (const [index, person] of people.entries()) {
      const client = await server.signIn(person.email);
      const page = await peers.page(server.url);
      const started = performance.now();
      if (index === 0) meetingId = dataOf(await client.request('meeting:start', { conversationId: 'ch-bench' })).id;
      else dataOf(await client.request('meeting:join', { meetingId }));
      relayPeer(client, page, meetingId);
      await publish(client, page, meetingId);
      clients.push(client);
      pages.push(page);
      // Everyone there receives every other's audio and video: 2 × (n − 1) streams each.
      const streams = 2 * index;
      const settled = await until(async () => (await Promise.all(pages.map(receiving))).every((count) => count >= streams), 30_000);
      const ms = performance.now() - started;
      if (!settled) throw new Error(`with ${index + 1} people, not everyone received everyone within 30 s`);
      joins.push({ participants: index + 1, ms });
      console.log(`person ${index + 1} joined: everyone receives everyone after ${Math.round(ms)} ms`);
      if ([2, 4, 6, 8, options.people].includes(index + 1) && !cpu.some((entry) => entry.participants === index + 1)) {
        const before = cpuSeconds(pid);
        const at = performance.now();
        await new Promise((resolve) => setTimeout(resolve, options.window * 1000));
        const percent = ((cpuSeconds(pid) - before) / ((performance.now() - at) / 1000)) * 100;
        cpu.push({ participants: index + 1, percent });
      }
    }
    // The streams keep arriving: every page's bytes grow on every stream.
    const first = await Promise.all(pages.map((page) => inboundBytes(page)));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const second = await Promise.all(pages.map((page) => inboundBytes(page)));
    const flowing = second.map((bytes, index) => Object.entries(bytes).filter(([mid, value]) => value > (first[index]![mid] ?? 0)).length);

    console.log('\nMeeting of %d through Janus (audio + 320×240 video each)', options.people);
    console.log('| people | everyone receives everyone after joining | Janus CPU | Janus CPU per participant | streams Janus forwards |');
    console.log('| ---: | ---: | ---: | ---: | ---: |');
    for (const join of joins) {
      const reading = cpu.find((entry) => entry.participants === join.participants);
      const n = join.participants;
      console.log(`| ${n} | ${Math.round(join.ms)} ms | ${reading ? `${reading.percent.toFixed(1)} %` : ''} | ${reading ? `${(reading.percent / n).toFixed(1)} %` : ''} | ${2 * n * (n - 1)} |`);
    }
    console.log(`\nStreams still arriving after 2 s, per page (expect ${2 * (options.people - 1)}): ${flowing.join(', ')}`);
    const slowest = Math.max(...joins.map((join) => join.ms));
    console.log(`Slowest join: ${Math.round(slowest)} ms (aim: within 5,000 ms) — ${slowest <= 5_000 ? 'met' : 'NOT met'}.`);
  } finally {
    for (const client of clients) await client.request('meeting:leave', { meetingId }).catch(() => undefined);
    await peers.close();
    await server.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
