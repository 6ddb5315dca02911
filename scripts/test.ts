// `npm test`: every check and every suite, then one summary (scripts/testSummary.ts). Stages run
// in order, some side by side (the static checks with the build and the quick benchmarks; the
// vitest, postgres and cluster suites); a failing stage does not hide the others, but fails the
// run, and the summary's last lines name it.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism as availableCores, loadavg, setPriority } from 'node:os';
import path from 'node:path';
import { postgresMissing, redisMissing } from '../src-backend/testing/services';
import { costText, TestSummary, type StageResult } from './testSummary';

const root = path.resolve(import.meta.dirname, '..');
const cache = path.join(root, '.cache');
mkdirSync(cache, { recursive: true });
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const only = process.argv.slice(2);
const chosen = (name: string) => only.length === 0 || only.includes(name);

const results: StageResult[] = [];

/**
 * CPU seconds used so far by this process's finished children and theirs (Linux: /proc/self/stat's
 * cutime and cstime), so each stage can say what it cost apart from how busy the machine was.
 */
function childCpuSeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // After the command's name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * The machine's busy and total CPU time so far, in clock ticks (Linux: /proc/stat's first line),
 * to say how busy it was during a stage, counting what the stage's own CPU seconds cannot see
 * (processes it did not wait for, and whatever else the machine ran).
 */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    return { busy, total: busy + idle! + iowait! };
  } catch {
    return undefined;
  }
}

/** The share of the machine's CPU that was busy between two readings of machineTicks(). */
function busyBetween(before: ReturnType<typeof machineTicks>, after: ReturnType<typeof machineTicks>): number | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  return (after.busy - before.busy) / (after.total - before.total);
}

/** Starts measuring a stage; the function it returns says what the stage cost so far. */
function meter(): () => Pick<StageResult, 'seconds' | 'cpuSeconds' | 'machineBusy'> {
  const started = Date.now();
  const cpuBefore = childCpuSeconds();
  const ticksBefore = machineTicks();
  return () => {
    const cpuAfter = childCpuSeconds();
    const cpuSeconds = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    return { seconds: (Date.now() - started) / 1000, cpuSeconds, machineBusy: busyBetween(ticksBefore, machineTicks()) };
  };
}

/** How a stage runs: what it adds to the environment, and whether it yields the CPU to the others (nice 10). */
type StageOptions = { env?: Record<string, string>; yielding?: boolean };

/**
 * Runs one command. `echo` prints its output as it comes (a long suite shows progress) — in
 * colour when this run is on a terminal — and keeps it for the summary either way.
 */
function run(name: string, command: string, args: string[], options: StageOptions & { echo: boolean }): Promise<StageResult> {
  return new Promise((resolve) => {
    const cost = meter();
    const colour = options.echo && process.stdout.isTTY ? { FORCE_COLOR: '1' } : {};
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...colour, ...options.env } });
    // A yielding stage runs at a lower priority (nice 10), so the stages it runs beside get the CPU first; what they leave it has.
    if (options.yielding && child.pid !== undefined) {
      try {
        setPriority(child.pid, 10);
      } catch {
        // Not allowed here: it runs at the same priority as the others.
      }
    }
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.echo) process.stdout.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => (output += `\n${error.message}\n`));
    child.on('close', (code, signal) => {
      resolve({ name, passed: code === 0, ...cost(), exit: code ?? signal ?? undefined, output });
    });
  });
}

/** A stage on its own, its output shown as it runs. */
async function stage(name: string, command: string, args: string[], env: Record<string, string> = {}): Promise<boolean> {
  if (!chosen(name)) return true;
  console.log(`\n=== ${name} ===`);
  const result = await run(name, command, args, { env, echo: true });
  results.push(result);
  if (!result.passed) console.log(`=== ${name} FAILED (exit ${result.exit}) ===`);
  return result.passed;
}

/** A stage that cannot run because one it needs failed: named in the summary, not silently left out. */
function notRun(name: string, why: string): void {
  if (chosen(name)) results.push({ name, passed: false, seconds: 0, notRun: why });
}

/** Lines the summary adds after its stages (what stages run side by side cost together). */
const notes: string[] = [];

/** A stage run beside others: name, command, arguments, and how it runs. */
type TogetherStage = [name: string, command: string, args: string[], options?: StageOptions];

/** Stages that do not disturb one another run side by side; each one's output is printed whole when it ends. */
async function stagesTogether(stages: TogetherStage[]): Promise<void> {
  const cost = meter();
  const count = results.length;
  await Promise.all(
    stages
      .filter(([name]) => chosen(name))
      .map(async ([name, command, args, options]) => {
        const result = await run(name, command, args, { ...options, echo: false });
        results.push(result);
        console.log(`\n=== ${name} ===\n${(result.output ?? '').trimEnd()}${result.passed ? '' : `\n=== ${name} FAILED (exit ${result.exit}) ===`}`);
      }),
  );
  // Side by side, one stage's CPU cannot be told from another's: the group's is said once.
  const together = results.slice(count);
  for (const result of together) {
    result.cpuSeconds = undefined;
    result.machineBusy = undefined;
  }
  if (together.length > 0) notes.push(`     ${together.map((result) => result.name).join(', ')} side by side: ${costText(cost())}`);
}

async function main(): Promise<number> {
  const loadAtStart = loadavg()[0]!;
  const runStarted = Date.now();
  // Without a browser every spec would fail alike: find or install one first, or stop at once with one message.
  if (!(await stage('browser', bin('tsx'), [path.join(root, 'scripts/ensure-browser.ts')]))) {
    console.log('\nnpm test stopped: the end-to-end tests need a browser (see above).');
    return 1;
  }
  // Meetings' media server: found or installed, and said so. Without it the tests of meetings'
  // media skip, saying why, and the rest run.
  await stage('media-server', bin('tsx'), [path.join(root, 'scripts/ensure-media-server.ts')]);

  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  // The build goes with the static checks (and the quick benchmarks): it only reads the sources
  // and writes out/, which none of them reads, and it must come before vitest, whose packaging
  // test builds when out/ is missing or stale (on a fresh clone it built once there and again here).
  // The two longest, ESLint (CPU) and the quick benchmarks (mostly waiting on the processes they
  // start), set the group's time; the type checks yield to them, and fill what they leave.
  const yielding: StageOptions = { yielding: true };
  await stagesTogether([
    ['build', process.execPath, [path.join(root, 'scripts/ensure-build.mjs'), '--force']],
    ['standalone', process.execPath, [path.join(root, 'scripts/check-standalone.mjs')]],
    ['typecheck', process.execPath, [tsc, '-p', 'tsconfig.node.json'], yielding],
    ['typecheck-web', process.execPath, [tsc, '-p', 'tsconfig.web.json'], yielding],
    ['typecheck-sw', process.execPath, [tsc, '-p', 'tsconfig.sw.json'], yielding],
    ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
    ['lint:electron', 'npm', ['run', '--silent', 'lint:electron']],
    // The benchmark suite at reduced sizes: that it runs, not what it measures (npm run bench
    // judges). It needs no build, and beside these checks it fills what the type checks leave of
    // two cores (alone after the e2e stage it took 50 s, about one core's worth).
    ['bench', bin('tsx'), [path.join(root, 'bench/run.ts'), '--quick', '--out', path.join(cache, 'bench-quick.json')]],
  ]);

  // The suites that need no browser side by side: one stage alone left a core idle while its
  // files waited on sockets, PostgreSQL or a process started by the CLI, and its last long file
  // ran alone. The vitest and postgres stages each run one file per core: their files wait on
  // sockets, timers and PostgreSQL as much as they compute, and with half the cores each the stage
  // left CPU unused (2 cores, 2026-12-07: 224 s and 412 s of CPU with a file per core each, the
  // CPU 1.84 cores' worth; 285 s at half each before the suites shared their modules). The tests
  // found judging wall time (a wrong password's cost, a search's) judge CPU time now, as a busier
  // machine slows a test but must not fail it. The cluster stage mostly waits on its processes.
  // Each keeps its own JSON report.
  const suites: TogetherStage[] = [];
  const vitestJson = path.join(cache, 'vitest.json');
  rmSync(vitestJson, { force: true });
  suites.push(['vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]]);

  // Why PostgreSQL (and Redis) cannot be had, asked once for both stages that need them: where
  // PostgreSQL is missing, asking installs it, and a failed install is not tried twice.
  const postgresWhyNot = chosen('postgres') || chosen('cluster') ? await postgresMissing() : null;
  const clusterMissing = chosen('cluster') ? (postgresWhyNot ?? (await redisMissing())) : null;

  // The backend suites that exercise the store, again on PostgreSQL (vitest.config.ts's
  // postgresSuites): the suite's global setup finds a server or starts one of its own
  // (src-backend/testing/services.ts). Where none can be had, one line says why and the stage is skipped.
  const postgresJson = path.join(cache, 'vitest-postgres.json');
  rmSync(postgresJson, { force: true });
  if (chosen('postgres')) {
    if (postgresWhyNot) {
      console.log(`\n=== postgres ===\nskipped: the backend suites cannot run on PostgreSQL here: ${postgresWhyNot}.`);
      results.push({ name: 'postgres', passed: true, seconds: 0, notRun: `skipped: ${postgresWhyNot}` });
    } else {
      // The security scenarios run on PostgreSQL in the cluster stage; here only when it cannot run (vitest.config.ts).
      const security = chosen('cluster') && !clusterMissing ? '0' : '1';
      suites.push(['postgres', bin('vitest'), ['run', '--project', 'backend-postgres', '--reporter=default', '--reporter=json', `--outputFile.json=${postgresJson}`], { env: { MERIDIAN_POSTGRES_SUITES: '1', MERIDIAN_POSTGRES_SECURITY: security } }]);
    }
  }

  // Several backend processes started by the CLI on one PostgreSQL and one Redis (SPEC 10;
  // src-backend/cluster/*.cluster.test.ts). Where either server cannot be had, one line says why.
  const clusterJson = path.join(cache, 'vitest-cluster.json');
  rmSync(clusterJson, { force: true });
  if (chosen('cluster')) {
    if (clusterMissing) {
      console.log(`\n=== cluster ===\nskipped: the multi-process suite cannot run here: ${clusterMissing}.`);
      results.push({ name: 'cluster', passed: true, seconds: 0, notRun: `skipped: ${clusterMissing}` });
    } else {
      suites.push(['cluster', bin('vitest'), ['run', '--project', 'cluster', '--reporter=default', '--reporter=json', `--outputFile.json=${clusterJson}`], { env: { MERIDIAN_CLUSTER_SUITES: '1' } }]);
    }
  }
  await stagesTogether(suites);

  const built = !chosen('build') || results.some((result) => result.name === 'build' && result.passed);
  const playwrightJson = path.join(cache, 'playwright.json');
  rmSync(playwrightJson, { force: true });
  if (built) {
    await stage('no-test-hooks', bin('tsx'), [path.join(root, 'scripts/checkProductBuild.ts')]);
    await stage('e2e', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
  } else {
    notRun('no-test-hooks', 'the build failed');
    notRun('e2e', 'the build failed');
  }

  notes.push(`     whole run: ${((Date.now() - runStarted) / 1000).toFixed(1)} s`);
  const summary = new TestSummary(root);
  if (existsSync(vitestJson)) summary.addVitest(JSON.parse(readFileSync(vitestJson, 'utf8')));
  if (existsSync(postgresJson)) summary.addVitest(JSON.parse(readFileSync(postgresJson, 'utf8')), 'postgres');
  if (existsSync(clusterJson)) summary.addVitest(JSON.parse(readFileSync(clusterJson, 'utf8')), 'cluster');
  if (existsSync(playwrightJson)) summary.addPlaywright(JSON.parse(readFileSync(playwrightJson, 'utf8')));
  const { lines, passed } = summary.lines(results, notes);
  console.log(`\n${lines.join('\n')}`);
  // The times above depend on what else the machine ran: its load says how much.
  console.log(`Load average (1 min): ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end, on ${availableCores()} cores.`);
  return passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
