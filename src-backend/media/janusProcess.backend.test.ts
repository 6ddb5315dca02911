/**
 * A Janus started by the backend does not outlive it, however the backend ends: on Linux it runs
 * under util-linux's setpriv with a parent-death signal (janusProcess.ts). Skipped, saying why,
 * where Janus or setpriv is missing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../testing/testServer';
import { findJanus, parentDeathSignal } from './janusProcess';

const root = path.resolve(__dirname, '..', '..');
const found = findJanus();
const missing = process.platform !== 'linux' ? 'not Linux' : 'missing' in found ? `no Janus (${found.missing})` : parentDeathSignal ? null : 'no setpriv (util-linux)';

/** Whether a process runs: a zombie (ended, not yet reaped by whoever adopted it) does not. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe.skipIf(missing !== null)(`a Janus started by the backend${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('stops when the backend process is killed outright (SIGKILL), instead of running on with its ports', async () => {
    const module = JSON.stringify(path.join(root, 'src-backend', 'media', 'janusProcess.ts'));
    const script = `const { findJanus, startJanus } = require(${module}); startJanus({ found: findJanus() }).then((janus) => console.log('janus ' + janus.pid)); setInterval(() => {}, 1000);`;
    // A backend killed outright cannot remove Janus's configuration folder: it makes it in a temporary folder of this test's, removed below.
    const scratch = mkdtempSync(path.join(tmpdir(), 'meridian-janus-kill-'));
    const backend = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: scratch } });
    let output = '';
    backend.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    backend.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let janusPid = 0;
    try {
      await waitFor(() => /janus (\d+)/.test(output) || backend.exitCode !== null, 'Janus to start', 30_000);
      janusPid = Number(/janus (\d+)/.exec(output)?.[1]);
      expect(janusPid, output).toBeGreaterThan(0);
      expect(running(janusPid)).toBe(true);
      backend.kill('SIGKILL');
      await waitFor(() => !running(janusPid), 'Janus to stop after its backend was killed', 10_000).catch(() => undefined);
      expect(running(janusPid), 'Janus still runs after its backend was killed').toBe(false);
    } finally {
      backend.kill('SIGKILL');
      if (janusPid > 0 && running(janusPid)) process.kill(janusPid, 'SIGKILL');
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 45_000);
});
