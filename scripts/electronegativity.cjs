// `npm run lint:electron`: Electronegativity (Doyensec's Electron security linter) over
// src-main, src-preload and src-renderer, scanned together so its global checks (CSP,
// navigation limits, permission handlers) see the whole app. Fails on any finding and on any
// file it cannot parse, since a file it cannot parse is a file it did not check.
// The report is written to .cache/electronegativity/report.sarif.
//
// It calls Electronegativity's runner directly: its CLI breaks on the project's commander 14.
// A finding reviewed and found safe is silenced on its own line: `// eng-disable CHECK_ID: why`.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, run by plain node */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const folders = ['src-main', 'src-preload', 'src-renderer'];
const cache = path.join(root, '.cache', 'electronegativity');
const staging = path.join(cache, 'app');
const report = path.join(cache, 'report.sarif');
const scanned = /\.(js|jsx|ts|tsx|html|htm)$/;
// Tests and test harnesses (src-main/testing/fakeElectron.ts) are not part of the app.
const notShipped = /(\.(test|spec)\.[jt]sx?$)|([/\\]testing[/\\])/;
// Reviewed once for a whole folder. The renderer may not import electron (eslint's layering rule),
// so an `openExternal` there is MeridianApi.openExternal, and SessionHost opens only http, https,
// mailto and tel links with it.
const reviewedForFolder = [{ id: 'OPEN_EXTERNAL_JS_CHECK', folder: 'src-renderer' }];

/** Copies the scanned folders (no tests, no node_modules) beside package.json into one tree. */
function stage() {
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(staging, 'package.json'));
  let files = 0;
  for (const folder of folders) {
    const from = path.join(root, folder);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(staging, folder), {
      recursive: true,
      filter: (file) => {
        if (file.includes(`${path.sep}node_modules`)) return false;
        if (fs.statSync(file).isDirectory()) return true;
        const included = scanned.test(file) && !notShipped.test(file);
        if (included) files += 1;
        return included;
      },
    });
  }
  return files;
}

async function main() {
  const files = stage();
  if (files === 0) throw new Error(`nothing to scan in ${folders.join(', ')}`);
  const run = require('@doyensec/electronegativity');
  // It fetches fresh translations and Electron's release list first and logs when it cannot; those lines are noise offline.
  const log = console.log;
  console.log = (...parts) => {
    const line = String(parts[0]);
    if (!line.startsWith('Could not retrieve updated translations') && !line.startsWith("Something went wrong while fetching Electron's releases")) log(...parts);
  };
  let result;
  try {
    result = await run({
      input: staging,
      output: report,
      isSarif: true,
      isRelative: true,
      isVerbose: true,
      customScan: [],
      excludeFromScan: [],
      parserPlugins: [],
      electronVersionOverride: require('electron/package.json').version,
    });
  } finally {
    console.log = log;
  }
  const where = (file) => (file === 'N/A' ? 'the app' : path.relative(staging, path.resolve(staging, file)));
  const isReviewed = (issue) => reviewedForFolder.some(({ id, folder }) => issue.id === id && where(issue.file).startsWith(`${folder}${path.sep}`));
  result.issues = result.issues.filter((issue) => !isReviewed(issue));
  for (const error of result.errors) console.error(`${where(error.file)}: cannot parse (${error.message}); Electronegativity did not check it.`);
  for (const issue of result.issues) {
    const location = issue.location ? `:${issue.location.line}:${issue.location.column}` : '';
    console.error(`${where(issue.file)}${location}: ${issue.id} (${issue.severity.name}, ${issue.confidence.name}) ${issue.description} ${issue.shortenedURL}`);
  }
  const problems = result.errors.length + result.issues.length;
  console.log(
    `Electronegativity: ${files} files in ${folders.join(', ')}, ${result.atomicChecks + result.globalChecks} checks: ` +
      `${result.issues.length} findings, ${result.errors.length} parse errors. Report: ${path.relative(root, report)}`,
  );
  process.exit(problems > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(`lint:electron: ${error.stack || error}`);
  process.exit(2);
});
