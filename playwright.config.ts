/**
 * End-to-end tests. Two projects run the same specs: `browser` (the browser build served by
 * each test's own backend, in Chromium) and `electron` (the desktop app through Playwright's
 * _electron, skipped with its reason when no Electron binary is present).
 */
import { existsSync } from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';
import type { Platform } from './e2e/fixtures';

function chromiumExecutable(): string | undefined {
  try {
    if (existsSync(chromium.executablePath())) return undefined; // Playwright's own browser is installed
  } catch {
    // not installed: fall through to the system one
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export default defineConfig<{ platform: Platform }>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'browser', use: { browserName: 'chromium', platform: 'browser' } },
    { name: 'electron', use: { platform: 'electron' } },
  ],
});
