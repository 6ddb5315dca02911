import { expect, it } from 'vitest';
import { idleAction, idleAfterMs } from './idleAway';

it.each([
  ['available', false, idleAfterMs, 'go-away'],
  ['available', false, idleAfterMs - 1, null],
  ['busy', false, idleAfterMs * 3, null],
  ['dnd', false, idleAfterMs * 3, null],
  ['away', true, 0, 'come-back'],
  ['away', true, idleAfterMs, null],
  ['away', false, 0, null],
  ['busy', true, 0, null],
] as const)('%s (auto away: %s), idle %i ms → %s', (presence, autoAway, idle, expected) => {
  expect(idleAction(presence, autoAway, idle)).toBe(expected);
});
