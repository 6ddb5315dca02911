/**
 * Many socket.io clients in one process, for benchmarks. Each client is one person's socket
 * (websocket transport, the session token in the handshake). It records when each benchmark
 * message arrives — the text carries its send time on the shared wall clock — and can drop
 * and come back, catching up from its last sequence number as the real client does.
 */
import { io, type Socket } from 'socket.io-client';
import { serveRequests } from '../lib/child';
import { until, wallMs } from '../lib/stats';

interface Client {
  userId: string;
  token: string;
  socket: Socket | null;
  /** Highest sequence number seen, per conversation. */
  synced: Map<string, number>;
}

let url = '';
let clients: Client[] = [];
let latencies: number[] = [];
let receipts = 0;
let events = 0;
let lastEventAt = 0;
let lastReceiptAt = 0;

const sentAtPattern = /@(\d+(?:\.\d+)?)$/;

function open(client: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], auth: { token: client.token }, reconnection: false, forceNew: true, timeout: 120_000 });
    client.socket = socket;
    socket.onAny(() => {
      events += 1;
      lastEventAt = wallMs();
    });
    socket.on('message:created', (payload: { message: { conversationId: string; seq: number; text: string } }) => {
      const now = wallMs();
      const { message } = payload;
      client.synced.set(message.conversationId, Math.max(client.synced.get(message.conversationId) ?? 0, message.seq));
      const sentAt = sentAtPattern.exec(message.text)?.[1];
      receipts += 1;
      lastReceiptAt = now;
      if (sentAt) latencies.push(now - Number(sentAt));
    });
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(new Error(`connect of ${client.userId} failed: ${error.message}`)));
  });
}

type Ack = { ok: true; data: { messages?: Array<{ seq: number }>; encodedMessages?: Uint8Array; hasMore: boolean } } | { ok: false; error: { code: string; message: string } };

/** A page's messages as a client reads them: Meridian may send them as JSON bytes (an encoded page), the baseline as objects. */
const messagesOf = (data: { messages?: Array<{ seq: number }>; encodedMessages?: Uint8Array }): Array<{ seq: number }> =>
  data.messages ?? (JSON.parse(new TextDecoder().decode(data.encodedMessages)) as Array<{ seq: number }>);

async function catchUp(client: Client, conversationId: string): Promise<number> {
  let fetched = 0;
  for (;;) {
    const afterSeq = client.synced.get(conversationId) ?? 0;
    const ack = (await client.socket!.timeout(120_000).emitWithAck('conversation:history', { conversationId, afterSeq, limit: 200 })) as Ack;
    if (!ack.ok) throw new Error(`catch-up refused: ${ack.error.code} ${ack.error.message}`);
    const messages = messagesOf(ack.data);
    fetched += messages.length;
    const last = messages.at(-1);
    if (last) client.synced.set(conversationId, Math.max(afterSeq, last.seq));
    if (!ack.data.hasMore) return fetched;
  }
}

serveRequests({
  /** Connects one socket per token, all at once; resolves when every one is connected. */
  async connect(request) {
    url = request.url as string;
    const tokens = request.tokens as Array<[string, string]>;
    clients = tokens.map(([userId, token]) => ({ userId, token, socket: null, synced: new Map() }));
    const started = wallMs();
    await Promise.all(clients.map(open));
    return { connected: clients.length, ms: wallMs() - started, startedAt: started };
  },
  reset() {
    latencies = [];
    receipts = 0;
    events = 0;
    return null;
  },
  report() {
    return { latencies, receipts, events, lastEventAt, lastReceiptAt };
  },
  /** Waits until this process has received `count` benchmark messages in all. */
  async awaitReceipts(request) {
    await until(() => receipts >= (request.count as number), `${request.count} receipts (have ${receipts})`, (request.timeoutMs as number | undefined) ?? 120_000);
    return { lastReceiptAt };
  },
  /** Every client drops its connection (the sequence numbers it has are kept). */
  drop() {
    for (const client of clients) client.socket?.disconnect();
    return null;
  },
  /** Every client reconnects at once and fetches what it missed in `conversationId`. */
  async rejoin(request) {
    const conversationId = request.conversationId as string;
    const started = wallMs();
    let fetched = 0;
    await Promise.all(
      clients.map(async (client) => {
        await open(client);
        const count = await catchUp(client, conversationId);
        fetched += count; // not `fetched += await …`: that would read `fetched` before waiting

      }),
    );
    return { ms: wallMs() - started, fetched, doneAt: wallMs() };
  },
  close() {
    for (const client of clients) client.socket?.disconnect();
    clients = [];
    return null;
  },
});
