import { describe, expect, it } from 'vitest';
import type { MessageView, PersonRef } from '../../../src-shared/protocol/model';
import { dayLabel, layoutMessages } from './messageLayout';

const alice: PersonRef = { kind: 'person', id: 'nw-alice', displayName: 'Alice Nguyen', title: null, department: null, accountId: '1', accountName: 'N', federated: false, photoId: null, presence: 'available', statusMessage: null, email: 'a@x', phone: null };
const unknown = (token: string, number = 1): PersonRef => ({ kind: 'unknown', displayName: 'UNKNOWN USER', token, number });

function message(seq: number, author: PersonRef, at: string, notice: MessageView['notice'] = null): MessageView {
  return { id: `m${seq}`, conversationId: 'c', seq, author, clientId: null, text: `#${seq}`, file: null, notice, createdAt: new Date(at).toISOString(), editedAt: null, threadId: null, thread: null, deleted: false, reactions: [], mentions: [] };
}

const now = new Date(2026, 10, 25, 12, 0);
const options = { readMarker: null, countsAsUnread: (candidate: MessageView) => candidate.notice === null, now, locale: 'en-US' };

describe('layoutMessages', () => {
  it('groups one person’s messages within 5 minutes, and starts a group at a new person, a gap or a notice', () => {
    const messages = [
      message(1, alice, '2026-11-25T09:00:00'),
      message(2, alice, '2026-11-25T09:04:00'),
      message(3, alice, '2026-11-25T09:10:00'),
      message(4, unknown('t1'), '2026-11-25T09:10:30'),
      message(5, unknown('t1'), '2026-11-25T09:11:00'),
      message(6, unknown('t2'), '2026-11-25T09:11:30'),
      message(7, unknown('t2'), '2026-11-25T09:11:40', { kind: 'left' }),
      message(8, unknown('t2'), '2026-11-25T09:11:50'),
    ];
    expect(layoutMessages(messages, options).map((layout) => layout.continued)).toEqual([false, true, false, false, true, false, false, false]);
  });

  it('puts a day separator where the local date changes', () => {
    const messages = [message(1, alice, '2025-12-31T23:59:00'), message(2, alice, '2026-11-20T08:00:00'), message(3, alice, '2026-11-24T23:00:00'), message(4, alice, '2026-11-25T00:01:00')];
    expect(layoutMessages(messages, options).map((layout) => layout.day)).toEqual(['Wednesday, December 31, 2025', 'Friday, November 20', 'Yesterday', 'Today']);
  });

  it('puts the New messages divider before the first unread message that counts, and breaks the group there', () => {
    const messages = [message(4, alice, '2026-11-25T09:00:00'), message(5, alice, '2026-11-25T09:01:00', { kind: 'joined' }), message(6, alice, '2026-11-25T09:01:30'), message(7, alice, '2026-11-25T09:02:00')];
    const layout = layoutMessages(messages, { ...options, readMarker: 4 });
    expect(layout.map((row) => row.firstUnread)).toEqual([false, false, true, false]);
    expect(layout[2]?.continued).toBe(false);
    expect(layoutMessages(messages, { ...options, readMarker: 7 }).some((row) => row.firstUnread)).toBe(false);
  });

  it('says Today and Yesterday by the local calendar', () => {
    expect(dayLabel(new Date(2026, 10, 25, 0, 0), now)).toBe('Today');
    expect(dayLabel(new Date(2026, 10, 24, 23, 59), now)).toBe('Yesterday');
  });
});
