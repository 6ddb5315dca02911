import { describe, expect, it } from 'vitest';
import { messageLink, parseRoute, routeHash } from './appRoute';

describe('app routes', () => {
  it('reads sections, conversations, threads and messages', () => {
    expect(parseRoute('#/calling')).toEqual({ section: 'calling', conversationId: null, threadRootId: null, messageId: null });
    expect(parseRoute('#/chat/c-1')).toMatchObject({ section: 'chat', conversationId: 'c-1' });
    expect(parseRoute('#/chat/c-1/thread/m-2')).toMatchObject({ conversationId: 'c-1', threadRootId: 'm-2', messageId: null });
    expect(parseRoute('#/chat/c-1/message/m-3')).toMatchObject({ conversationId: 'c-1', threadRootId: null, messageId: 'm-3' });
  });

  it('writes what it reads, ids of any characters included', () => {
    for (const route of [
      { section: 'meetings', conversationId: null, threadRootId: null, messageId: null },
      { section: 'chat', conversationId: 'dm/ä b#?', threadRootId: null, messageId: null },
      { section: 'chat', conversationId: 'c-1', threadRootId: 'm-9', messageId: null },
      { section: 'chat', conversationId: 'c-1', threadRootId: null, messageId: 'm-8' },
    ] as const) {
      expect(parseRoute(routeHash(route))).toEqual(route);
    }
  });

  it('names no route for anything else an address may hold', () => {
    for (const hash of ['', '#', '#/', '#/settings', '#/calling/c-1', '#/chat/', '#/chat/c-1/thread', '#/chat/c-1/reply/m-1', '#/chat/c-1/thread/m-1/more', '#/chat/%E0%A4%A', `#/chat/${'x'.repeat(201)}`, '#/chat/a%00b']) {
      expect(parseRoute(hash), hash).toBeNull();
    }
  });

  it('links to a message from the app’s own address, whatever page it is on', () => {
    expect(messageLink('https://chat.example/?x=1#/chat/old', 'c-1', 'm-2')).toBe('https://chat.example/?x=1#/chat/c-1/message/m-2');
  });
});
