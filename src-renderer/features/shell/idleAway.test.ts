import { expect, it } from 'vitest';
import { idleAfterMs, idleReport } from './idleAway';

it.each([
  [false, idleAfterMs, true],
  [false, idleAfterMs - 1, null],
  [true, idleAfterMs * 3, null],
  [true, 0, false],
] as const)('reported idle %s, idle for %i ms → report %s', (reported, idleFor, expected) => {
  expect(idleReport(reported, idleFor)).toBe(expected);
});
