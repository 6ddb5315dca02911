/**
 * Several backend processes on one Redis (SPEC 10, `--redis-url`): what one process tells the
 * others, and what they share.
 *
 * - **Events and rooms**: socket.io's Redis Streams adapter (`adapter()`): every `io.to(…).emit`,
 *   `socketsJoin`, `socketsLeave`, `disconnectSockets` and `fetchSockets` reaches the sockets of
 *   every process.
 * - **Replicas** (STYLE "Several processes"): a change written by one process — a person, the
 *   federations, an account, a conversation's members — is published on one channel
 *   (`meridian:changes`), and every other process invalidates what it kept of it
 *   (`onChange`). Publishing is awaited before the writer answers its client.
 * - **Who is connected** (`connections`, ./connections.ts): each socket is a field of its
 *   person's hash (`meridian:clients:<userId>`, field `<node>\n<socket>`, value idle or not);
 *   a change is published, and the others read that person's hash again. A process that dies
 *   (`kill -9`) stops renewing its heartbeat key; the first process to notice removes its
 *   sockets and says so, so its people go offline within `nodeTimeoutMs`.
 *
 * Every message read from Redis is validated like any input from outside.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { LocalSockets, type ClientCounts, type Connections } from './connections';

/** A change one process made that the others must apply to what they keep. */
export type ClusterChange =
  | { kind: 'user'; userId: string }
  | { kind: 'federations' }
  | { kind: 'accounts' }
  | { kind: 'members'; conversationId: string }
  | { kind: 'clients'; userId: string }
  /** What is published in a meeting's media room changed: each process brings its clients' subscriptions in line. */
  | { kind: 'meeting-feeds'; meetingId: string };

const id = z.string().min(1).max(200);
const messageSchema = z.object({
  from: id,
  change: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('user'), userId: id }),
    z.object({ kind: z.literal('federations') }),
    z.object({ kind: z.literal('accounts') }),
    z.object({ kind: z.literal('members'), conversationId: id }),
    z.object({ kind: z.literal('clients'), userId: id }),
    z.object({ kind: z.literal('meeting-feeds'), meetingId: id }),
  ]),
});

const prefix = 'meridian:';
const keys = {
  changes: `${prefix}changes`,
  nodes: `${prefix}nodes`,
  node: (nodeId: string) => `${prefix}node:${nodeId}`,
  nodeUsers: (nodeId: string) => `${prefix}node-users:${nodeId}`,
  clients: (userId: string) => `${prefix}clients:${userId}`,
};

export interface RedisClusterOptions {
  /** How often this process renews its heartbeat and looks for processes that died (5 s by default). */
  heartbeatMs?: number;
  /** How long without a heartbeat before a process counts as gone (15 s by default). */
  nodeTimeoutMs?: number;
}

/** A node id as given (`--node-id`): letters, digits, `.`, `_`, `-`, at most 64. */
export function nodeIdProblem(nodeId: string): string | null {
  return /^[A-Za-z0-9._-]{1,64}$/.test(nodeId) ? null : 'must be 1 to 64 letters, digits, dots, underscores or dashes.';
}

export class RedisCluster {
  readonly connections: RedisConnections;
  private readonly listeners: Array<(change: ClusterChange) => void | Promise<void>> = [];
  private readonly goneListeners: Array<(userIds: string[]) => void> = [];
  private heartbeat: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private closed = false;

  private constructor(
    readonly nodeId: string,
    private readonly commands: Redis,
    private readonly subscriber: Redis,
    private readonly options: Required<RedisClusterOptions>,
  ) {
    this.connections = new RedisConnections(nodeId, commands);
  }

  /** Connects (failing at once with why when Redis does not answer), subscribes, and takes this process's place. */
  static async open(url: string, nodeId: string, options: RedisClusterOptions = {}): Promise<RedisCluster> {
    const connect = async (name: string) => {
      const client = new Redis(url, { lazyConnect: true, connectionName: `meridian-${nodeId}-${name}`, maxRetriesPerRequest: 3 });
      client.on('error', (error: Error) => console.error(`[meridian] Redis (${name}): ${error.message}`));
      try {
        await client.connect();
      } catch (error) {
        client.disconnect();
        throw new Error(`Redis at ${redactedRedisUrl(url)} does not answer: ${(error as Error).message}`);
      }
      return client;
    };
    const commands = await connect('commands');
    let subscriber: Redis;
    try {
      subscriber = await connect('changes');
    } catch (error) {
      commands.disconnect();
      throw error;
    }
    const cluster = new RedisCluster(nodeId, commands, subscriber, { heartbeatMs: options.heartbeatMs ?? 5_000, nodeTimeoutMs: options.nodeTimeoutMs ?? 15_000 });
    try {
      await cluster.start();
    } catch (error) {
      await cluster.close();
      throw error;
    }
    return cluster;
  }

  private async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, raw: string) => {
      if (channel === keys.changes) this.received(raw);
    });
    await this.subscriber.subscribe(keys.changes);
    this.connections.onClientsChanged((userId) => this.publish({ kind: 'clients', userId }));
    // A process started again under the same id leaves nothing of its previous run counted.
    await this.forgetNode(this.nodeId);
    await this.beat();
    await this.connections.loadAll();
    this.heartbeat = setInterval(() => {
      this.ticking ??= this.tick().finally(() => (this.ticking = null));
    }, this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Whether another process of the deployment has a live heartbeat now. */
  async othersAlive(): Promise<boolean> {
    for (const nodeId of await this.commands.smembers(keys.nodes)) {
      if (nodeId !== this.nodeId && (await this.commands.exists(keys.node(nodeId))) === 1) return true;
    }
    return false;
  }

  /** socket.io's Redis Streams adapter on this cluster's Redis. */
  adapter(): ReturnType<typeof createAdapter> {
    return createAdapter(this.commands, { streamName: `${prefix}socket.io`, channelPrefix: `${prefix}socket.io` });
  }

  /** Tells every other process of a change (resolves once Redis has it; a failure is logged, never thrown at the writer). */
  async publish(change: ClusterChange): Promise<void> {
    if (this.closed) return;
    try {
      await this.commands.publish(keys.changes, JSON.stringify({ from: this.nodeId, change }));
    } catch (error) {
      console.error(`[meridian] telling the other processes of a change (${change.kind}) failed; their replicas may be stale until it is made again:`, error);
    }
  }

  /** Calls `listener` with every change another process published. */
  onChange(listener: (change: ClusterChange) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  /**
   * Calls `listener` with the people who had clients on a process that died (found by this
   * process; another may find it too): what those clients were in (meetings, calls) gets the
   * grace a lost connection gets.
   */
  onNodeGone(listener: (userIds: string[]) => void): void {
    this.goneListeners.push(listener);
  }

  private received(raw: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      console.error('[meridian] a message on meridian:changes was not JSON; ignored.');
      return;
    }
    const message = messageSchema.safeParse(parsed);
    if (!message.success) {
      console.error('[meridian] a message on meridian:changes had the wrong shape; ignored.');
      return;
    }
    if (message.data.from === this.nodeId) return;
    const change = message.data.change;
    if (change.kind === 'clients') {
      void this.connections.refresh(change.userId).catch((error: unknown) => console.error('[meridian] reading who is connected failed:', error));
      return;
    }
    for (const listener of this.listeners) {
      void Promise.resolve()
        .then(() => listener(change))
        .catch((error: unknown) => console.error(`[meridian] applying another process's change (${change.kind}) failed:`, error));
    }
  }

  private async beat(): Promise<void> {
    await this.commands.multi().set(keys.node(this.nodeId), String(Date.now()), 'PX', this.options.nodeTimeoutMs).sadd(keys.nodes, this.nodeId).exec();
  }

  /** Renews this process's heartbeat, and forgets the sockets of processes whose heartbeat ran out. */
  private async tick(): Promise<void> {
    try {
      await this.beat();
      for (const nodeId of await this.commands.smembers(keys.nodes)) {
        if (nodeId !== this.nodeId && (await this.commands.exists(keys.node(nodeId))) === 0) await this.forgetNode(nodeId);
      }
    } catch (error) {
      if (!this.closed) console.error('[meridian] the cluster heartbeat failed:', error);
    }
  }

  /** Removes every socket a (dead) process had counted, and tells every process, this one included. */
  private async forgetNode(nodeId: string): Promise<void> {
    const userIds = await this.commands.smembers(keys.nodeUsers(nodeId));
    for (const userId of userIds) {
      const fields = (await this.commands.hkeys(keys.clients(userId))).filter((field) => field.startsWith(`${nodeId}\n`));
      if (fields.length > 0) await this.commands.hdel(keys.clients(userId), ...fields);
      if (nodeId !== this.nodeId) await this.connections.refresh(userId);
      await this.publish({ kind: 'clients', userId });
    }
    await this.commands.multi().del(keys.nodeUsers(nodeId)).srem(keys.nodes, nodeId).exec();
    if (nodeId !== this.nodeId && userIds.length > 0) for (const listener of this.goneListeners) listener(userIds);
  }

  /** Leaves the cluster: this process's sockets are taken out of the counts (the socket.io server closes its adapter itself). */
  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    await this.ticking;
    if (this.commands.status === 'ready') {
      try {
        await this.connections.flush();
        await this.forgetNode(this.nodeId);
        await this.commands.del(keys.node(this.nodeId));
      } catch (error) {
        console.error('[meridian] leaving the cluster cleanly failed (the others notice within the node timeout):', error);
      }
    }
    this.closed = true;
    await Promise.allSettled([this.subscriber.quit(), this.commands.quit()]);
  }
}

/** Who is connected where, through Redis: this process's sockets exactly, the others' as a replica (see the file's comment). */
export class RedisConnections implements Connections {
  private readonly local = new LocalSockets();
  /** The other processes' clients, person by person (a replica, refreshed when they say so). */
  private readonly remote = new Map<string, ClientCounts>();
  private readonly listeners: Array<(userId: string, before: ClientCounts) => void> = [];
  private announce: (userId: string) => Promise<void> = async () => undefined;
  /** Writes to Redis in the order they were made (each person's hash changes in order). */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly nodeId: string,
    private readonly redis: Redis,
  ) {}

  /** Called after each write of this process's sockets reaches Redis (the cluster publishes it). */
  onClientsChanged(announce: (userId: string) => Promise<void>): void {
    this.announce = announce;
  }

  connected(userId: string, socketId: string): boolean {
    const before = this.counts(userId).connected;
    this.local.add(userId, socketId);
    this.write(userId, socketId, '0');
    return before === 0;
  }

  disconnected(userId: string, socketId: string): boolean {
    if (!this.local.remove(userId, socketId)) return false;
    this.write(userId, socketId, null);
    return this.counts(userId).connected === 0;
  }

  idle(userId: string, socketId: string, idle: boolean): boolean {
    if (!this.local.setIdle(userId, socketId, idle)) return false;
    this.write(userId, socketId, idle ? '1' : '0');
    return true;
  }

  counts(userId: string): ClientCounts {
    const own = this.local.counts(userId);
    const others = this.remote.get(userId);
    return others ? { connected: own.connected + others.connected, idle: own.idle + others.idle } : own;
  }

  onChangedElsewhere(listener: (userId: string, before: ClientCounts) => void): void {
    this.listeners.push(listener);
  }

  private write(userId: string, socketId: string, value: '0' | '1' | null): void {
    const field = `${this.nodeId}\n${socketId}`;
    const stillHere = this.local.counts(userId).connected > 0;
    const work = async () => {
      const multi = this.redis.multi();
      if (value === null) multi.hdel(keys.clients(userId), field);
      else multi.hset(keys.clients(userId), field, value);
      if (stillHere) multi.sadd(keys.nodeUsers(this.nodeId), userId);
      else multi.srem(keys.nodeUsers(this.nodeId), userId);
      await multi.exec();
      await this.announce(userId);
    };
    this.writes = this.writes.then(work).catch((error: unknown) => console.error('[meridian] recording a client in Redis failed:', error));
  }

  /** Resolves once every write made so far has reached Redis. */
  async flush(): Promise<void> {
    await this.writes;
  }

  /** Reads one person's clients on the other processes again, and tells the listeners when that changed. */
  async refresh(userId: string): Promise<void> {
    const fields = await this.redis.hgetall(keys.clients(userId));
    const others = { connected: 0, idle: 0 };
    for (const [field, value] of Object.entries(fields)) {
      if (field.startsWith(`${this.nodeId}\n`)) continue;
      others.connected += 1;
      if (value === '1') others.idle += 1;
    }
    const previous = this.remote.get(userId) ?? { connected: 0, idle: 0 };
    if (previous.connected === others.connected && previous.idle === others.idle) return;
    const before = this.counts(userId);
    if (others.connected === 0) this.remote.delete(userId);
    else this.remote.set(userId, others);
    for (const listener of this.listeners) listener(userId, before);
  }

  /** Reads everyone's clients on the other processes (at start). */
  async loadAll(): Promise<void> {
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', keys.clients('*'), 'COUNT', 500);
      cursor = next;
      for (const key of found) await this.refresh(key.slice(keys.clients('').length));
    } while (cursor !== '0');
  }
}

/** A Redis URL without its password, for messages. */
export function redactedRedisUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

/** Why a `--redis-url` cannot be used, or null. */
export function redisUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL like redis://127.0.0.1:6379 (or rediss:// for TLS).';
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return 'must start with redis:// or rediss://.';
  if (!url.hostname) return 'must name a host, like redis://127.0.0.1:6379.';
  return null;
}
