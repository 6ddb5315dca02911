/**
 * Message search (SPEC 7): the words of messages and the names of shared files, across every
 * conversation the viewer is a member of now and may read, newest first.
 */
import { z } from 'zod';
import type { Ack } from './ack';
import type { ApiTransport } from './api';
import { pageRequestShape, type MessageSearchHit, type Page } from './model';

const id = z.string().min(1).max(200);

export const messageSearchCommands = {
  /**
   * Messages whose text or file name holds every word of `query` (each word also as the start of
   * a longer one), newest first; only in `conversationId` (one the viewer may read) and only by
   * `authorId` (a person the viewer sees) when given.
   */
  'message:search': z
    .object({
      query: z.string().trim().min(1, 'Type something to search for.').max(200),
      conversationId: id.optional(),
      authorId: id.optional(),
      ...pageRequestShape,
    })
    .strict(),
} as const;

export interface MessageSearchResults {
  'message:search': Page<MessageSearchHit>;
}

type Payload<C extends keyof typeof messageSearchCommands> = z.input<(typeof messageSearchCommands)[C]>;

export interface MessageSearchApi {
  searchMessages(payload: Payload<'message:search'>): Promise<Ack<Page<MessageSearchHit>>>;
}

export function createMessageSearchApi(transport: ApiTransport): MessageSearchApi {
  return {
    searchMessages: (payload) => transport.invoke('message:search', payload),
  };
}
