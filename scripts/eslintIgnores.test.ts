import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

describe('what npm run lint leaves alone', () => {
  // npm test lints while it builds: the build's passing copies of its config, gone by the time
  // ESLint opened one, stopped the lint stage with ENOENT in a fresh clone's run.
  it('skips the bundled config copies a build writes and deletes, and lints the configs themselves', async () => {
    const eslint = new ESLint({ cwd: root });
    expect(await eslint.isPathIgnored(path.join(root, 'electron.vite.config.ts.1796684036703-c032fabdf7766.mjs'))).toBe(true);
    expect(await eslint.isPathIgnored(path.join(root, 'vitest.config.ts.timestamp-1796684036703-0a1b2c.mjs'))).toBe(true);
    expect(await eslint.isPathIgnored(path.join(root, 'electron.vite.config.ts'))).toBe(false);
    expect(await eslint.isPathIgnored(path.join(root, 'scripts', 'ensure-build.mjs'))).toBe(false);
  });
});
