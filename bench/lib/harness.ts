/**
 * What every benchmark scenario needs: a server of either kind in its own process, clients
 * spread over worker processes, senders in this process, and server CPU and memory readings.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { startChild, type ChildHandle, type Usage } from './child';
import type { BenchWorld } from './people';
import { seedOf } from './people';
import { ensurePostgres, ensureRedis, freshPostgresDatabase } from '../../src-backend/testing/services';
import { sleep, wallMs } from './stats';

/**
 * `meridian`: the backend as `npm run backend` starts it, on SQLite (the default). `baseline`: bare
 * socket.io with SQLite. `meridian-postgres`: one backend process on PostgreSQL.
 * `meridian-cluster`: two backend processes on one PostgreSQL and one Redis (SPEC 10), clients
 * spread over both (`npm run bench -- --cluster`).
 */
export type ServerKind = 'meridian' | 'baseline' | 'meridian-postgres' | 'meridian-cluster';

export interface StartedServer {
  kind: ServerKind;
  url: string;
  /** Every process's address (one but for `meridian-cluster`); clients are spread over them. */
  urls: string[];
  tokens: Record<string, string>;
  startMs: number;
  child: ChildHandle;
  usage(): Promise<Usage>;
  stop(): Promise<void>;
}

/** How the baseline commits (BENCH_BASELINE_SYNC=NORMAL for a comparison; FULL, Meridian's, by default). */
export const baselineSynchronous = process.env.BENCH_BASELINE_SYNC === 'NORMAL' ? 'NORMAL' : 'FULL';

/** What each side's database is, as the bench's header says it. */
export const durability = {
  meridian: 'started by its CLI as npm run backend starts it (a limits file raising only what the load needs), a database file, WAL, synchronous=FULL, messages group committed',
  baseline: `a database file, WAL, synchronous=${baselineSynchronous}, a commit per message`,
};

/**
 * Starts a server of `kind` holding `world`, with tokens for `tokensFor`. Both keep their data in
 * a database file of their own (in a scratch folder, removed at stop) with the durability above.
 */
export async function startBenchServer(kind: ServerKind, world: BenchWorld, tokensFor: string[]): Promise<StartedServer> {
  const folder = mkdtempSync(path.join(process.env.BENCH_DIR ?? tmpdir(), `meridian-bench-${kind}-`));
  const db = path.join(folder, `${kind}.db`);
  // On PostgreSQL each server gets a new database of its own, dropped at stop.
  const onPostgres = kind === 'meridian-postgres' || kind === 'meridian-cluster';
  const services = onPostgres ? await clusterServices(kind === 'meridian-cluster') : null;
  const database = services ? await freshPostgresDatabase(services.postgresUrl) : null;
  // Meridian's child only launches the backend's CLI (and profiles that, with BENCH_CPU_PROF); the baseline's is the server.
  const child = startChild(kind === 'baseline' ? 'servers/baselineServer.ts' : 'servers/meridianServer.ts');
  const request =
    kind === 'baseline'
      ? { world, tokensFor, db, synchronous: baselineSynchronous }
      : {
          seed: seedOf(world),
          tokensFor,
          db,
          nodeFlags: cpuProfileFlags(kind),
          ...(database ? { databaseUrl: database.url } : {}),
          ...(kind === 'meridian-cluster' ? { redisUrl: services!.redisUrl, processes: 2 } : {}),
        };
  let started: { url: string; urls?: string[]; tokens: Record<string, string>; startMs: number };
  try {
    started = await child.request('start', request);
  } catch (error) {
    await child.stop();
    await database?.drop();
    throw error;
  }
  return {
    kind,
    ...started,
    urls: started.urls ?? [started.url],
    child,
    // Neither server is made to collect its garbage first: Meridian's runs as its CLI, out of reach, and both are measured alike.
    usage: () => child.request<Usage>('usage', { gc: false }),
    async stop() {
      await child.request('close').catch(() => undefined);
      await child.stop();
      await database?.drop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** What each PostgreSQL side's database is, as the bench's header says it. */
const durabilityOfPostgres = 'a PostgreSQL database of its own (fsync and synchronous_commit on, PostgreSQL\'s defaults), each message committed before it is acknowledged';
export const clusterDurability = {
  'meridian-postgres': `one backend process started by its CLI with --database-url: ${durabilityOfPostgres}`,
  'meridian-cluster': `two backend processes started by their CLI with --database-url and --redis-url, clients spread over both: ${durabilityOfPostgres}; Redis carries events between them`,
};

/** PostgreSQL and Redis for the cluster rows: found or started once per run (src-backend/testing/services.ts). */
let services: { postgresUrl: string; redisUrl: string | null; stop(): Promise<void> } | null = null;

/** PostgreSQL (and Redis, for several processes), found on their standard ports or started here. */
async function clusterServices(withRedis: boolean): Promise<{ postgresUrl: string; redisUrl: string | null }> {
  if (!services) {
    const postgres = await ensurePostgres({ durable: true });
    if ('unavailable' in postgres) throw new Error(`the cluster rows need PostgreSQL: ${postgres.unavailable}`);
    services = { postgresUrl: postgres.url, redisUrl: null, stop: () => postgres.stop() };
  }
  if (withRedis && services.redisUrl === null) {
    const redis = await ensureRedis();
    if ('unavailable' in redis) throw new Error(`the cluster rows need Redis: ${redis.unavailable}`);
    const stopPostgres = services.stop;
    services = { ...services, redisUrl: redis.url, stop: async () => (await redis.stop(), await stopPostgres()) };
  }
  return services;
}

/** Stops what clusterServices started (nothing, when it found them running). */
export async function stopClusterServices(): Promise<void> {
  const running = services;
  services = null;
  await running?.stop();
}

/** `BENCH_CPU_PROF=DIR` writes a CPU profile of each Meridian server process there (node --cpu-prof). */
function cpuProfileFlags(kind: ServerKind): string[] {
  const folder = process.env.BENCH_CPU_PROF;
  return folder && kind === 'meridian' ? ['--cpu-prof', `--cpu-prof-dir=${folder}`] : [];
}

export interface ClientReport {
  latencies: number[];
  receipts: number;
  events: number;
  lastEventAt: number;
  lastReceiptAt: number;
}

/**
 * At most this many client processes per fleet, but one per server process: `--quick` asks for one
 * (that each scenario runs, not what it measures). Each process is a Node with tsx, about half a
 * second of CPU to start: four per fleet made a third of the quick run's CPU.
 */
let fleetLimit = Number.POSITIVE_INFINITY;
export function limitFleetWorkers(limit: number): void {
  fleetLimit = limit;
}

/** Client sockets spread over worker processes. */
export class ClientFleet {
  private constructor(readonly workers: ChildHandle[]) {}

  /** Opens one socket per person, spread evenly over `workerCount` processes, all at once. */
  static async connect(url: string | readonly string[], people: Array<[userId: string, token: string]>, workerCount: number): Promise<{ fleet: ClientFleet; startedAt: number; ms: number }> {
    // Several processes: each worker's sockets go to one of them in turn, so the fleet is spread evenly.
    const urls = typeof url === 'string' ? [url] : url;
    const count = Math.max(urls.length, Math.min(workerCount, fleetLimit));
    const workers = Array.from({ length: count }, () => startChild('clients/clientWorker.ts'));
    const shares = workers.map((_, index) => people.filter((_person, position) => position % count === index));
    // Workers take a moment to start: wait for them before the clock starts.
    await Promise.all(workers.map((worker) => worker.request('reset')));
    const startedAt = wallMs();
    await Promise.all(workers.map((worker, index) => worker.request('connect', { url: urls[index % urls.length], tokens: shares[index] })));
    return { fleet: new ClientFleet(workers), startedAt, ms: wallMs() - startedAt };
  }

  async reset(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.request('reset')));
  }

  async report(): Promise<ClientReport> {
    const reports = await Promise.all(this.workers.map((worker) => worker.request<ClientReport>('report')));
    return {
      latencies: reports.flatMap((report) => report.latencies),
      receipts: reports.reduce((sum, report) => sum + report.receipts, 0),
      events: reports.reduce((sum, report) => sum + report.events, 0),
      lastEventAt: Math.max(...reports.map((report) => report.lastEventAt)),
      lastReceiptAt: Math.max(...reports.map((report) => report.lastReceiptAt)),
    };
  }

  /** Waits until the whole fleet has received `count` benchmark messages; the time of the last. */
  async awaitReceipts(count: number, timeoutMs = 300_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const report = await this.report();
      if (report.receipts >= count) return report.lastReceiptAt;
      if (Date.now() > deadline) throw new Error(`bench: ${report.receipts} of ${count} deliveries arrived`);
      await sleep(20);
    }
  }

  /** Waits until no client has received anything for `quietMs`; the time of the last event. */
  async awaitQuiet(quietMs = 1_000, timeoutMs = 600_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let previous = -1;
    for (;;) {
      await sleep(quietMs);
      const report = await this.report();
      if (report.events === previous) return report.lastEventAt;
      previous = report.events;
      if (Date.now() > deadline) throw new Error('bench: the clients never went quiet');
    }
  }

  async drop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.request('drop')));
  }

  async rejoin(conversationId: string): Promise<{ fetched: number; doneAt: number }> {
    const results = await Promise.all(this.workers.map((worker) => worker.request<{ fetched: number; doneAt: number }>('rejoin', { conversationId })));
    return { fetched: results.reduce((sum, result) => sum + result.fetched, 0), doneAt: Math.max(...results.map((result) => result.doneAt)) };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(async (worker) => {
      await worker.request('close').catch(() => undefined);
      await worker.stop();
    }));
  }
}

/** Sockets in this process that send benchmark messages; each message's text carries its send time. */
export class Senders {
  private next = 0;
  private sent = 0;

  private constructor(private readonly sockets: Socket[]) {}

  static async connect(url: string, tokens: string[]): Promise<Senders> {
    const sockets = await Promise.all(
      tokens.map(
        (token) =>
          new Promise<Socket>((resolve, reject) => {
            const socket = io(url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
            socket.once('connect', () => resolve(socket));
            socket.once('connect_error', reject);
          }),
      ),
    );
    return new Senders(sockets);
  }

  /** Sends one message from the next sender in turn; resolves on its acknowledgement. */
  async send(conversationId: string): Promise<void> {
    const socket = this.sockets[this.next++ % this.sockets.length]!;
    this.sent += 1;
    const ack = (await socket.timeout(120_000).emitWithAck('message:send', { conversationId, clientId: randomUUID(), text: `bench #${this.sent} @${wallMs()}` })) as { ok: boolean; error?: { code: string; message: string } };
    if (!ack.ok) throw new Error(`message:send refused: ${ack.error?.code} ${ack.error?.message}`);
  }

  /** `count` messages at `perSecond`, each sent on its own schedule (an open loop). */
  async sendAtRate(conversationId: string, count: number, perSecond: number): Promise<void> {
    const started = performance.now();
    const pending: Array<Promise<void>> = [];
    for (let index = 0; index < count; index++) {
      const due = started + (index * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      pending.push(this.send(conversationId));
    }
    await Promise.all(pending);
  }

  /** `count` messages with `window` of them in flight at a time (a closed loop). */
  async sendClosedLoop(conversationId: string, count: number, window: number): Promise<void> {
    let remaining = count;
    await Promise.all(
      Array.from({ length: window }, async () => {
        while (remaining > 0) {
          remaining -= 1;
          await this.send(conversationId);
        }
      }),
    );
  }

  close(): void {
    for (const socket of this.sockets) socket.disconnect();
  }
}
