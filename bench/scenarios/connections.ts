/** Connection benchmarks: idle memory per authenticated socket, and many clients connecting at once. */
import { ClientFleet, startBenchServer, type ServerKind } from '../lib/harness';
import { makePeople, type BenchWorld } from '../lib/people';
import { sleep } from '../lib/stats';

/** `count` people of two federated accounts, each in a small channel with a few others (as people are). */
function crowd(count: number): BenchWorld {
  const people = makePeople(2, Math.ceil(count / 2)).slice(0, count);
  const channels: BenchWorld['channels'] = [];
  for (let start = 0; start < people.length; start += 20) channels.push({ id: `ch-team-${start / 20}`, accountId: 'acct-0', members: people.slice(start, start + 20).map((person) => person.id) });
  return { people, accounts: 2, channels };
}

export interface MemoryResult {
  sockets: number;
  bytesPerSocket: number;
}

/** Server memory (resident set, no collection forced on either side) per idle authenticated socket. */
export async function idleMemory(kind: ServerKind, sockets: number): Promise<MemoryResult> {
  const world = crowd(sockets);
  const ids = world.people.map((person) => person.id);
  const server = await startBenchServer(kind, world, ids);
  try {
    await sleep(300);
    const before = await server.usage();
    const { fleet } = await ClientFleet.connect(server.url, ids.map((id) => [id, server.tokens[id]!]), 4);
    try {
      await fleet.awaitQuiet(1_000);
      const after = await server.usage();
      // The heap and the sockets' buffers outside it: RSS follows both (the heap is not readable from outside Meridian's CLI).
      const grown = after.rssBytes - before.rssBytes;
      return { sockets, bytesPerSocket: grown / sockets };
    } finally {
      await fleet.close();
    }
  } finally {
    await server.stop();
  }
}

export interface ConnectStormResult {
  clients: number;
  /** From the first connection attempt to the last event any client received. */
  untilQuietMs: number;
  events: number;
}

/** `clients` people connect at once; how long until the server has told everyone everything. */
export async function connectStorm(kind: ServerKind, clients: number): Promise<ConnectStormResult> {
  const world = crowd(clients);
  const ids = world.people.map((person) => person.id);
  const server = await startBenchServer(kind, world, ids);
  try {
    const { fleet, startedAt, ms } = await ClientFleet.connect(server.url, ids.map((id) => [id, server.tokens[id]!]), 4);
    try {
      const lastEventAt = await fleet.awaitQuiet(1_000);
      const report = await fleet.report();
      return { clients, untilQuietMs: Math.max(ms, lastEventAt - startedAt), events: report.events };
    } finally {
      await fleet.close();
    }
  } finally {
    await server.stop();
  }
}
