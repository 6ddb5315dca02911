/**
 * The floor Meridian is measured against: bare socket.io 4 with one SQLite INSERT per message.
 * It speaks the small part of Meridian's protocol the benchmarks use — the handshake token,
 * `message:send` (acknowledged), `message:created` to a room per conversation, and
 * `conversation:history` after a sequence number — and nothing else: no visibility rules, no
 * per-viewer views, no presence. Its database is a file with Meridian's durability (WAL,
 * `synchronous = FULL`), one commit per message as such a server would do it; `synchronous`
 * in the start request changes that (`BENCH_BASELINE_SYNC=NORMAL`, for comparison only).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { Server } from 'socket.io';
import { serveRequests, usageNow } from '../lib/child';

interface World {
  channels: Array<{ id: string; members: string[]; messages?: number }>;
}

let close: (() => Promise<void>) | null = null;
const tokens = new Map<string, string>();

serveRequests({
  async start(request) {
    const world = request.world as World;
    const db = new Database((request.db as string | undefined) ?? ':memory:');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${request.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    db.exec(`CREATE TABLE messages (id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, author_id TEXT NOT NULL,
               text TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (conversation_id, seq))`);
    const insert = db.prepare('INSERT INTO messages (id, conversation_id, seq, author_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const after = db.prepare('SELECT id, conversation_id AS conversationId, seq, author_id AS authorId, text, created_at AS createdAt FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?');
    const lastSeq = new Map<string, number>();
    const conversationsOf = new Map<string, string[]>();
    db.transaction(() => {
      for (const channel of world.channels) {
        for (const member of channel.members) conversationsOf.set(member, [...(conversationsOf.get(member) ?? []), channel.id]);
        for (let index = 1; index <= (channel.messages ?? 0); index++) {
          insert.run(randomUUID(), channel.id, index, channel.members[index % channel.members.length], `History message ${index}`, new Date().toISOString());
        }
        lastSeq.set(channel.id, channel.messages ?? 0);
      }
    })();

    const httpServer = createServer();
    const io = new Server(httpServer, { serveClient: false, transports: ['websocket', 'polling'] });
    io.use((socket, next) => {
      const userId = tokens.get(String((socket.handshake.auth as { token?: unknown }).token));
      if (!userId) return next(new Error('unauthorized'));
      socket.data.userId = userId;
      next();
    });
    io.on('connection', (socket) => {
      const userId = socket.data.userId as string;
      void socket.join((conversationsOf.get(userId) ?? []).map((id) => `c:${id}`));
      socket.on('message:send', (payload: { conversationId: string; clientId: string; text: string }, ack: (response: unknown) => void) => {
        const seq = (lastSeq.get(payload.conversationId) ?? 0) + 1;
        lastSeq.set(payload.conversationId, seq);
        const message = { id: randomUUID(), conversationId: payload.conversationId, seq, authorId: userId, text: payload.text, createdAt: new Date().toISOString() };
        insert.run(message.id, message.conversationId, seq, userId, message.text, message.createdAt);
        io.to(`c:${payload.conversationId}`).emit('message:created', { message });
        ack({ ok: true, data: message });
      });
      socket.on('conversation:history', (payload: { conversationId: string; afterSeq: number; limit?: number }, ack: (response: unknown) => void) => {
        const limit = payload.limit ?? 200;
        const rows = after.all(payload.conversationId, payload.afterSeq, limit + 1);
        ack({ ok: true, data: { conversationId: payload.conversationId, messages: rows.slice(0, limit), hasMore: rows.length > limit } });
      });
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve()));
    close = async () => {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      db.close();
    };
    const issued: Record<string, string> = {};
    for (const userId of (request.tokensFor as string[] | undefined) ?? []) {
      const token = randomBytes(32).toString('base64url');
      tokens.set(token, userId);
      issued[userId] = token;
    }
    return { url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, tokens: issued, startMs: 0 };
  },
  usage(request) {
    return usageNow(request.gc === true);
  },
  async close() {
    await close?.();
    close = null;
    return null;
  },
});
