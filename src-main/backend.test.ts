import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, resetFakeElectron, type FakeUtilityProcess } from './testing/fakeElectron';
import { serverFromArguments, startBundledBackend, StartupError } from './backend';

describe('--server: which server, and only over TLS unless it is this computer', () => {
  it('is absent unless named by --server, --server= or MERIDIAN_SERVER', () => {
    expect(serverFromArguments(['electron', '.'], {})).toBeNull();
    expect(serverFromArguments(['electron', '.', '--server', 'https://chat.example.com/'], {})).toBe('https://chat.example.com');
    expect(serverFromArguments(['electron', '.', '--server=https://chat.example.com:8443'], {})).toBe('https://chat.example.com:8443');
    expect(serverFromArguments(['electron', '.'], { MERIDIAN_SERVER: 'https://chat.example.com' })).toBe('https://chat.example.com');
  });

  it('accepts plain http only for loopback servers', () => {
    for (const local of ['http://127.0.0.1:4100', 'http://localhost:4100', 'http://[::1]:4100', 'http://127.8.9.10:1']) {
      expect(serverFromArguments(['--server', local], {})).toBe(local);
    }
  });

  it('requires https for any other server, saying so', () => {
    for (const remote of ['http://chat.example.com', 'http://10.0.0.5:4100', 'http://192.168.1.20:4100', 'http://127.0.0.1.evil.example', 'http://[::2]:4100']) {
      expect(() => serverFromArguments(['--server', remote], {}), remote).toThrow(/must use https:\/\/ for a server on another computer/);
    }
    expect(() => serverFromArguments([], { MERIDIAN_SERVER: 'http://chat.example.com' })).toThrow(/^MERIDIAN_SERVER must use https:\/\//);
  });

  it('refuses what is not an http(s) URL, and credentials in the URL', () => {
    for (const bad of ['', 'chat.example.com', 'ftp://chat.example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'https://alice:secret@chat.example.com']) {
      expect(() => serverFromArguments(['--server', bad], {}), bad).toThrow(StartupError);
    }
    expect(() => serverFromArguments(['--server'], {})).toThrow(StartupError);
  });
});

describe('the bundled backend in a utility process', () => {
  beforeEach(() => {
    resetFakeElectron();
    fake.userData = '/tmp/meridian-user';
  });
  afterEach(() => vi.restoreAllMocks());

  const latest = () => fake.forked[fake.forked.length - 1]!;
  const options = { entry: '/app/out/main/backend.js', sqliteBinding: null, restartDelayMs: () => 0 };
  const silence = () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  };

  async function started(): Promise<{ connection: Awaited<ReturnType<typeof startBundledBackend>>; child: FakeUtilityProcess }> {
    const starting = startBundledBackend(options);
    const child = latest();
    child.print('Support token: abc');
    child.print('Listening on http://127.0.0.1:43117');
    return { connection: await starting, child };
  }

  it('starts on a free port, with its database in the user data folder, and resolves with its address', async () => {
    silence();
    const { connection, child } = await started();
    expect(connection.url).toBe('http://127.0.0.1:43117');
    expect(child.modulePath).toBe('/app/out/main/backend.js');
    expect(child.args).toEqual(['--port', '0', '--db', '/tmp/meridian-user/meridian.db']);
    expect(child.options.serviceName).toBe('Meridian backend');
    expect(child.options.env?.MERIDIAN_SQLITE_BINDING).toBeUndefined();
    connection.stop();
  });

  it('passes a development build of better-sqlite3 for Electron to the backend', async () => {
    silence();
    const starting = startBundledBackend({ ...options, sqliteBinding: __filename });
    expect(latest().options.env?.MERIDIAN_SQLITE_BINDING).toBe(__filename);
    latest().print('Listening on http://127.0.0.1:43117');
    (await starting).stop();
    await expect(startBundledBackend({ ...options, sqliteBinding: '/nowhere/better_sqlite3.node' })).rejects.toThrow(/database driver for Electron is missing/);
  });

  it('restarts after a crash on the same port, so the session reconnects to the same address', async () => {
    silence();
    const { connection, child } = await started();
    child.crash(134);
    await vi.waitFor(() => expect(fake.forked).toHaveLength(2));
    expect(latest().args).toEqual(['--port', '43117', '--db', '/tmp/meridian-user/meridian.db']);
    latest().print('Listening on http://127.0.0.1:43117');
    // And again after a second crash: a successful restart starts the count anew.
    await new Promise((resolve) => setImmediate(resolve));
    latest().crash(1);
    await vi.waitFor(() => expect(fake.forked).toHaveLength(3));
    expect(latest().args.slice(0, 2)).toEqual(['--port', '43117']);
    connection.stop();
  });

  it('gives up after restarts that keep failing, and says so', async () => {
    silence();
    const gaveUp = vi.fn();
    const starting = startBundledBackend({ ...options, maxRestarts: 2, onGiveUp: gaveUp });
    latest().print('Listening on http://127.0.0.1:43117');
    await starting;
    latest().crash(1);
    await vi.waitFor(() => expect(fake.forked).toHaveLength(2));
    latest().crash(1); // the restart fails before it listens
    await vi.waitFor(() => expect(fake.forked).toHaveLength(3));
    latest().crash(1);
    await vi.waitFor(() => expect(gaveUp).toHaveBeenCalledOnce());
    expect(gaveUp.mock.calls[0]![0]).toBeInstanceOf(StartupError);
    expect(fake.forked).toHaveLength(3);
  });

  it('stops on quit, and is not restarted after', async () => {
    silence();
    const { connection, child } = await started();
    connection.stop();
    expect(child.killed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(fake.forked).toHaveLength(1);
  });

  it('fails to start, with its last words, when it exits before listening', async () => {
    silence();
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const starting = startBundledBackend(options);
    latest().stderr.write('Bad seed file: accounts[0].id is missing\n');
    await new Promise((resolve) => setImmediate(resolve));
    latest().crash(1);
    await expect(starting).rejects.toThrow(/stopped before it was ready \(exit code 1\)\.\nBad seed file/);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(fake.forked).toHaveLength(1);
  });
});
