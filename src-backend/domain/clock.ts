/**
 * The server's time, injectable: the server uses the system clock, tests a fake one they advance
 * by hand (`startTestServer(seed, { clock: new FakeClock() })`). Everything that stamps or
 * schedules (messages, sessions, calls, meetings, rate limits, sweeps) reads `context.clock`.
 */

/** A scheduled callback that may still be cancelled. */
export type TimerHandle = { cancel(): void };

/** Now, and callbacks later. */
export interface Clock {
  now(): number;
  /** Runs `callback` after `delayMs`; the handle cancels it. */
  after(delayMs: number, callback: () => void): TimerHandle;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(delayMs, callback) {
    const timer = setTimeout(callback, delayMs);
    timer.unref?.(); // a pending ring timeout must not keep a closed server's process alive
    return { cancel: () => clearTimeout(timer) };
  },
};

/** A clock that moves only when told to: `advance(30_000)` runs every timer due by then, in order. */
export class FakeClock implements Clock {
  private timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];

  constructor(private current = Date.parse('2026-11-24T15:00:00Z')) {}

  now(): number {
    return this.current;
  }

  after(delayMs: number, callback: () => void): TimerHandle {
    const timer = { at: this.current + delayMs, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  advance(milliseconds: number): void {
    const target = this.current + milliseconds;
    for (;;) {
      // Timers that already ran or were cancelled leave the list as they go: advancing past
      // thousands of repeating timers (days of a one-minute sweep) stays linear.
      this.timers = this.timers.filter((timer) => !timer.cancelled);
      let due: (typeof this.timers)[number] | undefined;
      for (const timer of this.timers) if (timer.at <= target && (!due || timer.at < due.at)) due = timer;
      if (!due) break;
      due.cancelled = true;
      this.current = due.at;
      due.callback();
    }
    this.current = target;
  }
}

/** The clock's now as an ISO 8601 timestamp, as the database stores times. */
export function isoNow(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
