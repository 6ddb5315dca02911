/**
 * Idle → Away after 10 minutes without input, and back on input — only when the person had
 * chosen Available: a status they chose themselves (Busy, Do not disturb…) is never overridden.
 */
import type { Presence } from '../../../src-shared/protocol/model';

export const idleAfterMs = 10 * 60_000;

export type IdleAction = 'go-away' | 'come-back' | null;

export function idleAction(presence: Presence, autoAway: boolean, idleForMs: number): IdleAction {
  if (!autoAway && presence === 'available' && idleForMs >= idleAfterMs) return 'go-away';
  if (autoAway && presence === 'away' && idleForMs < idleAfterMs) return 'come-back';
  return null;
}
