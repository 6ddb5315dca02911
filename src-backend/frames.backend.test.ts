/**
 * What a socket may send before anything is parsed (SPEC 8, issue 18 #3 and #8): frames over the
 * largest command are refused unread, an unknown event or an oversized command is answered
 * without its payload being parsed, and connections that never join with a session are capped
 * and closed after a few seconds. Raw engine.io connections (the `ws` package) stand for a
 * client that does not follow socket.io's rules.
 */
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import WebSocket from 'ws';
import type { Ack } from '../src-shared/protocol/ack';
import { maxSdpLength } from '../src-shared/protocol/callProtocol';
import { defaultLimits, maxFrameBytes } from './limits/limits';
import { basicSeed, startTestServer, waitFor, type TestServer } from './testing/testServer';

let server: TestServer;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
});

/** Counts JSON.parse calls on strings of at least `length` characters, in this process (the server's). */
function countParses(length: number): () => number {
  const original = JSON.parse;
  let count = 0;
  vi.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
    if (typeof text === 'string' && text.length >= length) count += 1;
    return original(text, reviver);
  });
  return () => count;
}

/** A raw engine.io connection over WebSocket, opened (its handshake read), that has not joined socket.io. */
async function rawConnection(url: string): Promise<{ socket: WebSocket; closed: Promise<void> }> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  onTestFinished(() => socket.terminate());
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`refused with ${response.statusCode}`)));
  });
  return { socket, closed };
}

async function signedInSocket(): Promise<Socket> {
  const token = (await server.signIn('alice@northwind.example')).sessionToken!;
  const socket = io(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  onTestFinished(() => void socket.close());
  await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('connect_error', reject));
  return socket;
}

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms))]);

describe('frames', () => {
  it('a frame larger than the largest command closes the connection unread; the person connects again and is served', async () => {
    server = await startTestServer(basicSeed());
    const parses = countParses(100_000);
    const socket = await signedInSocket();
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    socket.emit('directory:search', { query: 'x'.repeat(999_000) });
    await within(disconnected, 5_000, 'the connection to close');
    expect(parses()).toBe(0);
    // The largest command is a call's session description (65,536 characters, line ends escaped): nothing near 999 KB.
    expect(maxFrameBytes(defaultLimits)).toBeLessThanOrEqual(128 * 1024 + 64);
    const again = await signedInSocket();
    expect(((await again.timeout(5_000).emitWithAck('directory:search', { query: 'bel' })) as Ack<unknown>).ok).toBe(true);
  });

  it('an unknown event is answered by its name alone: its payload is never parsed', async () => {
    server = await startTestServer(basicSeed());
    const socket = await signedInSocket();
    const parses = countParses(30_000);
    const answer = (await socket.timeout(5_000).emitWithAck('account:takeover', { filler: 'x'.repeat(50_000) })) as Ack<unknown>;
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'Unknown command: account:takeover' } });
    expect(parses()).toBe(0);
  });

  it('a command larger than its class allows is answered too_large, unparsed; a message of 10,000 characters, every one escaped, still goes', async () => {
    server = await startTestServer(basicSeed());
    const socket = await signedInSocket();
    const parses = countParses(33_000);
    const search = (await socket.timeout(5_000).emitWithAck('directory:search', { query: 'x'.repeat(40_000) })) as Ack<unknown>;
    expect(search).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(parses()).toBe(0);
    // The largest real command: 10,000 control characters, six bytes each in JSON.
    const text = `start${'\u0001'.repeat(9_990)}end`;
    const sent = (await socket.timeout(5_000).emitWithAck('message:send', { conversationId: 'ch-nw-general', clientId: 'largest-message-1', text })) as Ack<{ text: string }>;
    expect(sent).toMatchObject({ ok: true });
    // The largest signal: a session description of the longest relayed (65,536 characters), its line ends escaped, is read and checked.
    const lines = ['v=0', ...Array.from({ length: 2_400 }, (_, index) => `a=candidate:${index} 1 udp 2122260223 192.0.2.1 5000 typ host`)];
    const sdp = lines.join('\r\n').slice(0, maxSdpLength);
    expect(sdp).toHaveLength(maxSdpLength);
    const signal = (await socket.timeout(5_000).emitWithAck('call:signal', { callId: 'no-such-call', signal: { kind: 'description', description: { type: 'offer', sdp } } })) as Ack<unknown>;
    expect(signal).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('connections that have not joined', () => {
  it('a frame other than a small CONNECT, before joining, closes the connection unread', async () => {
    server = await startTestServer(basicSeed());
    const parses = countParses(10_000);
    const { socket, closed } = await rawConnection(server.url);
    // An engine.io message ("4") holding a socket.io event ("2") with a large payload, before any CONNECT.
    socket.send(`42["directory:search",{"query":"${'x'.repeat(50_000)}"}]`);
    await within(closed, 5_000, 'the connection to close');
    expect(parses()).toBe(0);
    // A CONNECT larger than any token needs is refused the same way.
    const second = await rawConnection(server.url);
    second.socket.send(`40{"token":"${'x'.repeat(60_000)}"}`);
    await within(second.closed, 5_000, 'the second connection to close');
    expect(parses()).toBe(0);
  });

  it('is closed once it has waited unauthenticatedTimeoutMs without joining', async () => {
    server = await startTestServer(basicSeed(), { limits: { unauthenticatedTimeoutMs: 300 } });
    const { closed } = await rawConnection(server.url);
    await within(closed, 3_000, 'a connection that never joined to be closed');
  });

  it('is capped per address (loopback is one) and in all; the cap lifts as they join or go', async () => {
    server = await startTestServer(basicSeed(), { limits: { unauthenticatedPerAddress: 5 } });
    const held = await Promise.all(Array.from({ length: 5 }, () => rawConnection(server.url)));
    // The sixth waiting connection from this address is refused at its handshake; a person signing in from here meanwhile too.
    await expect(rawConnection(server.url)).rejects.toThrow(/refused with 40\d/);
    held[0]!.socket.terminate();
    await held[0]!.closed;
    // The server counts the close when its side of the socket ends, just after ours: engine.io's
    // count of connections drops on that same close, so it is what is awaited, not a time.
    await waitFor(() => server.context.io.engine.clientsCount === 4, 'the server to see the connection close');
    const socket = await signedInSocket();
    expect(socket.connected).toBe(true);
    // A connection that joined no longer counts: with four still waiting, one more may wait, not two.
    await rawConnection(server.url);
    await expect(rawConnection(server.url)).rejects.toThrow(/refused with 40\d/);
  });
});

describe('what one person may send', () => {
  it('a person sending more than inboundBytes allows is not read until back within it, not cut off; another person is served meanwhile', async () => {
    server = await startTestServer(basicSeed(), { limits: { inboundBytes: { burst: 256 * 1024, perSecond: 256 * 1024 } } });
    const socket = await signedInSocket();
    const carlToken = (await server.signIn('carl@contoso.example')).sessionToken!;
    const carl = io(server.url, { auth: { token: carlToken }, transports: ['websocket'], reconnection: false, forceNew: true });
    onTestFinished(() => void carl.close());
    await new Promise<void>((resolve, reject) => carl.once('connect', () => resolve()).once('connect_error', reject));
    const started = performance.now();
    // 40 frames of 30 KB (1.2 MB): 256 KB at once, then 256 KB a second, so the last one is read after about 3.6 s.
    const answered = Array.from({ length: 40 }, () =>
      socket
        .timeout(20_000)
        .emitWithAck('abuse:unknown', { filler: 'x'.repeat(30_000) })
        .then(() => performance.now() - started),
    );
    const carlAnswer = (await carl.timeout(5_000).emitWithAck('directory:search', { query: 'bel' })) as Ack<unknown>;
    const carlAnsweredAt = performance.now() - started;
    expect(carlAnswer.ok).toBe(true);
    const times = await Promise.all(answered);
    expect(Math.max(...times)).toBeGreaterThan(3_000);
    expect(carlAnsweredAt).toBeLessThan(Math.max(...times));
    expect(socket.connected).toBe(true);
  });
});
