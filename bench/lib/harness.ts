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
import { sleep, wallMs } from './stats';

export type ServerKind = 'meridian' | 'baseline';

export interface StartedServer {
  kind: ServerKind;
  url: string;
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
  // Meridian's child only launches the backend's CLI (and profiles that, with BENCH_CPU_PROF); the baseline's is the server.
  const child = startChild(kind === 'meridian' ? 'servers/meridianServer.ts' : 'servers/baselineServer.ts');
  const started = await child.request<{ url: string; tokens: Record<string, string>; startMs: number }>(
    'start',
    kind === 'meridian' ? { seed: seedOf(world), tokensFor, db, nodeFlags: cpuProfileFlags(kind) } : { world, tokensFor, db, synchronous: baselineSynchronous },
  );
  return {
    kind,
    ...started,
    child,
    // Neither server is made to collect its garbage first: Meridian's runs as its CLI, out of reach, and both are measured alike.
    usage: () => child.request<Usage>('usage', { gc: false }),
    async stop() {
      await child.request('close').catch(() => undefined);
      await child.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
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

/** Client sockets spread over worker processes. */
export class ClientFleet {
  private constructor(readonly workers: ChildHandle[]) {}

  /** Opens one socket per person, spread evenly over `workerCount` processes, all at once. */
  static async connect(url: string, people: Array<[userId: string, token: string]>, workerCount: number): Promise<{ fleet: ClientFleet; startedAt: number; ms: number }> {
    const workers = Array.from({ length: workerCount }, () => startChild('clients/clientWorker.ts'));
    const shares = workers.map((_, index) => people.filter((_person, position) => position % workerCount === index));
    // Workers take a moment to start: wait for them before the clock starts.
    await Promise.all(workers.map((worker) => worker.request('reset')));
    const startedAt = wallMs();
    await Promise.all(workers.map((worker, index) => worker.request('connect', { url, tokens: shares[index] })));
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
