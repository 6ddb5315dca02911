/**
 * One person misbehaving while another works (SPEC 8). The abuser, in `mode`:
 *   - `flood` (the default): floods messages, opens sockets, joins and leaves meetings and lists
 *     without end, all at once;
 *   - `search`: searches messages for a word others use where the abuser cannot read, from as many
 *     sockets as allowed (issue 18 #2);
 *   - `frames`: sends large frames from as many sockets as allowed: unknown events of 60 KB,
 *     commands over their size, and now and then a frame of 999 KB (issue 18 #3).
 * The victim, of another account, keeps searching people and messages and chatting at a
 * person's pace and times every answer.
 *
 *   const abuse = startAbuser({ url, token, conversationId, meetingId, mode: 'search' });
 *   const victim = await runVictim({ url, token, conversationId, durationMs: 5_000 });
 *   const done = await abuse.stop();
 *
 * Used by abuse.backend.test.ts (limits engage; no timings) and bench/abuseBench.ts (the victim's
 * p95 with and without the abuser).
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack, ErrorCode } from '../../src-shared/protocol/ack';

/** What the abuser did and what became of it. */
export interface AbuseReport {
  messages: { sent: number; accepted: number; rateLimited: number };
  sockets: { tried: number; connected: number; refused: number };
  meetings: { joins: number; accepted: number; rateLimited: number };
  lists: { sent: number; accepted: number; rateLimited: number };
  searches: { sent: number; accepted: number; rateLimited: number };
  /** Large frames sent: answered (an error, unread), and connections the server closed for a frame over its limit. */
  frames: { sent: number; bytes: number; answered: number; closed: number };
  /** Answers that were neither success nor `rate_limited` (with their codes). */
  other: Partial<Record<ErrorCode | 'timeout', number>>;
}

export interface AbuserOptions {
  url: string;
  token: string;
  /** Where the flood goes (a conversation the abuser is in). */
  conversationId: string;
  /** A meeting the abuser may join (in one of their conversations). */
  meetingId: string;
  /** How many sockets the abuser tries to hold (the server caps it). */
  sockets?: number;
  /** Requests kept in flight per stream. */
  inFlight?: number;
  /** What the abuser does (see the top of this file). */
  mode?: AbuseMode;
  /** `search`: the word searched for. */
  query?: string;
  /** The address the abuser connects from, as a proxy the server trusts tells it (X-Forwarded-For); else loopback's. */
  address?: string;
}

export type AbuseMode = 'flood' | 'search' | 'frames';

/**
 * One socket of `token`'s. With `address`, it says it comes from there (X-Forwarded-For): on one
 * machine every client is loopback, one address, where people abusing and working come from
 * addresses of their own; a server started with `trustProxy: ['loopback']` believes it.
 */
const connect = (url: string, token: string, address?: string) =>
  new Promise<Socket | null>((resolve) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, ...(address ? { extraHeaders: { 'x-forwarded-for': address } } : {}) });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', () => {
      socket.close();
      resolve(null);
    });
    socket.once('disconnect', () => resolve(null));
  });

/** Starts the abuse; `ready` once its first sockets are in (every stream under way), `stop()` ends it and reports. */
export function startAbuser(options: AbuserOptions): { ready: Promise<void>; stop(): Promise<AbuseReport> } {
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const report: AbuseReport = {
    messages: { sent: 0, accepted: 0, rateLimited: 0 },
    sockets: { tried: 0, connected: 0, refused: 0 },
    meetings: { joins: 0, accepted: 0, rateLimited: 0 },
    lists: { sent: 0, accepted: 0, rateLimited: 0 },
    searches: { sent: 0, accepted: 0, rateLimited: 0 },
    frames: { sent: 0, bytes: 0, answered: 0, closed: 0 },
    other: {},
  };
  let running = true;
  const held: Socket[] = [];
  const tally = (bucket: { accepted: number; rateLimited: number }, answer: Ack<unknown> | null) => {
    if (answer?.ok) bucket.accepted += 1;
    else if (answer?.error.code === 'rate_limited') bucket.rateLimited += 1;
    else {
      const code = answer?.error.code ?? 'timeout';
      report.other[code] = (report.other[code] ?? 0) + 1;
    }
  };
  const ask = async (socket: Socket, command: string, payload: unknown): Promise<Ack<unknown> | null> => {
    try {
      return (await socket.timeout(10_000).emitWithAck(command, payload)) as Ack<unknown>;
    } catch {
      return null;
    }
  };
  /** Keeps `inFlight` requests going on a socket until stopped, each made by `next`. */
  const stream = async (socket: Socket, next: () => Promise<void>) => {
    await Promise.all(
      Array.from({ length: options.inFlight ?? 8 }, async () => {
        while (running && socket.connected) await next();
      }),
    );
  };

  /** As many sockets as the server lets the abuser hold (tried again as they go), each running `each` until stopped. */
  const everySocket = async (each: (socket: Socket) => Promise<void>) => {
    const running_: Array<Promise<void>> = [];
    while (running) {
      const wanted = (options.sockets ?? 20) - held.filter((socket) => socket.connected).length;
      if (wanted > 0) {
        const batch = await Promise.all(Array.from({ length: Math.min(wanted, 20) }, () => connect(options.url, options.token, options.address)));
        for (const socket of batch) {
          report.sockets.tried += 1;
          if (!socket) {
            report.sockets.refused += 1;
            continue;
          }
          report.sockets.connected += 1;
          held.push(socket);
          running_.push(each(socket).catch(() => undefined));
        }
        markReady();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(running_);
  };

  const searching = async () =>
    everySocket((socket) =>
      stream(socket, async () => {
        report.searches.sent += 1;
        tally(report.searches, await ask(socket, 'message:search', { query: options.query ?? 'meeting' }));
      }),
    );

  const blob = (bytes: number) => 'x'.repeat(bytes);
  const largeFrames = async () =>
    everySocket(async (socket) => {
      const unknown = blob(60_000);
      const oversized = blob(40_000);
      const huge = blob(999_000);
      socket.once('disconnect', () => (report.frames.closed += 1));
      for (let count = 0; running && socket.connected; count++) {
        // Never more than a few frames queued on the abuser's side: it sends as fast as the server reads.
        const engine = socket.io.engine as unknown as { writeBuffer: unknown[] } | undefined;
        if ((engine?.writeBuffer.length ?? 0) > 4) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          continue;
        }
        report.frames.sent += 1;
        if (count % 50 === 49) {
          report.frames.bytes += huge.length;
          socket.emit('abuse:huge', { filler: huge });
          continue;
        }
        const [event, payload] = count % 2 ? ['abuse:unknown', { filler: unknown }] : ['directory:search', { query: oversized }];
        report.frames.bytes += (payload as { filler?: string; query?: string }).filler?.length ?? oversized.length;
        socket.timeout(10_000).emit(event as 'directory:search', payload as never, (error: unknown) => {
          if (!error) report.frames.answered += 1;
        });
        await new Promise((resolve) => setImmediate(resolve));
      }
    });

  const work = (async () => {
    if (options.mode === 'search') return searching();
    if (options.mode === 'frames') return largeFrames();
    const first = await connect(options.url, options.token, options.address);
    if (!first) throw new Error('the abuser could not connect');
    held.push(first);
    let counter = 0;
    const flood = stream(first, async () => {
      report.messages.sent += 1;
      tally(report.messages, await ask(first, 'message:send', { conversationId: options.conversationId, clientId: `abuse-${Date.now()}-${counter++}`, text: 'flood '.repeat(20) }));
    });
    const lists = stream(first, async () => {
      report.lists.sent += 1;
      const command = report.lists.sent % 2 ? 'conversation:list' : 'meeting:list';
      tally(report.lists, await ask(first, command, { limit: 200 }));
    });
    // More sockets than allowed, tried again and again; every one held joins and leaves the meeting without end.
    const sockets = (async () => {
      while (running) {
        const wanted = (options.sockets ?? 600) - held.length;
        if (wanted > 0) {
          const batch = await Promise.all(Array.from({ length: Math.min(wanted, 50) }, () => connect(options.url, options.token, options.address)));
          for (const socket of batch) {
            report.sockets.tried += 1;
            if (!socket) {
              report.sockets.refused += 1;
              continue;
            }
            report.sockets.connected += 1;
            held.push(socket);
            void stream(socket, async () => {
              report.meetings.joins += 1;
              tally(report.meetings, await ask(socket, 'meeting:join', { meetingId: options.meetingId }));
              tally(report.meetings, await ask(socket, 'meeting:leave', { meetingId: options.meetingId }));
            });
          }
          markReady();
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await Promise.all([flood, lists, sockets]);
  })();

  return {
    ready: Promise.race([ready, work.then(() => undefined, () => undefined)]),
    async stop() {
      running = false;
      await work.catch(() => undefined);
      for (const socket of held) socket.close();
      return report;
    },
  };
}

/** How the victim's commands went. */
export interface VictimReport {
  /** Round-trip times (ms) of every search and message, in order. */
  latencies: number[];
  failures: number;
  p50: number;
  p95: number;
}

export interface VictimOptions {
  url: string;
  token: string;
  /** Where the victim chats. */
  conversationId: string;
  durationMs: number;
  /** Pause between one search-and-message and the next (a person's pace). */
  pauseMs?: number;
  /** Also search messages for this word, every fourth round (a person's pace, within the limit). */
  searchMessages?: string;
  /** The address the victim connects from (see `connect`). */
  address?: string;
}

/** The 50th and 95th percentile of some times. */
export function percentiles(times: readonly number[]): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95) };
}

/** Searches and chats for `durationMs`, timing each answer. */
export async function runVictim(options: VictimOptions): Promise<VictimReport> {
  const socket = await connect(options.url, options.token, options.address);
  if (!socket) throw new Error('the victim could not connect');
  const latencies: number[] = [];
  let failures = 0;
  const queries = ['al', 'bri', 'car', 'nw', 'contoso', '415', 'be'];
  const timed = async (command: string, payload: unknown) => {
    const started = performance.now();
    let answer: Ack<unknown> | null;
    try {
      answer = (await socket.timeout(30_000).emitWithAck(command, payload)) as Ack<unknown>;
    } catch {
      answer = null;
    }
    latencies.push(performance.now() - started);
    if (!answer?.ok) failures += 1;
  };
  const until = Date.now() + options.durationMs;
  for (let round = 0; Date.now() < until; round++) {
    await timed('directory:search', { query: queries[round % queries.length] });
    await timed('message:send', { conversationId: options.conversationId, clientId: `victim-${Date.now()}-${round}`, text: `still working, round ${round}` });
    if (options.searchMessages && round % 4 === 0) await timed('message:search', { query: options.searchMessages });
    await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 200));
  }
  socket.close();
  return { latencies, failures, ...percentiles(latencies) };
}
