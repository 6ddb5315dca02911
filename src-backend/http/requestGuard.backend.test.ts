/**
 * A backend on loopback answers only its own names, and only its own pages from browsers
 * (SPEC 8, issue 9's M4): a page under a rebinding name, or any other web page, gets nothing.
 * Requests are made with node:http, which (unlike fetch) lets a test set Host and Origin.
 */
import { request as httpRequest } from 'node:http';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicSeed, startTestServer, type TestServer } from '../testing/testServer';
import { createRequestGuard, isLoopback } from './requestGuard';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(basicSeed(), { demo: true });
});
afterAll(async () => {
  await server.close();
});

/** One request with exactly these headers: its status and body. */
function send(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: server.port, path, method, headers, setHost: false }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const own = () => `127.0.0.1:${server.port}`;

describe('Host', () => {
  it.each([
    ['the rebinding name attacker.example', 'attacker.example'],
    ['a rebinding name with the right port', () => `attacker.example:${server.port}`],
    ['the right name on another port', 'localhost:1'],
  ])('M4: GET /api/demo-people for %s is refused', async (_name, host) => {
    const response = await send('/api/demo-people', { host: typeof host === 'function' ? host() : host });
    expect(response.status).toBe(403);
    expect(response.body).not.toContain('alice@northwind.example');
  });

  it('M4: POST /api/demo-session from a page under a rebinding name gets no session', async () => {
    const response = await send('/api/demo-session', { host: `rebind.attacker.example:${server.port}`, 'content-type': 'application/json' }, 'POST', JSON.stringify({ email: 'alice@northwind.example' }));
    expect(response.status).toBe(403);
    expect(response.body).not.toContain('token');
  });

  it.each([['127.0.0.1'], ['localhost']])('answers its own address and localhost (%s)', async (name) => {
    const response = await send('/api/demo-people', { host: `${name}:${server.port}` });
    expect(response.status).toBe(200);
    expect(response.body).toContain('alice@northwind.example');
  });

  it('M4: refuses a socket.io handshake for a foreign Host', async () => {
    const response = await send('/socket.io/?EIO=4&transport=polling', { host: `attacker.example:${server.port}` });
    expect(response.status).toBe(403);
  });
});

describe('Origin', () => {
  it.each([
    ['another web page', 'https://attacker.example'],
    ['a sandboxed frame or file:// page', 'null'],
    ['the right host on another port', 'http://127.0.0.1:1'],
  ])('M4: HTTP requests from %s are refused', async (_name, origin) => {
    const response = await send('/api/demo-session', { host: own(), origin, 'content-type': 'application/json' }, 'POST', JSON.stringify({ email: 'alice@northwind.example' }));
    expect(response.status).toBe(403);
  });

  it('M4: a socket from another web page is refused, polling or WebSocket', async () => {
    const polling = await send('/socket.io/?EIO=4&transport=polling', { host: own(), origin: 'https://attacker.example' });
    expect(polling.status).toBe(403);
    const socket = io(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: 'https://attacker.example' } });
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toMatch(/websocket error/i);
    socket.close();
  });

  it.each([
    ['its own pages', () => `http://127.0.0.1:${server.port}`],
    ['its own pages under localhost', () => `http://localhost:${server.port}`],
    ['the desktop app (app://)', () => 'app://meridian'],
  ])('accepts requests from %s, and from clients that send no Origin', async (_name, origin) => {
    expect((await send('/api/demo-people', { host: own(), origin: origin() })).status).toBe(200);
    expect((await send('/api/demo-people', { host: own() })).status).toBe(200);
  });
});

describe('the guard on its own', () => {
  it('treats every 127.x address, ::1 and localhost as loopback, nothing else', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost']) expect(isLoopback(address)).toBe(true);
    for (const address of ['0.0.0.0', '10.0.0.1', '::', 'example.com', '128.0.0.1']) expect(isLoopback(address)).toBe(false);
  });

  it('on a non-loopback address, takes any Host but still only same-origin pages and named origins', () => {
    const guard = createRequestGuard({ host: '0.0.0.0', port: () => 4100, allowedOrigins: ['http://localhost:5173'] });
    const request = (headers: Record<string, string>) => guard({ headers } as never);
    expect(request({ host: 'chat.example.com:4100' })).toBeNull();
    expect(request({ host: 'chat.example.com:4100', origin: 'http://chat.example.com:4100' })).toBeNull();
    expect(request({ host: 'chat.example.com:4100', origin: 'http://localhost:5173' })).toBeNull();
    expect(request({ host: 'chat.example.com:4100', origin: 'https://attacker.example' })).not.toBeNull();
  });
});
