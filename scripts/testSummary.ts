/**
 * The summary `npm test` ends with, from what each stage did and the suites' JSON reports.
 * Kept apart from the runner (scripts/test.ts) so its rules are unit tested
 * (scripts/testSummary.test.ts):
 *   - one line per stage with its time, one line per suite with its counts;
 *   - a `FLAKY` line per end-to-end test that passed only on a retry;
 *   - a `FAILED` line per failed test, and per failed stage that names no failed test of its own
 *     (a type check, lint, the build, a suite that crashed or did not run);
 *   - `Total:` counts those stages as failures too, so a red run never ends "0 failed".
 */
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/** What one stage did. `output` is what it printed, when the runner kept it. */
export interface StageResult {
  name: string;
  passed: boolean;
  seconds: number;
  /**
   * CPU seconds the stage's processes used (parallel stages each count their own), when known:
   * only processes it waited for, so not Chromium's renderers, which end under Chromium's zygote.
   */
  cpuSeconds?: number;
  /** How busy the whole machine was during the stage, 0 to 1 of all its cores (Linux), counting everything. */
  machineBusy?: number;
  /** Exit code or signal; undefined when the stage did not run. */
  exit?: number | string;
  /** Why a stage did not run (an earlier stage it needs failed). */
  notRun?: string;
  output?: string;
}

/** What a stage (or stages side by side) cost: `82.2 s, CPU 31.0 s, machine 87% busy`, as far as known. */
export function costText(cost: Pick<StageResult, 'seconds' | 'cpuSeconds' | 'machineBusy'>): string {
  const cpu = cost.cpuSeconds === undefined ? '' : `, CPU ${cost.cpuSeconds.toFixed(1)} s`;
  const busy = cost.machineBusy === undefined ? '' : `, machine ${Math.round(cost.machineBusy * 100)}% busy`;
  return `${cost.seconds.toFixed(1)} s${cpu}${busy}`;
}

type Outcome = 'passed' | 'failed' | 'skipped';

interface SuiteCount {
  passed: number;
  failed: number;
  skipped: number;
  notes: Set<string>;
}

/** The parts of Vitest's JSON report read here. */
export interface VitestReport {
  testResults: Array<{
    name: string;
    status?: string;
    message?: string;
    assertionResults: Array<{ fullName: string; status: string; failureMessages?: string[] }>;
  }>;
}

/** The parts of Playwright's JSON report read here. */
export interface PlaywrightSuite {
  specs?: Array<{
    file: string;
    line: number;
    title: string;
    tests: Array<{
      projectName: string;
      status: string;
      annotations?: Array<{ type: string; description?: string }>;
      results?: Array<{ status: string; error?: { message?: string } }>;
    }>;
  }>;
  suites?: PlaywrightSuite[];
}

/** Which stage each suite's tests come from: a failed stage whose tests are named needs no line of its own. */
const stageOfSuite = (suite: string): string => (suite.startsWith('e2e ') ? 'e2e' : suite === 'backend-postgres' ? 'postgres' : suite === 'cluster' ? 'cluster' : 'vitest');
const testStages = new Set<string>(['vitest', 'postgres', 'e2e']);

/** The first line that says something, cut to fit one summary line. */
export function firstLine(text: string | undefined): string {
  return stripVTControlCharacters(text ?? '').split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 200) ?? '';
}

/**
 * The line of a stage's output most likely to say what went wrong: a TS error, an ESLint
 * problem, an Error. A check's first such line is its first problem; a test runner's output is
 * read from its end, where its own summary is (test names earlier may contain any word).
 */
export function failureLine(output: string | undefined, from: 'start' | 'end' = 'start'): string {
  const lines = stripVTControlCharacters(output ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const telling = (line: string) => /error TS\d+|\berror\b|✖|Error:|\bFAIL|failed/i.test(line);
  const found = from === 'start' ? lines.find(telling) : lines.findLast(telling);
  return (found ?? lines.at(-1) ?? '').slice(0, 200);
}

export class TestSummary {
  private readonly suites = new Map<string, SuiteCount>();
  private readonly failedTests: string[] = [];
  private readonly flakyTests: string[] = [];

  constructor(private readonly root: string) {}

  private count(suite: string, outcome: Outcome, note?: string): void {
    const entry = this.suites.get(suite) ?? { passed: 0, failed: 0, skipped: 0, notes: new Set<string>() };
    entry[outcome] += 1;
    if (note) entry.notes.add(note);
    this.suites.set(suite, entry);
  }

  /** A Vitest report; `engine` 'postgres' for the backend suites run again on PostgreSQL (the postgres stage), 'cluster' for the multi-process suite. */
  addVitest(report: VitestReport, engine: 'sqlite' | 'postgres' | 'cluster' = 'sqlite'): void {
    const root = this.root;
    for (const file of report.testResults) {
      const relative = path.relative(root, file.name);
      const suite = engine === 'cluster' ? 'cluster' : file.name.endsWith('.backend.test.ts') ? (engine === 'postgres' ? 'backend-postgres' : 'backend') : relative.startsWith(`src-main${path.sep}`) ? 'main' : 'unit';
      for (const test of file.assertionResults) {
        const outcome: Outcome = test.status === 'passed' ? 'passed' : test.status === 'failed' ? 'failed' : 'skipped';
        this.count(suite, outcome);
        if (outcome === 'failed') this.failedTests.push(`${suite}: ${relative} › ${test.fullName} — ${firstLine(test.failureMessages?.[0])}`);
      }
      if (file.assertionResults.length === 0 && file.status === 'failed') {
        this.count(suite, 'failed');
        this.failedTests.push(`${suite}: ${relative} did not load — ${firstLine(file.message)}`);
      }
    }
  }

  addPlaywright(report: { suites?: PlaywrightSuite[] }): void {
    const walk = (suite: PlaywrightSuite) => {
      for (const spec of suite.specs ?? []) {
        for (const test of spec.tests) {
          const outcome: Outcome = test.status === 'expected' || test.status === 'flaky' ? 'passed' : test.status === 'skipped' ? 'skipped' : 'failed';
          const note = test.annotations?.find((annotation) => annotation.type === 'skip')?.description;
          this.count(`e2e ${test.projectName}`, outcome, note);
          const name = `e2e ${test.projectName}: ${spec.file}:${spec.line} › ${spec.title}`;
          const error = firstLine(test.results?.find((result) => result.status !== 'passed' && result.status !== 'skipped')?.error?.message);
          if (outcome === 'failed') this.failedTests.push(`${name} — ${error}`);
          if (test.status === 'flaky') this.flakyTests.push(`${name} — failed once, passed on retry: ${error}`);
        }
      }
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const suite of report.suites ?? []) walk(suite);
  }

  /** The summary's lines, and whether the run passed. */
  lines(stages: readonly StageResult[], notes: readonly string[] = []): { lines: string[]; passed: boolean } {
    const lines = ['=== summary ==='];
    for (const stage of stages) {
      const cost = stage.notRun ? (stage.passed ? stage.notRun : 'not run') : costText(stage);
      lines.push(`${stage.passed ? 'ok  ' : 'FAIL'} ${stage.name} (${cost})`);
    }
    lines.push(...notes);
    let total = { passed: 0, failed: 0, skipped: 0 };
    for (const [name, entry] of this.suites) {
      lines.push(`${name}: ${entry.passed} passed, ${entry.failed} failed, ${entry.skipped} skipped${entry.notes.size ? ` — ${[...entry.notes].join('; ')}` : ''}`);
      total = { passed: total.passed + entry.passed, failed: total.failed + entry.failed, skipped: total.skipped + entry.skipped };
    }
    // A failed stage is named unless failed tests of its own already say why it failed.
    const stagesNamingTests = new Set([...this.suites].filter(([, entry]) => entry.failed > 0).map(([name]) => stageOfSuite(name)));
    const failedStages = stages.filter((stage) => !stage.passed && !stagesNamingTests.has(stage.name));
    for (const test of this.flakyTests) lines.push(`FLAKY ${test}`);
    for (const test of this.failedTests) lines.push(`FAILED ${test}`);
    for (const stage of failedStages) {
      const why = stage.notRun ? `not run: ${stage.notRun}` : `exit ${stage.exit ?? '?'}${stage.output ? ` — ${failureLine(stage.output, testStages.has(stage.name) ? 'end' : 'start')}` : ' — see its output above'}`;
      lines.push(`FAILED stage ${stage.name} (${why})`);
    }
    const failed = total.failed + failedStages.length;
    const stagesNote = failedStages.length ? ` (${failedStages.length} stage${failedStages.length === 1 ? '' : 's'})` : '';
    lines.push(`Total: ${total.passed} passed, ${failed} failed${stagesNote}, ${total.skipped} skipped${this.flakyTests.length ? `, ${this.flakyTests.length} flaky` : ''}`);
    return { lines, passed: failed === 0 && stages.every((stage) => stage.passed) };
  }
}
