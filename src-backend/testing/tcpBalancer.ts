/**
 * A load balancer for tests, as HAProxy in TCP mode with WebSocket-only clients would be
 * (docs/DEPLOYMENT.md): each connection goes to the first backend in its list that accepts it,
 * so a test knows where its clients land, and when that backend dies they land on the next.
 * Listens on 127.0.0.1 on a free port; `close()` ends every connection it carries.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpBalancer {
  port: number;
  /** How many connections each backend port was given so far. */
  given: Map<number, number>;
  /** The backends, in the order they are tried (a test may change it). */
  backends: number[];
  close(): Promise<void>;
}

export async function startTcpBalancer(backends: number[]): Promise<TcpBalancer> {
  const open = new Set<Socket>();
  const given = new Map<number, number>();
  const balancer: TcpBalancer = { port: 0, given, backends: [...backends], close: async () => undefined };
  const server = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.pause();
    const tryNext = (index: number) => {
      const port = balancer.backends[index];
      if (port === undefined) {
        client.destroy();
        return;
      }
      const upstream = createConnection({ host: '127.0.0.1', port });
      // Refused (the backend is gone): the next one.
      upstream.once('error', () => tryNext(index + 1));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        given.set(port, (given.get(port) ?? 0) + 1);
        open.add(upstream);
        upstream.once('close', () => open.delete(upstream));
        const end = () => {
          client.destroy();
          upstream.destroy();
        };
        upstream.on('error', end);
        client.on('error', end);
        upstream.once('close', end);
        client.once('close', end);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryNext(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  balancer.port = (server.address() as { port: number }).port;
  balancer.close = async () => {
    for (const socket of open) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return balancer;
}
