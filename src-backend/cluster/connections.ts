/**
 * Who is connected, and idle, on which client: what presence is computed from (SPEC 1 presence,
 * SPEC 10). One interface, two implementations:
 *
 * - `LocalConnections`: one process, everything in its memory (the embedded default).
 * - `RedisConnections` (./redisCluster.ts): several processes; each keeps its own sockets exactly
 *   (known at once, synchronously) and a replica of the others' counts, refreshed from Redis
 *   whenever another process says a person's clients changed, so presence of a person connected
 *   to process A is what a client of process B is shown.
 *
 * Reads are synchronous (presence is part of every person's summary); writes are counted here at
 * once and carried to the other processes behind.
 */

/** A person's clients across every process: how many are connected, and how many of those are idle. */
export interface ClientCounts {
  connected: number;
  idle: number;
}

export interface Connections {
  /** Counts a socket in; true when it is the person's first client anywhere. */
  connected(userId: string, socketId: string): boolean;
  /** Counts a socket out; true when it was the person's last client anywhere. */
  disconnected(userId: string, socketId: string): boolean;
  /** Records whether one socket's person is idle there; true when the counts changed. */
  idle(userId: string, socketId: string, idle: boolean): boolean;
  /** The person's clients across every process. */
  counts(userId: string): ClientCounts;
  /**
   * Calls `listener` when another process changed a person's clients: `before` is what the
   * counts were here until now (the replica already holds the new ones).
   */
  onChangedElsewhere(listener: (userId: string, before: ClientCounts) => void): void;
}

const none: ClientCounts = Object.freeze({ connected: 0, idle: 0 });

/** The sockets of this process, person by person (each socket idle or not). */
export class LocalSockets {
  private readonly byUser = new Map<string, Map<string, boolean>>();

  add(userId: string, socketId: string): void {
    const sockets = this.byUser.get(userId) ?? new Map<string, boolean>();
    sockets.set(socketId, false);
    this.byUser.set(userId, sockets);
  }

  /** False when the socket was not counted (a second disconnect). */
  remove(userId: string, socketId: string): boolean {
    const sockets = this.byUser.get(userId);
    if (!sockets?.delete(socketId)) return false;
    if (sockets.size === 0) this.byUser.delete(userId);
    return true;
  }

  /** False when nothing changed (an unknown socket, or already so). */
  setIdle(userId: string, socketId: string, idle: boolean): boolean {
    const sockets = this.byUser.get(userId);
    if (!sockets?.has(socketId) || sockets.get(socketId) === idle) return false;
    sockets.set(socketId, idle);
    return true;
  }

  counts(userId: string): ClientCounts {
    const sockets = this.byUser.get(userId);
    if (!sockets) return none;
    let idle = 0;
    for (const isIdle of sockets.values()) if (isIdle) idle += 1;
    return { connected: sockets.size, idle };
  }

  /** Each socket of a person, idle or not. */
  socketsOf(userId: string): ReadonlyMap<string, boolean> {
    return this.byUser.get(userId) ?? new Map();
  }

  users(): IterableIterator<string> {
    return this.byUser.keys();
  }
}

/** One process: its own sockets are everyone's. */
export class LocalConnections implements Connections {
  private readonly sockets = new LocalSockets();

  connected(userId: string, socketId: string): boolean {
    this.sockets.add(userId, socketId);
    return this.sockets.counts(userId).connected === 1;
  }

  disconnected(userId: string, socketId: string): boolean {
    if (!this.sockets.remove(userId, socketId)) return false;
    return this.sockets.counts(userId).connected === 0;
  }

  idle(userId: string, socketId: string, idle: boolean): boolean {
    return this.sockets.setIdle(userId, socketId, idle);
  }

  counts(userId: string): ClientCounts {
    return this.sockets.counts(userId);
  }

  onChangedElsewhere(): void {
    // Nothing happens elsewhere: there is no other process.
  }
}
