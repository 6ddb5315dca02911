/**
 * Messaging benchmarks, each run against Meridian and the bare socket.io baseline alike:
 * fan-out latency and server CPU per message, closed-loop throughput, catch-up after a drop,
 * and throughput in a channel with a long history.
 */
import { ClientFleet, Senders, startBenchServer, type ServerKind } from '../lib/harness';
import { makePeople, type BenchWorld } from '../lib/people';
import { percentile, sleep, wallMs } from '../lib/stats';

/** A channel of `members` people in two federated accounts (half each), and `senders` of them who send. */
function channelWorld(members: number, options: { history?: number; extraChannel?: boolean } = {}): BenchWorld {
  const people = makePeople(2, Math.ceil(members / 2)).slice(0, members);
  const memberIds = people.map((person) => person.id);
  const channels: BenchWorld['channels'] = [{ id: 'ch-bench', accountId: 'acct-0', members: memberIds, messages: options.history ?? 0 }];
  if (options.extraChannel) channels.push({ id: 'ch-fresh', accountId: 'acct-0', members: memberIds });
  return { people, accounts: 2, channels };
}

async function withChannel<T>(kind: ServerKind, world: BenchWorld, senderCount: number, run: (fleet: ClientFleet, senders: Senders, usage: () => Promise<{ cpuMs: number }>) => Promise<T>): Promise<T> {
  const memberIds = world.channels[0]!.members;
  const server = await startBenchServer(kind, world, memberIds);
  const workerCount = memberIds.length >= 300 ? 3 : 2;
  const { fleet } = await ClientFleet.connect(server.urls, memberIds.map((id) => [id, server.tokens[id]!]), workerCount);
  // Senders are second clients of the first members: what they receive is not counted.
  const senders = await Senders.connect(server.url, memberIds.slice(0, senderCount).map((id) => server.tokens[id]!));
  try {
    await fleet.awaitQuiet(500);
    await fleet.reset();
    return await run(fleet, senders, server.usage);
  } finally {
    senders.close();
    await fleet.close();
    await server.stop();
  }
}

export interface FanOutResult {
  members: number;
  messages: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerMessage: number;
}

/** `messages` messages at `perSecond` into a channel of `members`, one socket each: latency send→receipt and server CPU per message. */
export function fanOut(kind: ServerKind, members: number, messages: number, perSecond: number): Promise<FanOutResult> {
  return withChannel(kind, channelWorld(members), 10, async (fleet, senders, usage) => {
    const before = await usage();
    await senders.sendAtRate('ch-bench', messages, perSecond);
    await fleet.awaitReceipts(messages * members);
    const after = await usage();
    const { latencies } = await fleet.report();
    return { members, messages, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), cpuMsPerMessage: (after.cpuMs - before.cpuMs) / messages };
  });
}

export interface ThroughputResult {
  members: number;
  messages: number;
  messagesPerSecond: number;
  /** The server's CPU time (user and system) over the run, per message. */
  cpuMsPerMessage: number;
}

/** A closed loop of `messages` (20 in flight) into a channel of `members`, timed to the last delivery. */
export function throughput(kind: ServerKind, members: number, messages: number, options: { history?: number; conversationId?: string } = {}): Promise<ThroughputResult> {
  const world = channelWorld(members, { history: options.history, extraChannel: options.conversationId === 'ch-fresh' });
  return withChannel(kind, world, 10, async (fleet, senders, usage) => {
    const conversationId = options.conversationId ?? 'ch-bench';
    const before = await usage();
    const started = wallMs();
    await senders.sendClosedLoop(conversationId, messages, 20);
    const last = await fleet.awaitReceipts(messages * members);
    const after = await usage();
    return { members, messages, messagesPerSecond: messages / ((last - started) / 1000), cpuMsPerMessage: (after.cpuMs - before.cpuMs) / messages };
  });
}

/**
 * Throughput in a channel holding `history` messages, next to a new channel on the same server.
 * Both are warmed up with a full round each first (the first round after loading a large seed
 * ran at 55–70% of the later ones, in either channel: that measured the warm-up, not the
 * history). Then they are measured in turn, twice each, the order swapped in the second round,
 * so neither gains from going first or second.
 */
export async function throughputWithHistory(kind: ServerKind, members: number, messages: number, history: number): Promise<{ withHistory: number; fresh: number }> {
  const world = channelWorld(members, { history, extraChannel: true });
  return withChannel(kind, world, 10, async (fleet, senders) => {
    const rate = async (conversationId: string, count = messages) => {
      await fleet.reset();
      const started = wallMs();
      await senders.sendClosedLoop(conversationId, count, 20);
      const last = await fleet.awaitReceipts(count * members);
      return count / ((last - started) / 1000);
    };
    await rate('ch-bench');
    await rate('ch-fresh');
    const withHistory: number[] = [];
    const fresh: number[] = [];
    withHistory.push(await rate('ch-bench'));
    fresh.push(await rate('ch-fresh'));
    fresh.push(await rate('ch-fresh'));
    withHistory.push(await rate('ch-bench'));
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    return { withHistory: mean(withHistory), fresh: mean(fresh) };
  });
}

export interface CatchUpResult {
  clients: number;
  messages: number;
  totalMs: number;
}

/** `clients` drop; `messages` are sent; all come back at once and fetch what they missed. Timed from the first send to the last caught up. */
export function catchUp(kind: ServerKind, clients: number, messages: number): Promise<CatchUpResult> {
  return withChannel(kind, channelWorld(clients), 10, async (fleet, senders) => {
    await fleet.drop();
    await sleep(200);
    const started = wallMs();
    await senders.sendClosedLoop('ch-bench', messages, 20);
    const { fetched, doneAt } = await fleet.rejoin('ch-bench');
    if (fetched < clients * messages) throw new Error(`catch-up fetched ${fetched} of ${clients * messages} messages`);
    return { clients, messages, totalMs: doneAt - started };
  });
}
