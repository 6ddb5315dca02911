/**
 * `npm run bench [-- --quick] [--cluster] [--only fanout,search,…] [--runs N] [--out FILE]`: Meridian's benchmark
 * suite. Each measurement runs against Meridian and, in the same run, against its baseline —
 * bare socket.io 4 with one SQLite INSERT per message, or the in-process search index — with
 * servers and clients in separate processes. It prints one table (each figure beside its
 * baseline, its target, and the same row of the last run on this machine) and writes
 * bench-results.json; every run is kept in bench-history/ (bench/lib/history.ts). Targets are
 * ratios to a figure of the same run, or information only: an absolute time says more about the
 * machine than about Meridian. `--quick` runs reduced sizes in under two minutes: `npm test`
 * runs it to check that the suite works, not to judge its figures. `BENCH_CPU_PROF=DIR` also
 * writes CPU profiles of the Meridian server processes. `--cluster` measures fan-out, throughput
 * and catch-up with two backend processes on PostgreSQL + Redis, one process on PostgreSQL, and
 * today's SQLite process, in one run (PostgreSQL and Redis found or started as `npm test` does).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { BenchHistory, changeSince, type HistoryRun } from './lib/history';
import { catchUp, fanOut, throughput, throughputWithHistory } from './scenarios/messaging';
import { connectStorm, idleMemory } from './scenarios/connections';
import { searchOverSocket, startup } from './scenarios/directory';
import { median } from './lib/stats';
import { measureSend } from './sendBench';
import { clusterDurability, durability, limitFleetWorkers, stopClusterServices, type ServerKind } from './lib/harness';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
// `--cluster`: only the rows of several processes (SPEC 10), unless --only names others too.
const cluster = args.includes('--cluster');
const only = args.includes('--only') ? new Set(args[args.indexOf('--only') + 1]!.split(',')) : cluster ? new Set(['cluster']) : null;
if (quick) limitFleetWorkers(1);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : quick ? 1 : 3;
const output = args.includes('--out') ? path.resolve(args[args.indexOf('--out') + 1]!) : path.resolve(import.meta.dirname, '..', 'bench-results.json');
const history = new BenchHistory(process.env.BENCH_HISTORY_DIR ?? path.resolve(import.meta.dirname, '..', 'bench-history'));

/** Sizes of the full suite, and of `--quick`. */
const size = quick
  ? { clusterMembers: 50, fanOut: [20, 50], fanOutMessages: 10, throughputMessages: 50, catchUpClients: 20, catchUpMessages: 50, searchPerAccount: [500, 1_000], searchQueries: 100, memorySockets: 100, startupPeople: 1_000, stormClients: 100, history: 1_000, historyMessages: 50, sendHistory: [0, 5_000], sends: 50 }
  : { clusterMembers: 300, fanOut: [100, 300, 1_000], fanOutMessages: 200, throughputMessages: 1_000, catchUpClients: 200, catchUpMessages: 1_000, searchPerAccount: [5_000, 50_000], searchQueries: 1_000, memorySockets: 2_000, startupPeople: 100_000, stormClients: 2_000, history: 50_000, historyMessages: 500, sendHistory: [0, 100_000, 300_000], sends: 300 };

export interface Row {
  group: string;
  what: string;
  unit: string;
  meridian: number;
  baseline: number | null;
  /** meridian ÷ baseline, or the figure itself compared with an absolute target. */
  ratio: number | null;
  target: string;
  met: boolean | null;
  /** Every run's figures, for the record. */
  runs: Array<{ meridian: number; baseline: number | null }>;
}

const rows: Row[] = [];
const wanted = (group: string) => (only === null ? group !== 'cluster' : only.has(group));

/** Runs `measure` `runs` times and keeps the medians. */
async function measured(group: string, what: string, unit: string, measure: () => Promise<{ meridian: number; baseline: number | null }>, target: { text: string; check: (ratio: number | null, meridian: number) => boolean | null; ratio?: (meridian: number, baseline: number | null) => number | null }) {
  const all: Array<{ meridian: number; baseline: number | null }> = [];
  for (let run = 0; run < runs; run++) {
    all.push(await measure());
    process.stdout.write('.');
  }
  const meridian = median(all.map((entry) => entry.meridian));
  const baselines = all.map((entry) => entry.baseline).filter((value): value is number => value !== null);
  const baseline = baselines.length > 0 ? median(baselines) : null;
  const ratios = all.map((entry) => (target.ratio ?? defaultRatio)(entry.meridian, entry.baseline)).filter((value): value is number => value !== null);
  const ratio = ratios.length > 0 ? median(ratios) : null;
  rows.push({ group, what, unit, meridian, baseline, ratio, target: target.text, met: target.check(ratio, meridian), runs: all });
  console.log(` ${what}: ${format(meridian, unit)}${baseline !== null ? ` (baseline ${format(baseline, unit)})` : ''}`);
}

const defaultRatio = (meridian: number, baseline: number | null) => (baseline ? meridian / baseline : null);
const atMost = (limit: number) => ({ text: `≤ ${limit}×`, check: (ratio: number | null) => (ratio === null ? null : ratio <= limit) });
const atLeast = (limit: number) => ({ text: `≥ ${limit}×`, check: (ratio: number | null) => (ratio === null ? null : ratio >= limit) });
const growth = { text: 'how it grows', check: () => null };
/** A figure kept for the record and set beside the last run, not judged: a time of its own says more about the machine. */
const information = { text: 'information', check: () => null };

function format(value: number, unit: string): string {
  if (unit === 'KB') return `${(value / 1024).toFixed(1)} KB`;
  if (unit === 'MB') return `${(value / 1024 / 1024).toFixed(0)} MB`;
  if (unit === 'msg/s') return `${value.toFixed(0)} msg/s`;
  if (unit === 's') return `${(value / 1000).toFixed(2)} s`;
  return `${value.toFixed(value < 10 ? 2 : 1)} ${unit}`;
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`Meridian benchmarks${quick ? ' (quick: reduced sizes, figures not judged)' : ''}, ${runs} run${runs === 1 ? '' : 's'} each, medians kept.`);
  console.log(`Meridian: ${durability.meridian}.\nBaseline: bare socket.io 4, ${durability.baseline}.`);

  if (wanted('fanout')) {
    const largest = size.fanOut.at(-1)!;
    for (const members of size.fanOut) {
      const results: Array<{ meridian: Awaited<ReturnType<typeof fanOut>>; baseline: Awaited<ReturnType<typeof fanOut>> }> = [];
      await measured('fanout', `fan-out, ${members} members: server CPU per message`, 'ms', async () => {
        const meridian = await fanOut('meridian', members, size.fanOutMessages, 20);
        const baseline = await fanOut('baseline', members, size.fanOutMessages, 20);
        results.push({ meridian, baseline });
        return { meridian: meridian.cpuMsPerMessage, baseline: baseline.cpuMsPerMessage };
      }, members === largest ? atMost(1.3) : growth);
      const latency = (pick: (entry: (typeof results)[number]) => number) => median(results.map(pick));
      rows.push({
        group: 'fanout',
        what: `fan-out, ${members} members, ${size.fanOutMessages} messages at 20/s: p99 send→receipt`,
        unit: 'ms',
        meridian: latency((entry) => entry.meridian.p99Ms),
        baseline: latency((entry) => entry.baseline.p99Ms),
        ratio: median(results.map((entry) => entry.meridian.p99Ms / entry.baseline.p99Ms)),
        // Judged against the baseline's p99 in the same run: on a loaded machine both grow.
        target: members === largest ? '≤ 1.3×' : 'how it grows',
        met: members === largest ? median(results.map((entry) => entry.meridian.p99Ms / entry.baseline.p99Ms)) <= 1.3 : null,
        runs: results.map((entry) => ({ meridian: entry.meridian.p99Ms, baseline: entry.baseline.p99Ms })),
      });
    }
  }

  if (wanted('throughput')) {
    const cpu: Array<{ meridian: number; baseline: number }> = [];
    await measured('throughput', `throughput: closed loop into a 50-member channel, ${size.throughputMessages} messages, to the last delivery`, 'msg/s', async () => {
      const meridian = await throughput('meridian', 50, size.throughputMessages);
      const baseline = await throughput('baseline', 50, size.throughputMessages);
      cpu.push({ meridian: meridian.cpuMsPerMessage, baseline: baseline.cpuMsPerMessage });
      return { meridian: meridian.messagesPerSecond, baseline: baseline.messagesPerSecond };
    }, atLeast(0.8));
    const ratio = median(cpu.map((entry) => entry.meridian / entry.baseline));
    rows.push({
      group: 'throughput',
      what: 'throughput: server CPU per message (user + system, from /proc)',
      unit: 'ms',
      meridian: median(cpu.map((entry) => entry.meridian)),
      baseline: median(cpu.map((entry) => entry.baseline)),
      ratio,
      target: '≤ 1.3×',
      met: quick ? null : ratio <= 1.3,
      runs: cpu,
    });
    console.log(` throughput: server CPU per message: ${format(median(cpu.map((entry) => entry.meridian)), 'ms')} (baseline ${format(median(cpu.map((entry) => entry.baseline)), 'ms')}), ${ratio.toFixed(2)}×`);
  }

  if (wanted('history')) {
    await measured('history', `throughput in a channel holding ${size.history.toLocaleString('en-US')} messages (baseline: a new channel, same server)`, 'msg/s', async () => {
      const result = await throughputWithHistory('meridian', 50, size.historyMessages, size.history);
      return { meridian: result.withHistory, baseline: result.fresh };
    }, atLeast(0.9));
  }

  if (wanted('send')) {
    // One server, the levels in turn: a run gives every level, and its medians are kept.
    const all: Array<Awaited<ReturnType<typeof measureSend>>> = [];
    for (let run = 0; run < runs; run++) {
      all.push(await measureSend(size.sendHistory, size.sends));
      process.stdout.write('.');
    }
    const first = median(all.map((levels) => levels[0]!.p50Ms));
    for (const [index, history] of size.sendHistory.entries()) {
      const p50 = median(all.map((levels) => levels[index]!.p50Ms));
      rows.push({
        group: 'send',
        what: `message:send p50 with ${history.toLocaleString('en-US')} messages of history (baseline: with none)`,
        unit: 'ms',
        meridian: p50,
        baseline: index === 0 ? null : first,
        ratio: index === 0 ? null : p50 / first,
        target: index === 0 ? '—' : '≤ 2× (flat)',
        met: index === 0 ? null : p50 <= 2 * first,
        runs: all.map((levels) => ({ meridian: levels[index]!.p50Ms, baseline: index === 0 ? null : levels[0]!.p50Ms })),
      });
      console.log(` message:send p50 at ${history.toLocaleString('en-US')} messages of history: ${p50.toFixed(2)} ms`);
    }
  }

  if (wanted('catchup')) {
    await measured('catchup', `catch-up: ${size.catchUpClients} clients drop, ${size.catchUpMessages} messages sent, all reconnect at once`, 's', async () => ({
      meridian: (await catchUp('meridian', size.catchUpClients, size.catchUpMessages)).totalMs,
      baseline: (await catchUp('baseline', size.catchUpClients, size.catchUpMessages)).totalMs,
    }), atMost(1.3));
  }

  if (wanted('search')) {
    const largest = size.searchPerAccount.at(-1)!;
    for (const perAccount of size.searchPerAccount) {
      await measured('search', `search over the socket, 2 accounts × ${perAccount.toLocaleString('en-US')} people: p95 (baseline: the in-process index)`, 'ms', async () => {
        const result = await searchOverSocket(perAccount, size.searchQueries);
        return { meridian: result.socketP95Ms, baseline: result.indexP95Ms };
      }, perAccount === largest ? atMost(1.3) : growth);
    }
  }

  if (wanted('memory')) {
    await measured('memory', `idle memory, ${size.memorySockets.toLocaleString('en-US')} authenticated sockets`, 'KB', async () => ({
      meridian: (await idleMemory('meridian', size.memorySockets)).bytesPerSocket,
      baseline: (await idleMemory('baseline', size.memorySockets)).bytesPerSocket,
    }), atMost(1.3));
  }

  if (wanted('storm')) {
    await measured('storm', `${size.stormClients.toLocaleString('en-US')} clients connecting at once, until quiet`, 's', async () => ({
      meridian: (await connectStorm('meridian', size.stormClients)).untilQuietMs,
      baseline: (await connectStorm('baseline', size.stormClients)).untilQuietMs,
    }), atMost(1.5));
  }

  if (wanted('startup')) {
    const results: Array<Awaited<ReturnType<typeof startup>>> = [];
    await measured('startup', `start-up, ${size.startupPeople.toLocaleString('en-US')}-person seed, first start (baseline: demo seed)`, 's', async () => {
      const result = await startup(size.startupPeople);
      results.push(result);
      return { meridian: result.firstStartMs, baseline: result.demoFirstStartMs };
    }, information);
    const later = median(results.map((result) => result.laterStartMs));
    rows.push({ group: 'startup', what: `start-up, ${size.startupPeople.toLocaleString('en-US')}-person seed, later starts`, unit: 's', meridian: later, baseline: null, ratio: null, target: information.text, met: null, runs: results.map((result) => ({ meridian: result.laterStartMs, baseline: null })) });
    const rss = median(results.map((result) => result.laterRssBytes));
    rows.push({ group: 'startup', what: `resident memory after a later start (baseline: demo seed)`, unit: 'MB', meridian: rss, baseline: median(results.map((result) => result.demoRssBytes)), ratio: null, target: '—', met: null, runs: results.map((result) => ({ meridian: result.laterRssBytes, baseline: result.demoRssBytes })) });
  }

  if (wanted('cluster')) {
    await clusterRows();
    await stopClusterServices();
  }

  printTable(history.comparable({ quick }));
  const file = output;
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), quick, runs, node: process.version, seconds: (Date.now() - started) / 1000, rows }, null, 2)}\n`);
  history.append({
    at: new Date().toISOString(),
    machine: history.machine,
    quick,
    runs,
    commit: currentCommit(),
    node: process.version,
    load: [loadAtStart, loadavg()[0]!],
    rows: rows.map(({ group, what, unit, meridian, baseline, ratio }) => ({ group, what, unit, meridian, baseline, ratio })),
  });
  console.log(`\nWrote ${path.relative(process.cwd(), file)} and added this run to ${path.relative(process.cwd(), history.file)} (${((Date.now() - started) / 1000).toFixed(0)} s in all).`);
}

const loadAtStart = loadavg()[0]!;

/**
 * Several processes (SPEC 10): each row is measured on the three deployments in turn within a
 * run — `meridian-cluster` (two processes, PostgreSQL + Redis, clients spread over both, senders on
 * the first), `meridian-postgres` (one process) and `meridian` (today's SQLite process) — and each
 * PostgreSQL deployment is set beside the SQLite one. Information, not targets: they show what a
 * deployment of several machines costs per message, for docs/DEPLOYMENT.md's model.
 */
async function clusterRows(): Promise<void> {
  console.log(`Several processes: ${clusterDurability['meridian-cluster']}.\nOne process on PostgreSQL: ${clusterDurability['meridian-postgres']}.`);
  const kinds: ServerKind[] = ['meridian-cluster', 'meridian-postgres', 'meridian'];
  const labels: Record<string, string> = { 'meridian-cluster': '2 processes, PostgreSQL + Redis', 'meridian-postgres': '1 process, PostgreSQL' };
  const members = size.clusterMembers;
  type Figures = Record<string, number>;
  const collect = async (figures: (kind: ServerKind) => Promise<Figures>): Promise<Array<Record<ServerKind, Figures>>> => {
    const all: Array<Record<ServerKind, Figures>> = [];
    for (let run = 0; run < runs; run++) {
      const one = {} as Record<ServerKind, Figures>;
      for (const kind of kinds) one[kind] = await figures(kind);
      all.push(one);
      process.stdout.write('.');
    }
    return all;
  };
  const push = (all: Array<Record<ServerKind, Figures>>, figure: string, what: (label: string) => string, unit: string) => {
    for (const kind of ['meridian-cluster', 'meridian-postgres'] as const) {
      const meridian = median(all.map((run) => run[kind][figure]!));
      const baseline = median(all.map((run) => run.meridian[figure]!));
      rows.push({ group: 'cluster', what: `${what(labels[kind]!)} (baseline: the SQLite process)`, unit, meridian, baseline, ratio: median(all.map((run) => run[kind][figure]! / run.meridian[figure]!)), target: information.text, met: null, runs: all.map((run) => ({ meridian: run[kind][figure]!, baseline: run.meridian[figure]! })) });
      console.log(` ${what(labels[kind]!)}: ${format(meridian, unit)} (SQLite ${format(baseline, unit)})`);
    }
  };

  const fan = await collect(async (kind) => {
    const result = await fanOut(kind, members, size.fanOutMessages, 20);
    return { cpu: result.cpuMsPerMessage, p99: result.p99Ms };
  });
  push(fan, 'cpu', (label) => `fan-out, ${members} members, ${label}: server CPU per message, all processes`, 'ms');
  push(fan, 'p99', (label) => `fan-out, ${members} members, ${size.fanOutMessages} messages at 20/s, ${label}: p99 send→receipt`, 'ms');
  // What crossing processes adds: the two processes' CPU per message beyond the one process's, both on PostgreSQL.
  const crossing = fan.map((run) => run['meridian-cluster'].cpu! - run['meridian-postgres'].cpu!);
  rows.push({ group: 'cluster', what: `fan-out, ${members} members: CPU per message added by crossing processes (2 processes − 1, PostgreSQL)`, unit: 'ms', meridian: median(crossing), baseline: null, ratio: null, target: information.text, met: null, runs: crossing.map((value) => ({ meridian: value, baseline: null })) });

  const loop = await collect(async (kind) => {
    const result = await throughput(kind, 50, size.throughputMessages);
    return { rate: result.messagesPerSecond, cpu: result.cpuMsPerMessage };
  });
  push(loop, 'rate', (label) => `throughput, 50 members, ${size.throughputMessages} messages closed loop, ${label}`, 'msg/s');
  push(loop, 'cpu', (label) => `throughput, ${label}: server CPU per message, all processes`, 'ms');

  const back = await collect(async (kind) => ({ total: (await catchUp(kind, size.catchUpClients, size.catchUpMessages)).totalMs }));
  push(back, 'total', (label) => `catch-up: ${size.catchUpClients} clients drop, ${size.catchUpMessages} messages sent, all reconnect at once, ${label}`, 's');
}

function currentCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: import.meta.dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Larger is better for a rate, smaller for a time, a size or a cost. */
const largerIsBetter = (unit: string) => unit === 'msg/s';

function printTable(earlier: readonly HistoryRun[]): void {
  const cells = rows.map((row) => {
    const change = changeSince(row, earlier);
    const moved = change === null ? '—' : `${change.percent >= 0 ? '+' : '−'}${Math.abs(change.percent).toFixed(0)}%${Math.abs(change.percent) < 5 ? '' : (change.percent > 0) === largerIsBetter(row.unit) ? ' better' : ' worse'}`;
    return [
      row.what,
      format(row.meridian, row.unit),
      row.baseline === null ? '—' : format(row.baseline, row.unit),
      row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`,
      change === null ? '—' : `${format(change.meridian, row.unit)}${change.ratio === null ? '' : ` (${change.ratio.toFixed(2)}×)`}`,
      moved,
      row.target,
      quick || row.met === null ? '' : row.met ? 'met' : 'NOT MET',
    ];
  });
  const header = ['what', 'Meridian', 'baseline', 'ratio', 'last run', 'change', 'target', ''];
  const widths = header.map((title, index) => Math.max(title.length, ...cells.map((line) => line[index]!.length)));
  const line = (values: string[]) => values.map((value, index) => (index === 0 ? value.padEnd(widths[index]!) : value.padStart(widths[index]!))).join('  ').trimEnd();
  console.log(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const values of cells) console.log(line(values));
  const last = earlier[0];
  console.log(
    last
      ? `\n"last run": the newest earlier run on this machine with that row (the newest: ${last.at}${last.commit ? ` at ${last.commit}` : ''}, load ${last.load[0].toFixed(1)}–${last.load[1].toFixed(1)}); this run's load ${loadAtStart.toFixed(1)}–${loadavg()[0]!.toFixed(1)}. A change under 5% is within the noise of one run.`
      : `\nNo earlier ${quick ? 'quick ' : ''}run on this machine (${history.machine}) to compare with: the next run will set itself beside this one.`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
