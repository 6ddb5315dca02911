import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok, rateLimited, type Ack } from '../protocol/ack';
import type { ConnectionState } from '../protocol/model';
import { Outbox } from './outbox';
import type { SessionClient } from './sessionClient';

/** A session whose connection and answers the test controls. */
function fakeSession(answer: (payload: { clientId: string; text: string }) => Ack<unknown>) {
  let state: ConnectionState = 'reconnecting';
  const listeners = new Set<(state: ConnectionState) => void>();
  const sent: string[] = [];
  const session = {
    get connectionState() {
      return state;
    },
    onConnectionChanged(listener: (value: ConnectionState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async request(_command: string, payload: { clientId: string; text: string }) {
      sent.push(payload.clientId);
      return answer(payload);
    },
  } as unknown as SessionClient;
  const connect = (next: ConnectionState) => {
    state = next;
    for (const listener of listeners) listener(next);
  };
  return { session, sent, connect };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
let counter = 0;
const ids = () => `client-id-${++counter}`;

describe('Outbox', () => {
  it('keeps messages written offline as pending and sends them, in order, when the connection returns', async () => {
    const { session, sent, connect } = fakeSession((payload) => ok({ id: 'm', text: payload.text }));
    const outbox = new Outbox(session, ids);
    const first = outbox.enqueue({ conversationId: 'c', text: 'one' });
    const second = outbox.enqueue({ conversationId: 'c', text: 'two' });
    await settle();
    expect(outbox.list().map((entry) => entry.status)).toEqual(['pending', 'pending']);
    expect(sent).toEqual([]);
    connect('connected');
    await settle();
    await settle();
    expect(sent).toEqual([first.clientId, second.clientId]);
    expect(outbox.list()).toEqual([]);
  });

  it('sends again with the same client id after an answer that never came', async () => {
    let attempts = 0;
    const { session, sent, connect } = fakeSession(() => (++attempts === 1 ? fail('timeout', 'no answer') : ok({})));
    const outbox = new Outbox(session, ids);
    connect('connected');
    const entry = outbox.enqueue({ conversationId: 'c', text: 'hello' });
    await settle();
    expect(outbox.list()[0]?.status).toBe('pending');
    connect('reconnecting');
    connect('connected');
    await settle();
    await settle();
    expect(sent).toEqual([entry.clientId, entry.clientId]);
    expect(outbox.list()).toEqual([]);
  });

  it('marks a message the backend refuses as failed, and retries or discards it on request', async () => {
    let refuse = true;
    const { session, connect } = fakeSession(() => (refuse ? fail('not_found', 'This conversation is not available to you.') : ok({})));
    const outbox = new Outbox(session, ids);
    connect('connected');
    const entry = outbox.enqueue({ conversationId: 'c', text: 'hello' });
    await settle();
    expect(outbox.list()[0]).toMatchObject({ status: 'failed', error: 'This conversation is not available to you.' });
    refuse = false;
    outbox.retry(entry.clientId);
    await settle();
    await settle();
    expect(outbox.list()).toEqual([]);

    refuse = true;
    const other = outbox.enqueue({ conversationId: 'c', text: 'again' });
    await settle();
    expect(outbox.discard(other.clientId)).toBe(true);
    expect(outbox.list()).toEqual([]);
  });

  it('H1d: keeps a message the backend rate-limits pending, shows why, and sends it when told it may', async () => {
    vi.useFakeTimers();
    let limited = true;
    const { session, sent, connect } = fakeSession(() => (limited ? rateLimited(3_000, 'Too many messages at once.') : ok({})));
    const outbox = new Outbox(session, ids);
    connect('connected');
    const entry = outbox.enqueue({ conversationId: 'c', text: 'one too many' });
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox.list()).toEqual([expect.objectContaining({ clientId: entry.clientId, status: 'pending', error: expect.stringContaining('Try again in 3 s') })]);
    limited = false;
    await vi.advanceTimersByTimeAsync(2_900);
    expect(sent).toEqual([entry.clientId]);
    await vi.advanceTimersByTimeAsync(200);
    expect(sent).toEqual([entry.clientId, entry.clientId]);
    expect(outbox.list()).toEqual([]);
  });

  it('tells listeners about every change', async () => {
    const { session, connect } = fakeSession(() => ok({}));
    const outbox = new Outbox(session, ids);
    const seen: number[] = [];
    outbox.onChanged((entries) => seen.push(entries.length));
    outbox.enqueue({ conversationId: 'c', text: 'x' });
    connect('connected');
    await settle();
    await settle();
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBe(0);
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Outbox storage', () => {
  it('a session that ends (expired, or signed out elsewhere) keeps its unsent messages for the next sign-in', async () => {
    const saved = new Map<string, unknown>();
    const storage = { load: (userId: string) => saved.get(userId) ?? [], save: (userId: string, entries: unknown) => void saved.set(userId, entries) };
    const { session, sent, connect } = fakeSession(() => ok({}));
    const outbox = new Outbox(session, ids);
    outbox.attach('nw-alice', storage);
    const written = outbox.enqueue({ conversationId: 'c', text: 'written while the session ran out' });
    connect('signed-out');
    expect(outbox.list()).toEqual([]);
    expect(saved.get('nw-alice')).toMatchObject([{ clientId: written.clientId, text: 'written while the session ran out' }]);
    outbox.attach('nw-alice', storage);
    connect('connected');
    await settle();
    await settle();
    expect(sent).toEqual([written.clientId]);
  });

  it('keeps a person’s unsent messages for their next sign-in, and sends them then', async () => {
    const saved = new Map<string, unknown>();
    const storage = { load: (userId: string) => saved.get(userId) ?? [], save: (userId: string, entries: unknown) => void saved.set(userId, entries) };
    const first = fakeSession(() => ok({}));
    const before = new Outbox(first.session, ids);
    before.attach('nw-alice', storage);
    const written = before.enqueue({ conversationId: 'c', text: 'written offline' });
    expect(saved.get('nw-alice')).toMatchObject([{ clientId: written.clientId, status: 'pending' }]);

    // The app restarts: a new outbox, the same storage.
    const second = fakeSession(() => ok({}));
    const after = new Outbox(second.session, ids);
    after.attach('ct-bella', storage);
    expect(after.list()).toEqual([]);
    const restarted = new Outbox(second.session, ids);
    restarted.attach('nw-alice', storage);
    expect(restarted.list().map((entry) => entry.text)).toEqual(['written offline']);
    second.connect('connected');
    await settle();
    await settle();
    expect(second.sent).toEqual([written.clientId]);
    expect(saved.get('nw-alice')).toEqual([]);
  });

  it('ignores stored data that is not a list of entries', () => {
    const outbox = new Outbox(fakeSession(() => ok({})).session, ids);
    outbox.attach('nw-alice', { load: () => ({ not: 'a list' }), save: () => undefined });
    outbox.attach('nw-alice', { load: () => [{ clientId: 1 }, null, 'x'], save: () => undefined });
    expect(outbox.list()).toEqual([]);
  });
});
