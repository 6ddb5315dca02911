import { describe, expect, it } from 'vitest';
import { ensureChromium, findChromium, headlessShellNames, missingBrowserMessage, systemBrowserNames, systemNamesFor, type FoundBrowser } from './browser';

const system: FoundBrowser = { source: 'system', executablePath: '/usr/bin/chromium', description: 'system browser /usr/bin/chromium' };

describe('finding a browser for the end-to-end tests', () => {
  it("prefers Playwright's own Chromium to a system one", () => {
    const found = findChromium({ explicit: '', playwright: () => '/cache/ms-playwright/chrome', systemNames: ['/bin/sh'] });
    expect(found?.source).toBe('playwright');
    expect(found?.executablePath).toBeUndefined();
  });

  it('falls back to a system browser found by path or on PATH', () => {
    const found = findChromium({ explicit: '', playwright: () => undefined, systemNames: ['no-such-browser-here', 'sh'] });
    expect(found?.source).toBe('system');
    expect(found?.executablePath).toMatch(/\/sh$/);
  });

  it('looks for a headless shell first when headless, and only for browsers with windows otherwise', () => {
    expect(systemNamesFor(true).slice(0, headlessShellNames.length)).toEqual(headlessShellNames);
    expect(systemNamesFor(true)).toContain('/usr/bin/chromium');
    expect(systemNamesFor(false)).toEqual(systemBrowserNames);
    expect(systemBrowserNames.some((name) => name.includes('headless'))).toBe(false);
  });

  it('finds nothing when neither is there', () => {
    expect(findChromium({ explicit: '', playwright: () => undefined, systemNames: ['/no/such/chromium', 'no-such-browser-here'] })).toBeNull();
  });

  it('tries the install steps in order and stops at the first that yields a browser', () => {
    const tried: string[] = [];
    let installed = false;
    const found = ensureChromium({
      find: () => (installed ? system : null),
      steps: [
        { name: 'npx playwright install chromium', run: () => (tried.push('playwright'), false) },
        { name: 'apt-get install chromium', run: () => (tried.push('apt'), (installed = true)) },
        { name: 'never reached', run: () => (tried.push('never'), true) },
      ],
      log: () => undefined,
    });
    expect(found).toBe(system);
    expect(tried).toEqual(['playwright', 'apt']);
  });

  it('says in one message what to run when every way fails', () => {
    const lines: string[] = [];
    const found = ensureChromium({ find: () => null, steps: [{ name: 'npx playwright install chromium', run: () => false }], log: (line) => lines.push(line) });
    expect(found).toBeNull();
    expect(lines.at(-1)).toBe(missingBrowserMessage);
    expect(missingBrowserMessage).toContain('npx playwright install chromium');
    expect(missingBrowserMessage).toContain('apt-get install chromium-headless-shell');
  });
});
