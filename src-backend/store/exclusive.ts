/**
 * Work that only one holder runs at a time (the periodic sweeps: SPEC 10, "sweeps run once").
 * `Store.exclusively(name, work)` runs `work` when it gets the lock named and skips it (false)
 * when another holder has it: on PostgreSQL the lock is the database's (an advisory lock, so
 * every process on that database shares it: ./postgres/advisoryLocks.ts); on SQLite, whose
 * database one process owns, it is this process's (`LocalLocks`).
 */
export type Exclusively = <T>(name: string, work: () => Promise<T>) => Promise<boolean>;

/** Locks held in this process only: right where one process owns the database (SQLite). */
export class LocalLocks {
  private readonly held = new Set<string>();

  readonly exclusively: Exclusively = async (name, work) => {
    if (this.held.has(name)) return false;
    this.held.add(name);
    try {
      await work();
      return true;
    } finally {
      this.held.delete(name);
    }
  };
}
