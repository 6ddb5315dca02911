/**
 * Nothing a client sends stops the backend (SPEC 8, issue 9's C1 and low findings): the
 * requests that used to end the process, errors inside handlers, commands without an ack and
 * unknown events. C1 runs against the real CLI in a process of its own, as an attacker's page
 * would find it on 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ServerEvent } from '../src-shared/protocol/events';
import { startServer } from './server';
import { cliArguments } from './testing/listening';
import { basicSeed, dataOf, relaxedLimits, startTestServer, waitFor, type TestServer } from './testing/testServer';
import { sqliteDb } from './testing/sqlite';

const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const seedFile = path.join(root, 'src-shared', 'testing', 'federation-basic.json');

/** Signs in over HTTP and gives the token, as any client would. */
async function tokenFor(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'demo' }) });
  return ((await response.json()) as { data: { token: string } }).data.token;
}

describe('C1: the backend process survives what used to kill it', () => {
  let backend: ChildProcess;
  let url: string;
  let output = '';

  beforeAll(async () => {
    backend = spawn(process.execPath, cliArguments('--port', '0', '--db', ':memory:', '--seed', seedFile), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    backend.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    backend.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => /Listening on (http:\S+)/.test(output) || backend.exitCode !== null, 'the backend to start', 30_000);
    url = /Listening on (http:\S+)/.exec(output)?.[1] ?? '';
    expect(url, output).not.toBe('');
  }, 40_000);
  afterAll(() => {
    backend.kill();
  });

  const stillServing = async () => {
    expect(backend.exitCode, output).toBeNull();
    expect((await fetch(`${url}/health`)).status).toBe(200);
  };

  it('C1: GET /socket.io/?EIO=4&transport=polling is answered by engine.io alone', async () => {
    const response = await fetch(`${url}/socket.io/?EIO=4&transport=polling`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^0\{"sid":/);
    // The next request is answered after anything the first made the backend do or log (its logs
    // go to a pipe, written before it answers): a crash or a second answer would show by then.
    await stillServing();
    expect(output).not.toContain('ERR_HTTP_HEADERS_SENT');
  });

  it('C1: POST with an unknown sid is refused, and the backend goes on', async () => {
    const response = await fetch(`${url}/socket.io/?EIO=4&transport=polling&sid=not-a-session`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '40' });
    expect(response.status).toBe(400);
    await stillServing();
  });

  it('C1: a stock socket.io-client with its default transports (polling, then upgrade) connects and is answered', async () => {
    const socket = io(url, { auth: { token: await tokenFor(url, 'alice@northwind.example') }, reconnection: false });
    onTestFinished(() => void socket.close());
    const answer = (await socket.timeout(5_000).emitWithAck('directory:search', { query: 'bel' })) as { ok: boolean };
    expect(answer.ok).toBe(true);
    await stillServing();
  });
});

describe('process guards', () => {
  it('log an error that escapes every handler and keep the process serving', () => {
    const script = [
      `const { installProcessGuards } = require(${JSON.stringify(path.join(root, 'src-backend', 'processGuards.ts'))});`,
      'installProcessGuards();',
      "setTimeout(() => { throw new Error('escaped a handler'); }, 10);",
      "setTimeout(() => Promise.reject(new Error('nobody awaited this')), 20);",
      "setTimeout(() => { console.log('still serving'); process.exit(0); }, 100);",
    ].join('\n');
    const run = spawnSync(tsx, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('still serving');
    expect(run.stderr).toContain('uncaught exception (the backend keeps serving)');
    expect(run.stderr).toContain('escaped a handler');
    expect(run.stderr).toContain('nobody awaited this');
  });
});

describe('errors inside the server are answered, logged and contained', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(basicSeed(), { limits: relaxedLimits });
  });
  afterAll(async () => {
    await server.close();
  });

  it('a command whose handler throws answers internal; the next one is served', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const page = server.context.conversations.page.bind(server.context.conversations);
    server.context.conversations.page = () => {
      throw new Error('a bug in a handler');
    };
    onTestFinished(() => void (server.context.conversations.page = page));
    expect(await alice.request('conversation:list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    server.context.conversations.page = page;
    expect(dataOf(await alice.request('conversation:list', {})).items.length).toBeGreaterThan(0);
  });

  it('an HTTP request whose handling throws answers 500; the next one is served', async () => {
    const check = server.context.sessions.check.bind(server.context.sessions);
    server.context.sessions.check = () => {
      throw new Error('a bug in a route');
    };
    onTestFinished(() => void (server.context.sessions.check = check));
    const response = await fetch(`${server.url}/api/session`, { headers: { authorization: `Bearer ${'x'.repeat(43)}` } });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'internal' } });
    server.context.sessions.check = check;
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('a socket handshake that throws is refused; the next one connects', async () => {
    const token = await tokenFor(server.url, 'brian@northwind.example');
    const check = server.context.sessions.check.bind(server.context.sessions);
    server.context.sessions.check = () => {
      throw new Error('a bug in the handshake');
    };
    onTestFinished(() => void (server.context.sessions.check = check));
    const refused = io(server.url, { auth: { token }, transports: ['websocket'], reconnection: false });
    expect((await new Promise<Error>((resolve) => refused.on('connect_error', resolve))).message).toBe('internal');
    refused.close();
    server.context.sessions.check = check;
    const accepted = io(server.url, { auth: { token }, transports: ['websocket'], reconnection: false });
    onTestFinished(() => void accepted.close());
    await new Promise<void>((resolve) => accepted.on('connect', resolve));
  });
});

describe('L1: commands without an ack, and unknown events, are answered', () => {
  let server: TestServer;
  let socket: Socket;
  const events: ServerEvent[] = [];
  beforeAll(async () => {
    server = await startTestServer(basicSeed());
    socket = io(server.url, { auth: { token: await tokenFor(server.url, 'alice@northwind.example') }, transports: ['websocket'], reconnection: false });
    socket.onAny((type: ServerEvent['type'], payload: unknown) => void events.push({ type, payload } as ServerEvent));
    await new Promise<void>((resolve) => socket.on('connect', resolve));
  });
  afterAll(async () => {
    socket.close();
    await server.close();
  });

  const failures = () => events.filter((event): event is Extract<ServerEvent, { type: 'command:failed' }> => event.type === 'command:failed').map((event) => event.payload);

  it('L1: a command sent without an acknowledgement callback gets a command:failed event', async () => {
    socket.emit('directory:search', { query: 'bel' });
    await waitFor(() => failures().some((failure) => failure.command === 'directory:search'), 'the error event');
    expect(failures().find((failure) => failure.command === 'directory:search')?.error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('acknowledgement') });
  });

  it('L1: an unknown event gets a command:failed event, or its ack answered when it has one', async () => {
    socket.emit('account:takeover', { everything: true });
    await waitFor(() => failures().some((failure) => failure.command === 'account:takeover'), 'the error event');
    expect(failures().find((failure) => failure.command === 'account:takeover')?.error).toMatchObject({ code: 'bad_request', message: 'Unknown command: account:takeover' });
    const answer = (await socket.timeout(5_000).emitWithAck('account:takeover', {})) as unknown;
    expect(answer).toEqual({ ok: false, error: { code: 'bad_request', message: 'Unknown command: account:takeover' } });
  });
});

describe('L3: durability', () => {
  it('L3: a database on disk syncs every commit before it returns (WAL, synchronous=FULL; see docs/DURABILITY.md)', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'meridian-durable-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const server = await startServer({ db: path.join(folder, 'meridian.db'), seed: basicSeed(), port: 0, webRoot: null });
    onTestFinished(() => server.close());
    expect(sqliteDb(server.context).pragma('journal_mode', { simple: true })).toBe('wal');
    // 2 = FULL: the WAL is synced at each commit, so an acknowledged message survives a power cut.
    expect(sqliteDb(server.context).pragma('synchronous', { simple: true })).toBe(2);
  });
});

describe('the NUL character (U+0000), which PostgreSQL cannot store, is refused alike on both engines', () => {
  it('in a message, a channel name, a sign-in and a console command: bad_request saying where, and nothing changes', async () => {
    const server = await startTestServer(basicSeed());
    onTestFinished(() => server.close());
    const alice = await server.signIn('alice@northwind.example');
    const before = dataOf(await alice.request('conversation:history', { conversationId: 'ch-nw-general' })).messages.length;
    expect(await alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'nul-test-1', text: 'hello\u0000world' })).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'text: must not contain the NUL character (U+0000)' },
    });
    expect(await alice.request('channel:create', { name: 'a\u0000b', visibility: 'public', memberIds: [] })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('NUL') } });
    expect(dataOf(await alice.request('conversation:history', { conversationId: 'ch-nw-general' })).messages.length).toBe(before);
    const signIn = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'alice@northwind.example\u0000', password: 'demo' }) });
    expect(signIn.status).toBe(400);
    const admin = await fetch(`${server.url}/api/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.supportToken}` },
      body: JSON.stringify({ command: 'user add', arguments: { accountId: '100100', name: 'Eve\u0000', email: 'eve@northwind.example', password: 'x' } }),
    });
    expect(admin.status).toBe(400);
    expect(dataOf(await alice.request('directory:search', { query: 'eve' })).people).toEqual([]);
    // And the server still answers the same text without the NUL character.
    expect(dataOf(await alice.request('message:send', { conversationId: 'ch-nw-general', clientId: 'nul-test-2', text: 'helloworld' })).text).toBe('helloworld');
  });
});
