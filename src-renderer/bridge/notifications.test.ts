import { describe, expect, it } from 'vitest';
import { wantsNotification } from './notifications';

describe('which conversations notify (SPEC 9 Notifications, Mute)', () => {
  const cases = [
    [{ muted: false, notify: 'all' }, { message: true, mention: true, reply: true }],
    [{ muted: false, notify: 'mentions' }, { message: false, mention: true, reply: true }],
    [{ muted: false, notify: 'nothing' }, { message: false, mention: false, reply: false }],
    // Muted: no sound but for mentions, which still count and notify.
    [{ muted: true, notify: 'all' }, { message: false, mention: true, reply: false }],
    [{ muted: true, notify: 'nothing' }, { message: false, mention: false, reply: false }],
  ] as const;
  it.each(cases)('%o', (settings, expected) => {
    for (const what of ['message', 'mention', 'reply'] as const) expect(wantsNotification(settings, what), what).toBe(expected[what]);
  });
});
