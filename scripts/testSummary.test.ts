import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testHooksIn } from './checkProductBuild';
import { TestSummary, type StageResult } from './testSummary';

const root = '/repo';
const ok = (name: string, seconds = 1): StageResult => ({ name, passed: true, seconds, exit: 0 });
const vitestReport = (failed: boolean) => ({
  testResults: [
    { name: '/repo/src-shared/a.test.ts', assertionResults: [{ fullName: 'a works', status: 'passed' }] },
    { name: '/repo/src-backend/b.backend.test.ts', assertionResults: [{ fullName: 'b works', status: failed ? 'failed' : 'passed', failureMessages: ['AssertionError: expected 1 to be 2\n    at …'] }] },
  ],
});

describe('npm test summary', () => {
  it('counts the backend suites run on PostgreSQL as their own suite, names their failures under it, and shows a skipped postgres stage with its reason', () => {
    const summary = new TestSummary(root);
    summary.addVitest(vitestReport(false));
    summary.addVitest(vitestReport(true), 'postgres');
    const postgres: StageResult = { name: 'postgres', passed: false, seconds: 40, exit: 1, output: 'lots of output' };
    const { lines, passed } = summary.lines([ok('vitest'), postgres]);
    expect(passed).toBe(false);
    expect(lines).toContain('backend: 1 passed, 0 failed, 0 skipped');
    expect(lines).toContain('backend-postgres: 0 passed, 1 failed, 0 skipped');
    expect(lines.filter((line) => line.startsWith('FAILED'))).toEqual(['FAILED backend-postgres: src-backend/b.backend.test.ts › b works — AssertionError: expected 1 to be 2']);
    const skipped = new TestSummary(root).lines([ok('vitest'), { name: 'postgres', passed: true, seconds: 0, notRun: 'skipped: PostgreSQL is not installed' }]);
    expect(skipped.passed).toBe(true);
    expect(skipped.lines).toContain('ok   postgres (skipped: PostgreSQL is not installed)');
  });

  it('names a failed type check in a FAILED line at the end, with its first error, and counts it in Total', () => {
    const summary = new TestSummary(root);
    summary.addVitest(vitestReport(false));
    const typecheck: StageResult = { name: 'typecheck', passed: false, seconds: 12.3, exit: 2, output: "\ne2e/x.spec.ts(4,7): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.\n" };
    const { lines, passed } = summary.lines([ok('lint'), typecheck, ok('vitest')]);
    expect(passed).toBe(false);
    expect(lines).toContain('FAIL typecheck (12.3 s)');
    expect(lines.at(-2)).toBe("FAILED stage typecheck (exit 2 — e2e/x.spec.ts(4,7): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.)");
    expect(lines.at(-1)).toBe('Total: 2 passed, 1 failed (1 stage), 0 skipped');
  });

  it('names each failed test once, and not its stage again', () => {
    const summary = new TestSummary(root);
    summary.addVitest(vitestReport(true));
    const { lines, passed } = summary.lines([{ name: 'vitest', passed: false, seconds: 80, exit: 1, output: 'lots of output' }]);
    expect(passed).toBe(false);
    expect(lines.filter((line) => line.startsWith('FAILED'))).toEqual(['FAILED backend: src-backend/b.backend.test.ts › b works — AssertionError: expected 1 to be 2']);
    expect(lines.at(-1)).toBe('Total: 1 passed, 1 failed, 0 skipped');
  });

  it('names a suite that failed with every test passed (an unhandled error), from the end of its output', () => {
    const summary = new TestSummary(root);
    summary.addVitest(vitestReport(false));
    const output = ' ✓ a test whose name says error handling\n Errors  1 error\n Unhandled Rejection: Error: socket hang up\n';
    const { lines } = summary.lines([{ name: 'vitest', passed: false, seconds: 80, exit: 1, output }]);
    expect(lines.at(-2)).toBe('FAILED stage vitest (exit 1 — Unhandled Rejection: Error: socket hang up)');
    expect(lines.at(-1)).toBe('Total: 2 passed, 1 failed (1 stage), 0 skipped');
  });

  it('names the stages a failed build kept from running', () => {
    const summary = new TestSummary(root);
    const { lines, passed } = summary.lines([
      { name: 'build', passed: false, seconds: 30, exit: 1, output: 'vite v8\nError: Could not resolve "./missing"' },
      { name: 'e2e', passed: false, seconds: 0, notRun: 'the build failed' },
    ]);
    expect(passed).toBe(false);
    expect(lines).toContain('FAIL e2e (not run)');
    expect(lines.slice(-3)).toEqual(['FAILED stage build (exit 1 — Error: Could not resolve "./missing")', 'FAILED stage e2e (not run: the build failed)', 'Total: 0 passed, 2 failed (2 stages), 0 skipped']);
  });

  it('counts end-to-end tests per project, skipped ones with their reason, and names a test that passed only on retry', () => {
    const summary = new TestSummary(root);
    summary.addPlaywright({
      suites: [
        {
          specs: [
            { file: 'chat.spec.ts', line: 3, title: 'sends', tests: [{ projectName: 'browser', status: 'expected' }, { projectName: 'electron', status: 'skipped', annotations: [{ type: 'skip', description: 'no Electron binary' }] }] },
            { file: 'chat.spec.ts', line: 9, title: 'edits', tests: [{ projectName: 'browser', status: 'flaky', results: [{ status: 'failed', error: { message: 'Timed out 7000ms' } }, { status: 'passed' }] }] },
          ],
        },
      ],
    });
    const { lines, passed } = summary.lines([ok('e2e')]);
    expect(passed).toBe(true);
    expect(lines).toContain('e2e browser: 2 passed, 0 failed, 0 skipped');
    expect(lines).toContain('e2e electron: 0 passed, 0 failed, 1 skipped — no Electron binary');
    expect(lines).toContain('FLAKY e2e browser: chat.spec.ts:9 › edits — failed once, passed on retry: Timed out 7000ms');
    expect(lines.at(-1)).toBe('Total: 2 passed, 0 failed, 1 skipped, 1 flaky');
  });

  it('gives each stage its wall time and the CPU its processes used, and notes what side-by-side stages cost together', () => {
    const summary = new TestSummary(root);
    const { lines } = summary.lines([{ name: 'typecheck', passed: true, seconds: 82.2 }, { name: 'e2e', passed: true, seconds: 300, cpuSeconds: 540.25, machineBusy: 0.874 }], ['     typecheck, lint side by side: 82.2 s, CPU 31.0 s']);
    expect(lines.slice(1, 4)).toEqual(['ok   typecheck (82.2 s)', 'ok   e2e (300.0 s, CPU 540.3 s, machine 87% busy)', '     typecheck, lint side by side: 82.2 s, CPU 31.0 s']);
  });

  it('passes a run where every stage and test passed', () => {
    const summary = new TestSummary(root);
    summary.addVitest(vitestReport(false));
    const { lines, passed } = summary.lines([ok('typecheck'), ok('vitest')]);
    expect(passed).toBe(true);
    expect(lines.filter((line) => line.startsWith('FAILED'))).toEqual([]);
    expect(lines.at(-1)).toBe('Total: 2 passed, 0 failed, 0 skipped');
  });
});

describe('the product build carries no test hooks', () => {
  let folder = '';
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('finds a test-only global in a built script, and nothing in a clean build', () => {
    folder = mkdtempSync(path.join(tmpdir(), 'meridian-build-'));
    mkdirSync(path.join(folder, 'assets'));
    writeFileSync(path.join(folder, 'index.html'), '<script type="module" src="/assets/index.js"></script>');
    writeFileSync(path.join(folder, 'assets', 'index.js'), 'const api={send(){}};export{api};');
    expect(testHooksIn(folder)).toEqual([]);
    writeFileSync(path.join(folder, 'assets', 'bridge.js'), 'window.meridianTest={dropConnection:()=>s.close()};');
    expect(testHooksIn(folder)).toEqual([{ file: path.join('assets', 'bridge.js'), names: ['meridianTest', 'dropConnection'] }]);
  });
});
