/**
 * The platform-neutral session: signs in over HTTP, holds the token, keeps one socket.io
 * connection (reconnecting with backoff), sends typed commands and hands on server events.
 * Electron's main process hosts it; the browser build runs it in the page.
 */
import { io, type Socket } from 'socket.io-client';
import { fail, type Ack } from '../protocol/ack';
import {
  eventFromWire,
  fromWire,
  type ClientToServerEvents,
  type CommandName,
  type CommandPayload,
  type CommandResult,
  type ServerEvent,
  type ServerEventName,
  type ServerToClientEvents,
  type SessionEndReason,
  type WireResult,
} from '../protocol/events';
import { httpPaths, type SessionClientKind, type SignInRequest } from '../protocol/http';
import type { ConnectionState, DemoDirectory, SignedIn } from '../protocol/model';

export interface SessionClientOptions {
  /** Backend address, e.g. `http://127.0.0.1:4100`. */
  serverUrl: string;
  /** How long a command waits for its acknowledgement. */
  requestTimeoutMs?: number;
  /** What kind of client this is: a browser page's session also ends after 12 hours unused (SPEC 8). */
  client?: SessionClientKind;
  fetch?: typeof fetch;
}

/** Options of one request. */
export interface RequestOptions {
  /**
   * When the server says `rate_limited`, wait as told and ask again (the default), for up to
   * `maxRateLimitWaitMs` in all. The outbox says no: it keeps the message and shows why.
   */
  waitWhenRateLimited?: boolean;
}

type Listener<T> = (value: T) => void;

/** How long a command waits for a connection being made before it answers offline. */
const connectWaitMs = 3_000;
/** How long one request may wait in all for the server's rate limits before the refusal is its answer. */
const maxRateLimitWaitMs = 15_000;
/** How long to wait before connecting again when the person already has as many clients connected as the server allows. */
const tooManyConnectionsRetryMs = 10_000;

/** 128 random bits, URL-safe. */
function newClientId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export class SessionClient {
  /** The connection; protected so a test harness can cut it as a network would (src-backend/testing/testServer.ts). */
  protected socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private token: string | null = null;
  private signedInAs: SignedIn | null = null;
  private state: ConnectionState = 'signed-out';
  private readonly connectionListeners = new Set<Listener<ConnectionState>>();
  private readonly eventListeners = new Set<Listener<ServerEvent>>();
  private readonly requestTimeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  /**
   * This client's id for as long as it runs, across reconnections (a call it carries is bound to
   * it, not to one socket). Random, never shown: nobody else could guess it.
   */
  readonly clientId = newClientId();

  constructor(private readonly options: SessionClientOptions) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  get serverUrl(): string {
    return this.options.serverUrl;
  }

  /** The session token, for HTTP requests made with it (file transfer). */
  get sessionToken(): string | null {
    return this.token;
  }

  /** Who is signed in and with which token, while a session exists; what a host keeps to resume it. */
  get signedIn(): SignedIn | null {
    return this.signedInAs;
  }

  /**
   * Picks up a session kept from an earlier run (Electron keeps it encrypted): connects with its
   * token as a fresh sign-in would. A token the server no longer accepts signs out, as any would.
   */
  resume(signedIn: SignedIn): void {
    this.signedInAs = signedIn;
    this.token = signedIn.token;
    this.connect();
  }

  async signIn(request: SignInRequest): Promise<Ack<SignedIn>> {
    return this.started(await this.postJson<SignedIn>(httpPaths.signIn, { ...request, client: this.options.client ?? 'desktop' }));
  }

  /** Demo data only: signs a listed demo person in without a password. */
  async demoSignIn(email: string): Promise<Ack<SignedIn>> {
    return this.started(await this.postJson<SignedIn>(httpPaths.demoSignIn, { email, client: this.options.client ?? 'desktop' }));
  }

  /**
   * Goes on with a session of which only the token was kept (the browser build's page, reloaded),
   * after asking the server whether it lasts. An expired one ends here as if it had expired while
   * connected: `session:ended` says so.
   */
  async resumeToken(token: string): Promise<Ack<SignedIn>> {
    let answer: Ack<SignedIn>;
    try {
      const response = await this.fetchImpl(new URL(httpPaths.signIn, this.options.serverUrl), { headers: { authorization: `Bearer ${token}` } });
      answer = (await response.json()) as Ack<SignedIn>;
    } catch {
      answer = fail('offline', 'The Meridian server cannot be reached.');
    }
    if (!answer.ok && /expired/i.test(answer.error.message)) this.end('expired');
    return this.started(answer);
  }

  async demoPeople(): Promise<Ack<DemoDirectory>> {
    try {
      const response = await this.fetchImpl(new URL(httpPaths.demoPeople, this.options.serverUrl));
      return (await response.json()) as Ack<DemoDirectory>;
    } catch {
      return fail('offline', 'The Meridian server cannot be reached.');
    }
  }

  /** Signs out here and on the server: every client of this session ends at once. */
  signOut(): void {
    // Revoke the token on the server too; the local sign-out does not wait for it.
    if (this.token) {
      void this.fetchImpl(new URL(httpPaths.signIn, this.options.serverUrl), { method: 'DELETE', headers: { authorization: `Bearer ${this.token}` } }).catch(() => undefined);
    }
    this.end();
  }

  /** Sends one command and waits for its acknowledgement (and, unless told not to, for the server's rate limits). */
  async request<C extends CommandName>(command: C, payload: CommandPayload<C>, options: RequestOptions = {}): Promise<Ack<CommandResult<C>>> {
    const waitUntil = Date.now() + maxRateLimitWaitMs;
    for (;;) {
      const answer = await this.requestOnce(command, payload);
      if (answer.ok || answer.error.code !== 'rate_limited' || options.waitWhenRateLimited === false) return answer;
      const wait = answer.error.retryAfterMs ?? 1_000;
      if (Date.now() + wait > waitUntil) return answer;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async requestOnce<C extends CommandName>(command: C, payload: CommandPayload<C>): Promise<Ack<CommandResult<C>>> {
    const socket = this.socket;
    if (!socket) return fail('unauthorized', 'Sign in first.');
    // Just signed in, or a reconnection under way: wait a moment rather than fail at once.
    if (!socket.connected && !(await this.connected(connectWaitMs))) return fail('offline', 'Not connected to the Meridian server. Retrying…');
    try {
      // socket.io's typed emitWithAck cannot follow a generic command name, hence the cast.
      const timed = socket.timeout(this.requestTimeoutMs);
      const emit = timed.emitWithAck as (event: C, payload: CommandPayload<C>) => Promise<Ack<WireResult<C>>>;
      // Some answers come in a form for the wire (a page encoded once for many): handed on as the rest of the client knows them.
      return fromWire(command, await emit.call(timed, command, payload));
    } catch {
      return fail('timeout', 'The Meridian server did not answer in time.');
    }
  }

  /** Resolves true once connected, false after `timeoutMs` or when signed out. */
  private connected(timeoutMs: number): Promise<boolean> {
    if (this.state === 'connected') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        unsubscribe();
        resolve(false);
      }, timeoutMs);
      const unsubscribe = this.onConnectionChanged((state) => {
        if (state !== 'connected' && state !== 'signed-out') return;
        clearTimeout(timer);
        unsubscribe();
        resolve(state === 'connected');
      });
    });
  }

  onConnectionChanged(listener: Listener<ConnectionState>): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  onServerEvent(listener: Listener<ServerEvent>): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  private started(answer: Ack<SignedIn>): Ack<SignedIn> {
    if (answer.ok) this.resume(answer.data);
    return answer;
  }

  /**
   * The session is over here: forget the token, close the socket, say signed-out. When the
   * server ended it (sign-out elsewhere, expiry), listeners hear `session:ended` first, so the
   * app can say why.
   */
  private end(reason?: SessionEndReason): void {
    this.token = null;
    this.signedInAs = null;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    if (reason) this.emitEvent({ type: 'session:ended', payload: { reason } });
    this.setState('signed-out');
  }

  private emitEvent(event: ServerEvent): void {
    for (const listener of this.eventListeners) listener(event);
  }

  private connect(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.setState('connecting');
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.options.serverUrl, {
      auth: { token: this.token, clientId: this.clientId },
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 5_000,
      randomizationFactor: 0.5,
    });
    this.socket = socket;
    socket.on('connect', () => this.setState('connected'));
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.setState('reconnecting');
      // The server closing us on purpose stops socket.io's own retries; a restart is worth a retry.
      // Only while this socket is still the client's: signed out meanwhile, it stays closed.
      if (reason === 'io server disconnect') setTimeout(() => this.socket === socket && socket.connect(), 1_000);
    });
    socket.on('connect_error', (error) => {
      // The server's handshake refusals stop socket.io's own retries: decide here.
      if (error.message === 'unauthorized') return this.end('signed-out');
      if (error.message === 'session_expired') return this.end('expired');
      this.setState('reconnecting');
      if (error.message === 'too_many_connections') setTimeout(() => this.socket === socket && socket.connect(), tooManyConnectionsRetryMs);
    });
    socket.onAny((type: ServerEventName, payload: unknown) => {
      // Some events come in a form for the wire (a message without its empty fields): handed on whole.
      const event = eventFromWire(type, payload);
      // Signed out on another client, expired, or removed: over here too, at once.
      if (event.type === 'session:ended') return this.end(event.payload.reason);
      this.emitEvent(event);
    });
  }

  private async postJson<T>(path: string, body: unknown): Promise<Ack<T>> {
    try {
      const response = await this.fetchImpl(new URL(path, this.options.serverUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as Ack<T>;
    } catch {
      return fail('offline', 'The Meridian server cannot be reached.');
    }
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.connectionListeners) listener(state);
  }
}
