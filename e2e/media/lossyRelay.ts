/**
 * A bad network for tests: a UDP forwarder on 127.0.0.1 in front of a server (here coturn) that
 * drops a share of the packets each way, changeable while it runs. Each client address gets its
 * own socket towards the server, so the server sees one client per client, as it would.
 *
 *   const path = await startLossyRelay(turnPort);   // path.port: what clients use instead
 *   path.setLoss(0.3);                                // 30 % of packets lost each way, from now
 *   await path.stop();
 */
import { createSocket, type Socket } from 'node:dgram';

export interface LossyRelay {
  port: number;
  /** The share of packets (0 to 1) dropped in each direction from now on. */
  setLoss(share: number): void;
  /** Packets dropped so far (both ways). */
  dropped(): number;
  stop(): Promise<void>;
}

const close = (socket: Socket) => new Promise<void>((resolve) => socket.close(() => resolve()));

export async function startLossyRelay(targetPort: number, targetHost = '127.0.0.1'): Promise<LossyRelay> {
  let loss = 0;
  let dropped = 0;
  const lost = () => {
    if (Math.random() >= loss) return false;
    dropped += 1;
    return true;
  };
  const front = createSocket('udp4');
  const upstream = new Map<string, Socket>();

  front.on('message', (packet, from) => {
    if (lost()) return;
    const key = `${from.address}:${from.port}`;
    let socket = upstream.get(key);
    if (!socket) {
      const created = createSocket('udp4');
      created.on('message', (reply) => {
        if (!lost()) front.send(reply, from.port, from.address);
      });
      created.bind(0, '127.0.0.1');
      upstream.set(key, created);
      socket = created;
    }
    socket.send(packet, targetPort, targetHost);
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.bind(0, '127.0.0.1', () => resolve());
  });

  return {
    port: front.address().port,
    setLoss: (share) => {
      if (!(share >= 0 && share <= 1)) throw new RangeError(`loss must be between 0 and 1, not ${share}`);
      loss = share;
    },
    dropped: () => dropped,
    stop: async () => {
      await Promise.all([...upstream.values()].map(close));
      upstream.clear();
      await close(front);
    },
  };
}
