/**
 * `npm run bench:abuse`: how much one person misbehaving slows down another (SPEC 8). Carl
 * (Contoso) searches and chats at a person's pace for BENCH_SECONDS (15 by default), first
 * alone, then while Alice (Northwind, in 600 conversations with 400 meetings) floods messages,
 * opens 600 sockets, joins and leaves a meeting from every one of them and lists without end.
 * The backend runs in this process; Carl and Alice each in a process of their own. Prints
 * Carl's p50 and p95 in both runs, the ratio of the p95s (the aim: at most 2×), and what became
 * of Alice's abuse.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startServer } from '../src-backend/server';
import type { AbuseReport, VictimReport } from '../src-backend/testing/abuse';
import { addManyConversations } from '../src-backend/testing/largeData';
import { basicSeed } from '../src-backend/testing/testServer';
import { SessionClient } from '../src-shared/session/sessionClient';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);

const agent = (options: Record<string, unknown>): ChildProcess => fork(path.join(__dirname, 'abuseAgent.ts'), [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const nextMessage = <T>(child: ChildProcess) => new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)));

async function run(withAbuser: boolean): Promise<{ victim: VictimReport; abuse: AbuseReport | null }> {
  const server = await startServer({ db: ':memory:', seed: basicSeed(), port: 0, webRoot: null });
  addManyConversations(server.context.db, { userId: 'nw-alice', accountId: '100100', count: 600, withMeetings: 400 });
  const token = async (email: string) => {
    const client = new SessionClient({ serverUrl: server.url });
    const signedIn = await client.signIn({ email, password: 'demo' });
    if (!signedIn.ok) throw new Error(signedIn.error.message);
    return client;
  };
  // Brian holds a meeting open in the channel Alice abuses.
  const brian = await token('brian@northwind.example');
  const meeting = await brian.request('meeting:start', { conversationId: 'ch-nw-general' });
  if (!meeting.ok) throw new Error(meeting.error.message);
  const alice = (await token('alice@northwind.example')).sessionToken!;
  const carl = (await token('carl@contoso.example')).sessionToken!;
  let abuser: ChildProcess | null = null;
  if (withAbuser) {
    abuser = agent({ role: 'abuser', url: server.url, token: alice, conversationId: 'ch-nw-general', meetingId: meeting.data.id, sockets: 600 });
    await nextMessage(abuser);
    // Let the abuse reach full strength before timing anyone.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  const victimProcess = agent({ role: 'victim', url: server.url, token: carl, conversationId: 'ch-ct-public', durationMs: seconds * 1000 });
  const victim = await nextMessage<VictimReport>(victimProcess);
  let abuse: AbuseReport | null = null;
  if (abuser) {
    const report = nextMessage<AbuseReport>(abuser);
    abuser.send('stop');
    abuse = await report;
  }
  brian.signOut();
  await server.close();
  return { victim, abuse };
}

async function main(): Promise<void> {
  const alone = await run(false);
  const abused = await run(true);
  const line = (label: string, report: VictimReport) =>
    `${label.padEnd(22)} ${String(report.latencies.length).padStart(5)} commands  p50 ${report.p50.toFixed(1).padStart(7)} ms  p95 ${report.p95.toFixed(1).padStart(7)} ms  failed ${report.failures}`;
  console.log(`Carl (Contoso) searching and chatting for ${seconds} s:`);
  console.log(line('alone', alone.victim));
  console.log(line('while Alice abuses', abused.victim));
  console.log(`p95 ratio (abused / alone): ${(abused.victim.p95 / alone.victim.p95).toFixed(2)}×   p50 ratio: ${(abused.victim.p50 / alone.victim.p50).toFixed(2)}×`);
  const abuse = abused.abuse!;
  console.log(
    `Alice's abuse: messages ${abuse.messages.sent} sent / ${abuse.messages.accepted} accepted / ${abuse.messages.rateLimited} rate-limited; ` +
      `sockets ${abuse.sockets.tried} tried / ${abuse.sockets.connected} held / ${abuse.sockets.refused} refused; ` +
      `meeting joins ${abuse.meetings.joins} (answers: ${abuse.meetings.accepted} accepted / ${abuse.meetings.rateLimited} rate-limited); ` +
      `lists ${abuse.lists.sent} sent / ${abuse.lists.accepted} accepted / ${abuse.lists.rateLimited} rate-limited; other ${JSON.stringify(abuse.other)}`,
  );
  process.exit(0);
}

void main();
