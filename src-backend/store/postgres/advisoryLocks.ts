/**
 * Locks every process on one PostgreSQL database shares: session advisory locks
 * (`pg_try_advisory_lock`), taken on a connection of their own so that the work under a lock
 * keeps the whole pool, and released with `pg_advisory_unlock` (or by PostgreSQL itself when the
 * connection or the process dies: a sweep never stays locked by a process that is gone).
 * Advisory locks are re-entrant within one session, so this process also keeps the names it
 * holds: a second try from here is refused like one from another process.
 */
import pg from 'pg';
import type { Exclusively } from '../exclusive';

export class AdvisoryLocks {
  private connection: Promise<pg.Client> | null = null;
  private readonly held = new Set<string>();
  private closed = false;

  constructor(private readonly url: string) {}

  readonly exclusively: Exclusively = async (name, work) => {
    if (this.closed || this.held.has(name)) return false;
    this.held.add(name);
    try {
      const client = await this.client();
      // hashtextextended: a 64-bit key from the name, as ./migrations.ts keys its transaction locks.
      const taken = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken', [`meridian:${name}`]);
      if (!taken.rows[0]?.taken) return false;
      try {
        await work();
        return true;
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`meridian:${name}`]).catch(() => this.drop());
      }
    } finally {
      this.held.delete(name);
    }
  };

  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = null;
    if (connection) await (await connection.catch(() => null))?.end().catch(() => undefined);
  }

  private client(): Promise<pg.Client> {
    if (!this.connection) {
      const client = new pg.Client({ connectionString: this.url });
      // A connection the server drops is opened anew on the next try (its locks went with it).
      client.on('error', (error) => {
        console.error('[meridian] the PostgreSQL lock connection failed:', error.message);
        this.drop();
      });
      this.connection = client.connect().then(
        () => client,
        (error: unknown) => {
          this.drop();
          throw error;
        },
      );
    }
    return this.connection;
  }

  private drop(): void {
    const connection = this.connection;
    this.connection = null;
    void connection?.then((client) => client.end()).catch(() => undefined);
  }
}
