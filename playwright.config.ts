/**
 * End-to-end tests. Two projects run the same specs: `browser` (the browser build served by
 * each test's own backend, in Chromium) and `electron` (the desktop app through Playwright's
 * _electron, skipped with its reason when no Electron binary is present). A third, `phone`, runs
 * the specs of e2e/phone/ on the browser build as a phone (SPEC 11): a Pixel 7's screen, touch and
 * user agent by default, an iPhone 14's where a spec says so, always in Chromium.
 */
import { renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices, type TraceMode } from '@playwright/test';
import { findChromium } from './e2e/browser';
import type { Platform } from './e2e/fixtures';
import { writeToneWav } from './e2e/media/toneWav';

// Playwright's own Chromium when installed, else a system headless shell or Chromium (`npm test` installs one first
// when none is there; e2e/browser.ts says why the headless shell comes first, and what `--headed` needs).
const browser = findChromium({ headless: true });

// Calls carry real media from Chromium's fake devices: a camera that draws frames, and as the
// microphone a steady 440 Hz tone (made here; written aside and renamed, as every worker loads
// this file), so a test can tell the other side's voice from silence by its audio level.
const toneFile = path.join(os.tmpdir(), 'meridian-e2e-tone.wav');
renameSync(writeToneWav(`${toneFile}.${process.pid}`, { frequencyHz: 440, seconds: 2 }), toneFile);
const mediaArgs = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${toneFile}`, '--autoplay-policy=no-user-gesture-required'];

/** Playwright's trace modes; `on-first-retry` when `MERIDIAN_E2E_TRACE` names none (a wrong name is an error, not ignored). */
function traceMode(name: string | undefined): TraceMode {
  const modes: TraceMode[] = ['off', 'on', 'retain-on-failure', 'on-first-retry', 'on-all-retries', 'retain-on-first-failure', 'retain-on-failure-and-retries'];
  if (!name) return 'on-first-retry';
  const mode = modes.find((candidate) => candidate === name);
  if (!mode) throw new Error(`MERIDIAN_E2E_TRACE=${name}: expected one of ${modes.join(', ')}`);
  return mode;
}

/** The phone project's specs (SPEC 11), which the desktop projects leave to it. */
const phoneSpecs = /[\\/]e2e[\\/]phone[\\/]/;

export default defineConfig<{ platform: Platform }>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  // Each test starts its own backend and browser contexts. Three workers: with two, a 2-core machine
  // was a fifth idle while tests waited on timers, media and restarts (2026-12-08, e2e alone: 238 s
  // at 80% busy with 2, 214 s at 94% with 3; 219 s against 195 s in another pair of runs). A whole
  // `npm test` with 3 passed beside two processes each busy on a core.
  workers: process.env.MERIDIAN_E2E_WORKERS ? Number(process.env.MERIDIAN_E2E_WORKERS) : 3,
  // One retry absorbs a slow moment on a loaded machine (CI's runs took 2–3× longer than here); `npm test`
  // still names every test that needed it (FLAKY in its summary), so a flaky test is seen, not hidden.
  retries: process.env.MERIDIAN_E2E_RETRIES ? Number(process.env.MERIDIAN_E2E_RETRIES) : 1,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  use: {
    // A failed test's retry keeps its trace: every action with the DOM before and after it, and the
    // sources. Recording one for every test, to throw it away with the passing ones, was 13% of the
    // suite's CPU (issue 21: 26 chat specs, 56.6 s CPU with it, 49.4 s without, two runs each), so the
    // first attempt records none; its failure still leaves its screenshot and error context (the
    // page's ARIA snapshot). MERIDIAN_E2E_TRACE=retain-on-failure records every first attempt too
    // (any Playwright trace mode), e.g. with retries off. Not the trace's screencast: it was a fifth
    // of the CPU and a quarter of the time of a run; the failure's own screenshot shows the screen.
    trace: { mode: traceMode(process.env.MERIDIAN_E2E_TRACE), screenshots: false, snapshots: true, sources: true },
    screenshot: 'only-on-failure',
    video: 'off',
    // A click or fill on something that is not there fails in seconds, naming the locator, instead of waiting out the test.
    actionTimeout: 5_000,
    navigationTimeout: 10_000,
    launchOptions: {
      executablePath: browser?.executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...mediaArgs],
    },
  },
  projects: [
    // The service worker (an installed app's, SPEC 11) would precache the shell in every test's every client:
    // blocked but where e2e/phone/install.spec.ts tests it.
    { name: 'browser', testIgnore: phoneSpecs, use: { browserName: 'chromium', platform: 'browser', serviceWorkers: 'block' } },
    { name: 'electron', testIgnore: phoneSpecs, use: { platform: 'electron' } },
    { name: 'phone', testDir: 'e2e/phone', use: { ...devices['Pixel 7'], browserName: 'chromium', platform: 'browser', serviceWorkers: 'block' } },
  ],
});
