/**
 * Threads (SPEC 7): any message can start one; a reply is sent with `message:send` and its
 * `threadId`, follows every rule of its conversation, and takes the conversation's next sequence
 * number, so catching up (`conversation:history` with `afterSeq`) brings replies too. The
 * conversation's own log pages (`beforeSeq`, or the newest) hold no replies.
 */
import { z } from 'zod';
import type { Ack } from './ack';
import type { ApiTransport } from './api';
import { pageRequestShape, type ConversationKind, type MessageView, type Page, type ThreadPage } from './model';

const id = z.string().min(1).max(200);

export const threadCommands = {
  /** A thread: its first message and its newest replies (older than `beforeSeq` for the page before). */
  'thread:history': z.object({ messageId: id, beforeSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(200).optional() }).strict(),
  /** The threads the viewer is in (their message started it, or they replied), newest reply first, with their unread replies (SPEC 9 `Threads`). */
  'thread:list': z.object(pageRequestShape).strict(),
  /** Marks a thread read up to a sequence number (never backwards); every client of the viewer hears `thread:readChanged`. */
  'thread:read': z.object({ messageId: id, seq: z.number().int().min(0) }).strict(),
} as const;

/** One thread of the viewer's `Threads` list. */
export interface ThreadListItem {
  /** The message that started it, with its reply count and last reply's time. */
  root: MessageView;
  conversation: { id: string; kind: ConversationKind; title: string };
  /** Replies by others the viewer has not read, counted up to 999. */
  unreadReplies: number;
}

/** Where the viewer has read a thread up to. */
export interface ThreadReadState {
  conversationId: string;
  rootId: string;
  lastReadSeq: number;
  unreadReplies: number;
}

export interface ThreadResults {
  'thread:history': ThreadPage;
  'thread:list': Page<ThreadListItem>;
  'thread:read': null;
}

export interface ThreadEvents {
  /**
   * Someone replied in a thread the viewer wrote in or started (SPEC 7: they are notified).
   * Sent to those people alone, besides the `message:created` every member gets.
   */
  'thread:replied': { conversationId: string; message: MessageView };
  /** Where the viewer has read a thread up to changed (on this or another of their clients). */
  'thread:readChanged': ThreadReadState;
}

type Payload<C extends keyof typeof threadCommands> = z.input<(typeof threadCommands)[C]>;

export interface ThreadApi {
  getThread(payload: Payload<'thread:history'>): Promise<Ack<ThreadPage>>;
  listThreads(payload?: Payload<'thread:list'>): Promise<Ack<Page<ThreadListItem>>>;
  markThreadRead(payload: Payload<'thread:read'>): Promise<Ack<null>>;
}

export function createThreadApi(transport: ApiTransport): ThreadApi {
  return {
    getThread: (payload) => transport.invoke('thread:history', payload),
    listThreads: (payload = {}) => transport.invoke('thread:list', payload),
    markThreadRead: (payload) => transport.invoke('thread:read', payload),
  };
}
