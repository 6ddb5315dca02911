/**
 * `--limits FILE` and `--trust-proxy` (SPEC 8: every limit is configuration; issue 18 #6): the
 * file is checked whole, a mistake names the file and its key and the backend does not start;
 * a good file's limits are the ones the running CLI applies.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { cliArguments } from '../testing/listening';
import { waitFor } from '../testing/testServer';
import { defaultLimits } from './limits';
import { everyLimitConfigurable, LimitsFileError, readLimitsFile } from './limitsFile';

const root = path.resolve(__dirname, '..', '..');
const seedFile = path.join(root, 'src-shared', 'testing', 'federation-basic.json');
const folder = mkdtempSync(path.join(tmpdir(), 'meridian-limits-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const file = (name: string, content: string) => {
  const at = path.join(folder, name);
  writeFileSync(at, content);
  return at;
};

describe('the limits file', () => {
  it('holds any of the limits, each optional; the rest keep their defaults', () => {
    expect(everyLimitConfigurable).toBe(true);
    expect(readLimitsFile(file('some.json', JSON.stringify({ commands: { message: { burst: 200, perSecond: 50 } }, socketsPerPerson: 40, commandFrameBytes: { message: 128 * 1024 } })))).toEqual({
      commands: { message: { burst: 200, perSecond: 50 } },
      socketsPerPerson: 40,
      commandFrameBytes: { message: 128 * 1024 },
    });
    expect(readLimitsFile(file('empty.json', '{}'))).toEqual({});
    // Every default is itself a valid file.
    expect(readLimitsFile(file('defaults.json', JSON.stringify(defaultLimits)))).toEqual(defaultLimits);
  });

  it('is documented key by key in docs/limits.md', () => {
    const documented = readFileSync(path.join(root, 'docs', 'limits.md'), 'utf8');
    for (const [key, value] of Object.entries(defaultLimits)) {
      const keys = key === 'commands' || key === 'commandFrameBytes' ? Object.keys(value as object).map((name) => (key === 'commands' ? `${key}.${name}` : key)) : [key];
      for (const name of keys) expect(documented, name).toContain(`\`${name}`);
    }
  });

  it('is refused whole for any mistake, naming the file and the key', () => {
    const refused = (name: string, content: string) => () => readLimitsFile(file(name, content));
    expect(refused('typo.json', '{"socketsPerPersn": 5}')).toThrow(LimitsFileError);
    expect(refused('typo.json', '{"socketsPerPersn": 5}')).toThrow(/typo\.json: .*socketsPerPersn/);
    expect(refused('zero.json', '{"commands": {"message": {"burst": 10, "perSecond": 0}}}')).toThrow(/commands\.message\.perSecond/);
    expect(refused('class.json', '{"commands": {"shouting": {"burst": 1, "perSecond": 1}}}')).toThrow(/shouting/);
    expect(refused('broken.json', '{"socketsPerPerson": ')).toThrow(/broken\.json/);
  });

  it('is applied by the CLI, and a bad one stops it before it starts', { timeout: 60_000 }, async () => {
    const bad = spawnSync(process.execPath, cliArguments('--port', '0', '--db', ':memory:', '--limits', file('bad.json', '{"socketsPerPerson": 0}')), { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Bad limits file:');
    expect(bad.stderr).toContain('socketsPerPerson');

    // Two wrong passwords per address instead of twenty; behind a trusted proxy on loopback.
    const limits = file('tight.json', JSON.stringify({ signInFailuresPerAddress: { burst: 2, perSecond: 0.001 } }));
    const backend = spawn(process.execPath, cliArguments('--port', '0', '--db', ':memory:', '--seed', seedFile, '--limits', limits, '--trust-proxy', 'loopback'), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    onTestFinished(() => void backend.kill());
    let output = '';
    backend.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    backend.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => /Listening on (http:\S+)/.test(output) || backend.exitCode !== null, 'the backend to start', 40_000);
    const url = /Listening on (http:\S+)/.exec(output)![1]!;
    const signIn = (address: string) =>
      fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ email: 'alice@northwind.example', password: 'wrong' }) }).then((response) => response.status);
    expect([await signIn('203.0.113.1'), await signIn('203.0.113.1'), await signIn('203.0.113.1')]).toEqual([401, 401, 429]);
    // Another client of the proxy has its own allowance.
    expect(await signIn('203.0.113.2')).toBe(401);
  });
});
