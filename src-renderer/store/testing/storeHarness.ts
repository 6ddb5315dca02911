/**
 * Unit tests of the store's slices: a fresh store of every slice over a fake API whose methods a
 * test answers as it needs (each call recorded), with drafts kept in a map.
 *
 *   const { store, api, calls } = storeHarness({ listConversations: async () => ok(page([general])) });
 *   await store.getState().loadConversations();
 *   expect(calls('listConversations')).toHaveLength(1);
 */
import { ok, type Ack } from '../../../src-shared/protocol/ack';
import type { MeridianApi } from '../../../src-shared/protocol/api';
import type { ContactCard, ConversationSummary, MessageView } from '../../../src-shared/protocol/model';
import { provideApi } from '../../bridge/api';
import { createAppStore } from '../appStore';

type Method = (...args: never[]) => Promise<unknown>;

/** An API whose unanswered methods say `offline`; `answers` gives the others. */
export function storeHarness(answers: Partial<{ [K in keyof MeridianApi]: MeridianApi[K] }> = {}) {
  const log: Array<{ method: string; args: unknown[] }> = [];
  const api = new Proxy({} as MeridianApi, {
    get(_target, method: string) {
      return (...args: unknown[]) => {
        log.push({ method, args });
        const answer = (answers as Record<string, Method | undefined>)[method];
        return answer ? answer(...(args as never[])) : Promise.resolve({ ok: false, error: { code: 'offline', message: 'Offline.' } } satisfies Ack<never>);
      };
    },
  });
  provideApi(api);
  const saved = new Map<string, string>();
  const store = createAppStore({ getItem: (key) => saved.get(key) ?? null, setItem: (key, value) => void saved.set(key, value), removeItem: (key) => void saved.delete(key) });
  store.setState({ me: me(), windowFocused: true });
  return {
    store,
    /** The arguments of each call of one method, in order. */
    calls: (method: keyof MeridianApi) => log.filter((entry) => entry.method === method).map((entry) => entry.args),
  };
}

/** Waits for the store's promises that the test does not hold to settle. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

export const page = <T>(items: T[]) => ok({ items, nextCursor: null });

export function me(): ContactCard {
  return { kind: 'person', id: 'nw-alice', displayName: 'Alice Nguyen', accountId: '100100', accountName: 'Northwind Health', federated: false, photoId: null, title: null, department: null, presence: 'available', statusMessage: null, email: 'alice@northwind.example', phone: null, mobile: null, extension: null, timeZone: null };
}

export function conversation(id: string, changes: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    kind: 'channel',
    title: id,
    topic: null,
    visibility: 'public',
    accountId: '100100',
    accountName: 'Northwind Health',
    peer: null,
    lastSeq: 0,
    lastMessageAt: null,
    unreadCount: 0,
    lastReadSeq: 0,
    canEdit: true,
    sharedWith: [],
    hasUnknownMembers: false,
    unreadMentions: 0,
    muted: false,
    notify: 'all',
    named: false,
    ...changes,
  };
}

export function message(conversationId: string, seq: number, changes: Partial<MessageView> = {}): MessageView {
  return {
    id: `${conversationId}-m${seq}`,
    conversationId,
    seq,
    author: { kind: 'person', id: 'nw-brian', displayName: 'Brian Okafor', accountId: '100100', accountName: 'Northwind Health', federated: false, photoId: null },
    clientId: null,
    text: `message ${seq}`,
    file: null,
    notice: null,
    createdAt: new Date(Date.UTC(2026, 10, 20, 15, seq)).toISOString(),
    editedAt: null,
    threadId: null,
    thread: null,
    deleted: false,
    reactions: [],
    mentions: [],
    ...changes,
  };
}
