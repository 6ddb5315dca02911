// `npm test`: every check and every suite, then one summary. Stages run in order (the static
// checks side by side); a failing stage does not hide the others, but fails the run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const cache = path.join(root, '.cache');
mkdirSync(cache, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const only = process.argv.slice(2);

const results = [];
function stage(name, command, args, env = {}) {
  if (only.length > 0 && !only.includes(name)) return true;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const passed = run.status === 0;
  results.push({ name, passed, seconds });
  if (!passed) console.log(`=== ${name} FAILED (exit ${run.status ?? run.signal}) ===`);
  return passed;
}

// Without a browser every spec would fail alike: find or install one first, or stop at once with one message.
if (!stage('browser', bin('tsx'), [path.join(root, 'scripts/ensure-browser.ts')])) {
  console.log('\nnpm test stopped: the end-to-end tests need a browser (see above).');
  process.exit(1);
}

/** Stages that only read the sources run side by side; each one's output is printed whole when it ends. */
async function stagesTogether(stages) {
  const chosen = stages.filter(([name]) => only.length === 0 || only.includes(name));
  await Promise.all(
    chosen.map(
      ([name, command, args]) =>
        new Promise((resolve) => {
          const started = Date.now();
          const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
          let output = '';
          child.stdout.on('data', (chunk) => (output += chunk));
          child.stderr.on('data', (chunk) => (output += chunk));
          child.on('close', (code, signal) => {
            const passed = code === 0;
            results.push({ name, passed, seconds: ((Date.now() - started) / 1000).toFixed(1) });
            console.log(`\n=== ${name} ===\n${output.trimEnd()}${passed ? '' : `\n=== ${name} FAILED (exit ${code ?? signal}) ===`}`);
            resolve();
          });
        }),
    ),
  );
}

const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
await stagesTogether([
  ['standalone', process.execPath, [path.join(root, 'scripts/check-standalone.mjs')]],
  ['typecheck', process.execPath, [tsc, '-p', 'tsconfig.node.json']],
  ['typecheck-web', process.execPath, [tsc, '-p', 'tsconfig.web.json']],
  ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
  ['lint:electron', 'npm', ['run', '--silent', 'lint:electron']],
]);

const vitestJson = path.join(cache, 'vitest.json');
rmSync(vitestJson, { force: true });
stage('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);

const built = stage('build', process.execPath, [path.join(root, 'scripts/ensure-build.mjs'), '--force']);
const playwrightJson = path.join(cache, 'playwright.json');
rmSync(playwrightJson, { force: true });
if (built) stage('e2e', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
// The benchmark suite at reduced sizes: that it runs, not what it measures (npm run bench judges).
stage('bench', bin('tsx'), [path.join(root, 'bench/run.ts'), '--quick', '--out', path.join(cache, 'bench-quick.json')]);

// --- counts per suite ---
const suites = new Map();
// Named at the very end of the output, where a CI log's tail shows them.
const failedTests = [];
const flakyTests = [];
const firstLine = (text) => stripVTControlCharacters(text ?? '').split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 200) ?? '';
const count = (suite, outcome, note) => {
  const entry = suites.get(suite) ?? { passed: 0, failed: 0, skipped: 0, notes: new Set() };
  entry[outcome] += 1;
  if (note) entry.notes.add(note);
  suites.set(suite, entry);
};
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  for (const file of report.testResults) {
    const suite = file.name.endsWith('.backend.test.ts') ? 'backend' : path.relative(root, file.name).startsWith(`src-main${path.sep}`) ? 'main' : 'unit';
    for (const test of file.assertionResults) {
      count(suite, test.status === 'passed' ? 'passed' : test.status === 'failed' ? 'failed' : 'skipped');
      if (test.status === 'failed') failedTests.push(`${suite}: ${path.relative(root, file.name)} › ${test.fullName} — ${firstLine(test.failureMessages?.[0])}`);
    }
    if (file.assertionResults.length === 0 && file.status === 'failed') {
      count(suite, 'failed');
      failedTests.push(`${suite}: ${path.relative(root, file.name)} did not load — ${firstLine(file.message)}`);
    }
  }
}
if (existsSync(playwrightJson)) {
  const report = JSON.parse(readFileSync(playwrightJson, 'utf8'));
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const outcome = test.status === 'expected' || test.status === 'flaky' ? 'passed' : test.status === 'skipped' ? 'skipped' : 'failed';
        const note = test.annotations?.find((annotation) => annotation.type === 'skip')?.description;
        count(`e2e ${test.projectName}`, outcome, note);
        const name = `e2e ${test.projectName}: ${spec.file}:${spec.line} › ${spec.title}`;
        const error = firstLine(test.results?.find((result) => result.status !== 'passed' && result.status !== 'skipped')?.error?.message);
        if (outcome === 'failed') failedTests.push(`${name} — ${error}`);
        if (test.status === 'flaky') flakyTests.push(`${name} — failed once, passed on retry: ${error}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
}

console.log('\n=== summary ===');
for (const { name, passed, seconds } of results) console.log(`${passed ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)`);
let total = { passed: 0, failed: 0, skipped: 0 };
for (const [name, entry] of suites) {
  console.log(`${name}: ${entry.passed} passed, ${entry.failed} failed, ${entry.skipped} skipped${entry.notes.size ? ` — ${[...entry.notes].join('; ')}` : ''}`);
  total = { passed: total.passed + entry.passed, failed: total.failed + entry.failed, skipped: total.skipped + entry.skipped };
}
const stagesFailed = results.filter((result) => !result.passed).length;
for (const test of flakyTests) console.log(`FLAKY ${test}`);
for (const test of failedTests) console.log(`FAILED ${test}`);
console.log(`Total: ${total.passed} passed, ${total.failed + stagesFailed} failed, ${total.skipped} skipped${flakyTests.length ? `, ${flakyTests.length} flaky` : ''}`);
process.exit(stagesFailed > 0 || total.failed > 0 ? 1 : 0);
