/**
 * Idle after 10 minutes without input. The client only reports it; the backend shows an
 * Available person as Away while every client of theirs is idle, and never stores it, so a
 * status they chose themselves (Busy, Do not disturb…) is never overridden.
 */
export const idleAfterMs = 10 * 60_000;

/** Whether to tell the backend: null when nothing changed. */
export function idleReport(reportedIdle: boolean, idleForMs: number): boolean | null {
  const idle = idleForMs >= idleAfterMs;
  return idle === reportedIdle ? null : idle;
}
