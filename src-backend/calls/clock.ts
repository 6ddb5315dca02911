/**
 * Time for calls and meetings, injectable: the server uses the system clock, tests a fake one
 * they advance by hand (`installClock(server.context, new FakeClock())` before anyone dials).
 */
import type { ServerContext } from '../context';

export type TimerHandle = { cancel(): void };

export interface Clock {
  now(): number;
  /** Runs `callback` after `delayMs`; the handle cancels it. */
  after(delayMs: number, callback: () => void): TimerHandle;
}

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
      const due = this.timers.filter((timer) => !timer.cancelled && timer.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.cancelled = true;
      this.current = due.at;
      due.callback();
    }
    this.timers = this.timers.filter((timer) => !timer.cancelled);
    this.current = target;
  }
}

const clocks = new WeakMap<ServerContext, Clock>();

/** The clock of one server. */
export function clockOf(context: ServerContext): Clock {
  return clocks.get(context) ?? systemClock;
}

/** Replaces one server's clock (tests). */
export function installClock(context: ServerContext, clock: Clock): void {
  clocks.set(context, clock);
}
