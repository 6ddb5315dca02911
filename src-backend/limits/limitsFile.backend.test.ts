/**
 * `--limits FILE` (SPEC 8): a file changes some limits and keeps the rest; anything wrong in it is
 * refused with where and what, and the backend started from the command line does not start.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicSeed, startTestServer, waitFor } from '../testing/testServer';
import { defaultLimits } from './limits';
import { LimitsFileError, readLimitsFile } from './limitsFile';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'meridian-limits-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const file = (content: string) => {
  const where = path.join(folder, 'limits.json');
  writeFileSync(where, content);
  return where;
};

describe('a limits file', () => {
  it('changes the limits it names, and the server keeps them: the third message of a burst of two is refused', async () => {
    const overrides = readLimitsFile(file(JSON.stringify({ commands: { message: { burst: 2, perSecond: 0.01 } }, socketsPerPerson: 3 })));
    expect(overrides).toEqual({ commands: { message: { burst: 2, perSecond: 0.01 } }, socketsPerPerson: 3 });
    const server = await startTestServer(basicSeed(), { limits: overrides });
    try {
      expect(server.context.limits.settings.commands.message).toEqual({ burst: 2, perSecond: 0.01 });
      // What the file leaves out keeps its default.
      expect(server.context.limits.settings.commands.search).toEqual(defaultLimits.commands.search);
      expect(server.context.limits.settings.signInPerAddress).toEqual(defaultLimits.signInPerAddress);
      const alice = await server.signIn('alice@northwind.example');
      const send = (index: number) => alice.request('message:send', { conversationId: 'ch-nw-general', clientId: `limits-file-${index}`, text: `message ${index}` });
      expect((await send(1)).ok).toBe(true);
      expect((await send(2)).ok).toBe(true);
      expect(await send(3)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    } finally {
      await server.close();
    }
  });

  it('is refused, naming the file and what is wrong: not JSON, a misspelt class, a negative rate, an unknown field, a missing file', () => {
    expect(() => readLimitsFile(file('{ commands: '))).toThrow(/limits\.json is not JSON/);
    expect(() => readLimitsFile(file(JSON.stringify({ commands: { mesage: { burst: 1, perSecond: 1 } } })))).toThrow(LimitsFileError);
    expect(() => readLimitsFile(file(JSON.stringify({ commands: { mesage: { burst: 1, perSecond: 1 } } })))).toThrow(/commands/);
    expect(() => readLimitsFile(file(JSON.stringify({ commands: { message: { burst: 10, perSecond: -1 } } })))).toThrow(/perSecond/);
    expect(() => readLimitsFile(file(JSON.stringify({ socketsPerPersn: 5 })))).toThrow(/socketsPerPersn/);
    expect(() => readLimitsFile(file(JSON.stringify({ socketsPerPerson: 1.5 })))).toThrow(/socketsPerPerson/);
    expect(() => readLimitsFile(path.join(folder, 'nowhere.json'))).toThrow(/nowhere\.json cannot be read \(ENOENT\)/);
  });

  it('that is wrong stops `npm run backend` before it listens, with exit status 2 and the reason', async () => {
    const root = path.resolve(__dirname, '..', '..');
    const backend = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'src-backend', 'cli.ts'), '--port', '0', '--db', ':memory:', '--limits', file('{"commands": {"message": {"burst": "lots"}}}')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    backend.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    backend.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(() => backend.exitCode !== null, 'the backend to refuse its limits file', 30_000);
      expect(backend.exitCode).toBe(2);
      expect(output).toMatch(/The limits file .*limits\.json is not valid: .*commands\.message/);
      expect(output).not.toContain('Listening on');
    } finally {
      backend.kill('SIGKILL');
    }
  });
});
