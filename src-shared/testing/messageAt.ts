import type { MessageView } from '../protocol/model';

/** For tests of message histories: message `m<seq>` of conversation `c`, its text `#<seq>` unless given. */
export function messageAt(seq: number, text = `#${seq}`): MessageView {
  return {
    id: `m${seq}`,
    conversationId: 'c',
    seq,
    author: { kind: 'unknown', displayName: 'UNKNOWN USER', token: 't', number: 1 },
    clientId: null,
    text,
    reactions: [],
    mentions: [],
    file: null,
    notice: null,
    createdAt: '2026-11-25T00:00:00Z',
    editedAt: null,
    threadId: null,
    thread: null,
    deleted: false,
  };
}
