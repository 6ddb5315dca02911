/**
 * A replica: values read from the store and kept in this process until they are invalidated by
 * name (STYLE "Several processes"). It is never the record — the store is — and it never decides
 * anything the store would answer differently: every write of what it holds invalidates it here,
 * and (with several processes) every other process is told to do the same.
 *
 * A value read while an invalidation happened is handed out but not kept: the read may have seen
 * the store before the write it raced, and keeping it would keep that old value for good.
 */
export class Replica<V> {
  private readonly values = new Map<string, V>();
  /** Counts invalidations: a load that saw it change keeps nothing. */
  private invalidations = 0;

  /** `name` says what it holds (logs, tests); past `maxEntries` the least recently used goes. */
  constructor(
    readonly name: string,
    private readonly maxEntries: number,
  ) {}

  /** The kept value, if any (most recently used from now on). */
  peek(key: string): V | undefined {
    const kept = this.values.get(key);
    if (kept !== undefined) {
      this.values.delete(key);
      this.values.set(key, kept);
    }
    return kept;
  }

  /** The kept value, or `load`'s, kept unless an invalidation came while it loaded. */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const kept = this.peek(key);
    if (kept !== undefined) return kept;
    const before = this.invalidations;
    const value = await load();
    if (this.invalidations === before) this.keep(key, value);
    return value;
  }

  /** Keeps a value known to be current (just written). */
  keep(key: string, value: V): void {
    this.values.delete(key);
    this.values.set(key, value);
    if (this.values.size > this.maxEntries) this.values.delete(this.values.keys().next().value!);
  }

  /** Forgets one key: what the store holds for it changed. */
  invalidate(key: string): void {
    this.invalidations += 1;
    this.values.delete(key);
  }

  /** Forgets everything (a change whose reach is not known key by key). */
  clear(): void {
    this.invalidations += 1;
    this.values.clear();
  }

  get size(): number {
    return this.values.size;
  }
}
