import { describe, expect, it } from 'vitest';
import { eventFromWire, fromWire } from './events';
import { compactMessage, decodeHistoryPage, expandMessage, type MessageView } from './model';

const plain: MessageView = {
  id: 'm-1',
  conversationId: 'ch-1',
  seq: 7,
  author: { kind: 'person', id: 'u-1', displayName: 'Ann Lee', accountId: 'a-1', accountName: 'Northwind', federated: false, photoId: null },
  clientId: null,
  text: 'hello',
  file: null,
  notice: null,
  createdAt: '2026-11-26T10:00:00.000Z',
  editedAt: null,
  threadId: null,
  thread: null,
  deleted: false,
  reactions: [],
  mentions: [],
};

const rich: MessageView = {
  ...plain,
  clientId: 'client-1',
  file: { id: 'f-1', name: 'plan.pdf', size: 10, contentType: 'application/pdf' },
  editedAt: '2026-11-26T10:01:00.000Z',
  threadId: 'm-0',
  thread: { replyCount: 2, lastReplyAt: '2026-11-26T10:02:00.000Z' },
  notice: { kind: 'joined' },
  deleted: true,
  reactions: [{ emoji: '👍', count: 1, people: [plain.author] }],
  mentions: [plain.author],
};

describe('messages on the wire', () => {
  it('leave out only the fields that hold nothing, and come back whole', () => {
    expect(Object.keys(compactMessage(plain)).sort()).toEqual(['author', 'conversationId', 'createdAt', 'id', 'seq', 'text']);
    expect(JSON.stringify(compactMessage(plain)).length).toBeLessThan(JSON.stringify(plain).length * 0.75);
    expect(expandMessage(compactMessage(plain))).toEqual(plain);
    expect(compactMessage(rich)).toEqual(rich);
    expect(expandMessage(compactMessage(rich))).toEqual(rich);
    // Every message gets its own empty lists: one changed in place does not change another.
    const [first, second] = [expandMessage(compactMessage(plain)), expandMessage(compactMessage(plain))];
    expect(first.reactions).not.toBe(second.reactions);
  });

  it('reach the rest of the client whole: a new message, and an encoded page with the asker’s own client ids', () => {
    expect(eventFromWire('message:created', { message: compactMessage(plain) })).toEqual({ type: 'message:created', payload: { message: plain } });
    expect(eventFromWire('typing:started', { conversationId: 'ch-1', person: plain.author })).toEqual({ type: 'typing:started', payload: { conversationId: 'ch-1', person: plain.author } });

    const mine = { ...plain, id: 'm-2', clientId: 'client-2' };
    const encodedMessages = new TextEncoder().encode(JSON.stringify([plain, { ...mine, clientId: null }].map(compactMessage)));
    const page = decodeHistoryPage({ conversationId: 'ch-1', encodedMessages, ownClientIds: { 'm-2': 'client-2' }, hasMore: true });
    expect(page).toEqual({ conversationId: 'ch-1', messages: [plain, mine], hasMore: true });
    // As an ArrayBuffer (what a browser's socket.io gives) too.
    expect(decodeHistoryPage({ conversationId: 'ch-1', encodedMessages: encodedMessages.slice().buffer, ownClientIds: {}, hasMore: false }).messages).toEqual([plain, { ...mine, clientId: null }]);
    // A page sent whole passes as it is; so does a refusal.
    expect(fromWire('conversation:history', { ok: true, data: { conversationId: 'ch-1', messages: [rich], hasMore: false } })).toEqual({ ok: true, data: { conversationId: 'ch-1', messages: [rich], hasMore: false } });
    expect(fromWire('conversation:history', { ok: false, error: { code: 'not_found', message: 'No.' } })).toEqual({ ok: false, error: { code: 'not_found', message: 'No.' } });
    // The answer to a send, too.
    expect(fromWire('message:send', { ok: true, data: compactMessage(mine) })).toEqual({ ok: true, data: mine });
  });
});
