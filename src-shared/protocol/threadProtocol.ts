/**
 * Threads (SPEC 7): any message can start one; a reply is sent with `message:send` and its
 * `threadId`, follows every rule of its conversation, and takes the conversation's next sequence
 * number, so catching up (`conversation:history` with `afterSeq`) brings replies too. The
 * conversation's own log pages (`beforeSeq`, or the newest) hold no replies.
 */
import { z } from 'zod';
import type { Ack } from './ack';
import type { ApiTransport } from './api';
import type { MessageView, ThreadPage } from './model';

const id = z.string().min(1).max(200);

export const threadCommands = {
  /** A thread: its first message and its newest replies (older than `beforeSeq` for the page before). */
  'thread:history': z.object({ messageId: id, beforeSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(200).optional() }).strict(),
} as const;

export interface ThreadResults {
  'thread:history': ThreadPage;
}

export interface ThreadEvents {
  /**
   * Someone replied in a thread the viewer wrote in or started (SPEC 7: they are notified).
   * Sent to those people alone, besides the `message:created` every member gets.
   */
  'thread:replied': { conversationId: string; message: MessageView };
}

type Payload<C extends keyof typeof threadCommands> = z.input<(typeof threadCommands)[C]>;

export interface ThreadApi {
  getThread(payload: Payload<'thread:history'>): Promise<Ack<ThreadPage>>;
}

export function createThreadApi(transport: ApiTransport): ThreadApi {
  return {
    getThread: (payload) => transport.invoke('thread:history', payload),
  };
}
