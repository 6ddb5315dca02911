/**
 * A property-based fuzzer over every socket command (fast-check): valid payloads built from the
 * seed's real ids, the same payloads mutated (a key dropped, a key added, a value swapped for
 * something hostile), and hostile payloads outright. The property: every command is answered
 * with a well-formed acknowledgement, never `internal`, and the server keeps serving.
 *
 *   const report = await fuzzServer({ url: server.url, tokens, runsPerCommand: 1_000 });
 *   expect(report.failures).toEqual([]);
 *
 * Used by fuzz.backend.test.ts (a bounded run in `npm test`) and bench/fuzz.ts (`npm run fuzz`,
 * 100,000 and more against a backend in its own process).
 */
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import type { ErrorCode } from '../../src-shared/protocol/ack';
import { commandNames, type CommandName } from '../../src-shared/protocol/events';
import { presenceValues } from '../../src-shared/protocol/model';
import fixture from '../../src-shared/testing/federation-basic.json';

/** Ids a fuzzed payload may name: real ones (so handlers go deep), or anything. */
export interface KnownIds {
  users: string[];
  conversations: string[];
  messages: string[];
  meetings: string[];
  files: string[];
  calls: string[];
  voicemails: string[];
}

/** The ids of src-shared/testing/federation-basic.json as loaded (seed messages are seed-0…). */
export function seedIds(extra: Partial<KnownIds> = {}): KnownIds {
  return {
    users: fixture.users.map((user) => user.id),
    conversations: [...fixture.channels.map((channel) => channel.id), 'direct:ct-bella:nw-alice', ...(extra.conversations ?? [])],
    messages: [...fixture.messages.map((_message, index) => `seed-${index}`), ...(extra.messages ?? [])],
    meetings: extra.meetings ?? [],
    files: extra.files ?? [],
    calls: extra.calls ?? [],
    voicemails: ['seed-voicemail-0', ...(extra.voicemails ?? [])],
  };
}

const errorCodes: readonly ErrorCode[] = ['bad_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'refused', 'too_large', 'offline', 'timeout', 'rate_limited', 'internal'];

/** Values no schema expects: wrong types, edge numbers, prototype keys, deep and wide shapes, bytes. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 5, withBigInt: false, withTypedArray: true }),
  fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, '', ' ', '\u0000', '\u202e', '__proto__', 'constructor', '../../etc/passwd', '<script>alert(1)</script>'),
  // Long strings made by repetition: generating 20,000 characters one by one would cost more than sending them.
  fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 700, max: 2_500 })).map(([unit, times]) => unit.repeat(times)),
  fc.array(fc.string(), { maxLength: 300 }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown),
  fc.uint8Array({ maxLength: 64 }),
  fc.integer({ min: 1, max: 40 }).map((depth) => Array.from({ length: depth }).reduce<unknown>((inner) => ({ nested: inner }), 'deep')),
);

const id = (pool: string[]) => (pool.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fc.string({ maxLength: 210 }) }) : fc.string({ maxLength: 210 }));
const text = (max: number) => fc.oneof(fc.string({ maxLength: max }), fc.string({ unit: 'grapheme', maxLength: Math.min(max, 50) }), fc.constantFrom('', '   ', 'hello', 'a\u202eb'));
/** Session descriptions: a real-looking one, a huge one, or anything. */
const sdp = fc.oneof(
  fc.constant('v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\n'),
  fc.string({ maxLength: 200 }).map((rest) => `v=0\r\n${rest}`),
  // Past the longest description a command takes (64 KiB), still inside its frame (128 KiB escaped): refused as too long, not cut off by engine.io.
  fc.constant(`v=0\r\n${'a=x\r\n'.repeat(14_000)}`),
);
const seq = fc.oneof(fc.nat({ max: 100 }), fc.integer({ min: -5, max: 1e9 }));
const limit = fc.integer({ min: -1, max: 260 });
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const dialString = fc.oneof(
  fc.constantFrom('4155550101', '(415) 555-0101', '+1 212 555 0142', '1201', '2202', '3301', '911', '011 44 20 7946 0958', '+14155550199', '1-800-555-0199'),
  fc.stringMatching(/^[0-9()+\-. ]{0,20}$/),
  fc.string({ maxLength: 110 }),
);
const when = fc.oneof(
  fc.integer({ min: -86_400_000, max: 30 * 86_400_000 }).map((offset) => new Date(Date.parse('2026-11-24T15:00:00Z') + offset).toISOString()),
  fc.constantFrom('2026-13-40T99:00:00Z', 'tomorrow', '', '2026-11-24T15:00:00+14:00'),
);

/** Media signalling as browsers send it, and near misses: candidates with odd addresses, descriptions too long or not SDP. */
const callSignal = fc.oneof(
  fc.record({
    kind: fc.constant('candidate'),
    candidate: fc.record({
      candidate: fc.oneof(
        fc.constantFrom('', 'candidate:842163049 1 udp 1677729535 192.0.2.2 46154 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag EEtu network-id 3', 'candidate:1 1 tcp 1518280447 ::1 9 typ host tcptype active', 'candidate:x 1 udp 1 3f6a1c2e-0000-4000-8000-000000000000.local 5000 typ host'),
        fc.string({ maxLength: 1100 }),
      ),
      sdpMid: fc.option(fc.oneof(fc.constantFrom('0', '1', '2'), fc.string({ maxLength: 40 })), { nil: null }),
      sdpMLineIndex: fc.option(fc.integer({ min: -2, max: 70 }), { nil: null }),
    }),
  }),
  fc.record({
    kind: fc.constant('description'),
    description: fc.record({
      type: fc.constantFrom('offer', 'answer', 'pranswer', 'rollback'),
      sdp: fc.oneof(fc.constant('v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n'), fc.string({ maxLength: 300 }).map((rest) => `v=0\r\n${rest}`), fc.constant(`v=0\r\n${'a=x\r\n'.repeat(14_000)}`)),
    }),
  }),
);

const emoji = fc.oneof(fc.constantFrom('👍', '❤️', '❤', '🎉', '🇫🇷', '👍🏽', '1️⃣', '👩‍👩‍👧', 'x', '', '👍👍', ':+1:'), fc.string({ unit: 'grapheme', maxLength: 4 }));

/** One arbitrary of valid-shaped payloads per command (a command missing here does not compile). */
export function validPayloads(ids: KnownIds): Record<CommandName, fc.Arbitrary<Record<string, unknown>>> {
  const user = id(ids.users);
  const conversation = id(ids.conversations);
  return {
    'directory:search': fc.record({ query: text(210), limit: optional(fc.integer({ min: -1, max: 60 })) }, { requiredKeys: ['query'] }),
    'person:card': fc.record({ userId: user }),
    'presence:set': fc.record({ presence: fc.constantFrom(...presenceValues, 'invisible'), statusMessage: fc.option(text(110), { nil: null }) }),
    'presence:idle': fc.record({ idle: fc.boolean() }),
    'presence:watch': fc.record({ userIds: fc.array(user, { maxLength: 20 }) }),
    'conversation:list': fc.record({ cursor: optional(fc.string({ maxLength: 40 })), limit: optional(limit) }, { requiredKeys: [] }),
    'conversation:history': fc.record({ conversationId: conversation, beforeSeq: optional(seq), afterSeq: optional(seq), limit: optional(limit) }, { requiredKeys: ['conversationId'] }),
    'conversation:read': fc.record({ conversationId: conversation, seq }),
    'conversation:markUnread': fc.record({ messageId: id(ids.messages) }),
    'conversation:settings': fc.record(
      { conversationId: conversation, muted: optional(fc.oneof(fc.boolean(), fc.constant('yes'))), notify: optional(fc.constantFrom('all', 'mentions', 'nothing', 'loud', '')) },
      { requiredKeys: ['conversationId'] },
    ),
    'conversation:pinned': fc.record({ conversationId: conversation }),
    'message:pin': fc.record({ messageId: id(ids.messages), pinned: fc.boolean() }),
    'chat:open': fc.record({ userId: user }),
    'message:send': fc.record(
      { conversationId: conversation, clientId: fc.string({ minLength: 6, maxLength: 70 }), text: text(300), fileId: optional(id(ids.files)), threadId: optional(id(ids.messages)) },
      { requiredKeys: ['conversationId', 'clientId', 'text'] },
    ),
    'message:edit': fc.record({ messageId: id(ids.messages), text: text(300) }),
    'message:delete': fc.record({ messageId: id(ids.messages) }),
    'typing:start': fc.record({ conversationId: conversation }),
    'channel:members': fc.record({ channelId: conversation }),
    'channel:create': fc.record(
      { name: text(90), topic: optional(text(260)), visibility: fc.constantFrom('public', 'private', 'secret'), memberIds: fc.array(user, { maxLength: 6 }), confirmSplit: optional(fc.boolean()) },
      { requiredKeys: ['name', 'visibility', 'memberIds'] },
    ),
    'channel:invite': fc.record({ channelId: conversation, userIds: fc.array(user, { maxLength: 6 }), confirmSplit: optional(fc.boolean()) }, { requiredKeys: ['channelId', 'userIds'] }),
    'channel:previewInvite': fc.record({ channelId: optional(conversation), userIds: fc.array(user, { maxLength: 6 }) }, { requiredKeys: ['userIds'] }),
    'channel:join': fc.record({ channelId: conversation }),
    'channel:leave': fc.record({ channelId: conversation }),
    'channel:update': fc.record({ channelId: conversation, name: optional(text(90)), topic: optional(fc.option(text(260), { nil: null })) }, { requiredKeys: ['channelId'] }),
    'call:dial': fc.record({ dial: dialString }),
    'call:answer': fc.record({ callId: id(ids.calls) }),
    'call:decline': fc.record({ callId: id(ids.calls) }),
    'call:hangup': fc.record({ callId: id(ids.calls) }),
    'call:mute': fc.record({ callId: id(ids.calls), muted: fc.boolean() }),
    'call:hold': fc.record({ callId: id(ids.calls), held: fc.boolean() }),
    'call:signal': fc.record({ callId: id(ids.calls), signal: callSignal }),
    'call:active': fc.constant({}),
    'call:history': fc.record({ limit: optional(limit) }, { requiredKeys: [] }),
    'voicemail:list': fc.constant({}),
    'voicemail:leave': fc.record(
      { callId: id(ids.calls), audioFileId: optional(id(ids.files)), durationMs: optional(fc.integer({ min: -1_000, max: 200_000 })), note: optional(text(1010)) },
      { requiredKeys: ['callId'] },
    ),
    'voicemail:markListened': fc.record({ voicemailId: id(ids.voicemails), listened: optional(fc.boolean()) }, { requiredKeys: ['voicemailId'] }),
    'voicemail:delete': fc.record({ voicemailId: id(ids.voicemails) }),
    'number:resolve': fc.record({ number: dialString }),
    'meeting:start': fc.oneof(fc.record({ userId: user }), fc.record({ conversationId: conversation })),
    'meeting:join': fc.record({ meetingId: id(ids.meetings) }),
    'meeting:leave': fc.record({ meetingId: id(ids.meetings) }),
    'meeting:schedule': fc.record({ conversationId: conversation, title: text(130), startsAt: when, durationMinutes: fc.integer({ min: -10, max: 600 }) }),
    'meeting:list': fc.record({ conversationId: optional(conversation), cursor: optional(fc.string({ maxLength: 40 })), limit: optional(limit) }, { requiredKeys: [] }),
    'meeting:publish': fc.record({ meetingId: id(ids.meetings), offer: fc.record({ type: fc.constantFrom('offer', 'answer'), sdp: sdp }), tracks: fc.array(fc.record({ mid: fc.constantFrom('0', '1', '2', 'x'), source: fc.constantFrom('microphone', 'camera', 'screen') }), { maxLength: 4 }) }),
    'meeting:subscribed': fc.record({ meetingId: id(ids.meetings), version: fc.integer({ min: -1, max: 5 }), answer: fc.record({ type: fc.constantFrom('offer', 'answer'), sdp: sdp }) }),
    'meeting:candidate': fc.record({ meetingId: id(ids.meetings), connection: fc.constantFrom('publish', 'subscribe', 'other'), candidate: fc.oneof(fc.constant(null), fc.record({ candidate: fc.oneof(fc.constant('candidate:1 1 udp 2015363327 127.0.0.1 23885 typ host'), fc.string({ maxLength: 600 })), sdpMid: fc.constantFrom('0', null), sdpMLineIndex: fc.integer({ min: -1, max: 70 }) })) }),
    'meeting:media-state': fc.record({ meetingId: id(ids.meetings), muted: fc.boolean(), camera: fc.boolean(), screen: fc.boolean() }),
    'meeting:resume': fc.record({ meetingId: id(ids.meetings) }),
    'meeting:restart-ice': fc.record({ meetingId: id(ids.meetings) }),
    'meeting:mesh-signal': fc.record({ meetingId: id(ids.meetings), to: user, candidate: fc.constant(null) }),
    'file:downloadUrl': fc.record({ fileId: id(ids.files) }),
    'file:limits': fc.constant({}),
    'group:create': fc.record({ memberIds: fc.array(user, { maxLength: 12 }) }),
    'group:rename': fc.record({ conversationId: conversation, name: fc.option(text(90), { nil: null }) }),
    'thread:history': fc.record({ messageId: id(ids.messages), beforeSeq: optional(seq), limit: optional(limit) }, { requiredKeys: ['messageId'] }),
    'thread:list': fc.record({ cursor: optional(fc.string({ maxLength: 40 })), limit: optional(limit) }, { requiredKeys: [] }),
    'thread:read': fc.record({ messageId: id(ids.messages), seq }),
    'mention:list': fc.record({ cursor: optional(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('0', '-1', '9007199254740993', '1e3'))), limit: optional(limit) }, { requiredKeys: [] }),
    'message:search': fc.record(
      {
        query: fc.oneof(text(210), fc.constantFrom('draft', 'welcome meridian', '"quoted" AND NOT', 'a*', 'NEAR(a b)', '{text}: x', 'conversation : c00', '^start', '-minus', '😀')),
        conversationId: optional(conversation),
        authorId: optional(user),
        cursor: optional(fc.string({ maxLength: 40 })),
        limit: optional(limit),
      },
      { requiredKeys: ['query'] },
    ),
    'reaction:add': fc.record({ messageId: id(ids.messages), emoji: emoji }),
    'reaction:remove': fc.record({ messageId: id(ids.messages), emoji: emoji }),
    'media:iceServers': fc.constant({}),
    'profile:update': fc.record(
      {
        displayName: fc.oneof(text(90), fc.constantFrom('UNKNOWN USER', 'unknown  user', 'ＵＮＫＮＯＷＮ ＵＳＥＲ', '\u200b', 'Alice Nguyen')),
        title: fc.option(text(110), { nil: null }),
        department: fc.option(text(110), { nil: null }),
      },
    ),
    'profile:removePhoto': fc.constant({}),
    'profile:setTimeZone': fc.record({ timeZone: fc.oneof(fc.constantFrom('Europe/Paris', 'UTC', 'Etc/GMT+5', 'Mars/Olympus', '../../etc/passwd', 'europe/paris', ''), text(70)) }),
  };
}

/** A valid payload with one thing wrong: a key gone, a key too many, or a value swapped for a hostile one. */
function mutated(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), fc.constantFrom('drop', 'add', 'swap'), fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString')), hostileValue).map(
    ([payload, pick, how, newKey, value]) => {
      const keys = Object.keys(payload);
      const copy: Record<string, unknown> = { ...payload };
      const key = keys[pick % Math.max(1, keys.length)];
      if (how === 'drop' && key !== undefined) delete copy[key];
      else if (how === 'swap' && key !== undefined) copy[key] = value;
      else Object.defineProperty(copy, newKey, { value, enumerable: true, configurable: true, writable: true });
      return copy;
    },
  );
}

/** Every payload the fuzzer sends a command: mostly well-formed, a good share mutated, some plain hostile. */
export function payloads(ids: KnownIds): Record<CommandName, fc.Arbitrary<unknown>> {
  const valid = validPayloads(ids);
  return Object.fromEntries(
    commandNames.map((command) => [
      command,
      fc.oneof({ weight: 5, arbitrary: valid[command] }, { weight: 4, arbitrary: mutated(valid[command]) }, { weight: 1, arbitrary: hostileValue }),
    ]),
  ) as Record<CommandName, fc.Arbitrary<unknown>>;
}

/**
 * Commands that take away what others' payloads name, in the order they go last: leaving a
 * meeting, deleting voicemails and messages, and last of all leaving channels (after which the
 * seed's people are no longer members of what the payloads name).
 */
const takingAway: readonly CommandName[] = ['meeting:leave', 'voicemail:delete', 'message:delete', 'channel:leave'];

/** The commands in the order a run fuzzes them: those that take things away last. */
export function fuzzOrder(commands: readonly CommandName[] = commandNames): CommandName[] {
  return [...commands.filter((command) => !takingAway.includes(command)), ...takingAway.filter((command) => commands.includes(command))];
}

/** What one command's share of a run found. */
export interface CommandReport {
  command: CommandName;
  runs: number;
  ok: number;
  /** Refusals by error code (`internal` among them is a failure). */
  refused: Partial<Record<ErrorCode, number>>;
  /** Answers that were not a well-formed acknowledgement, or `internal`: each one a failure. */
  failures: Array<{ payload: string; answer: string }>;
}

export interface FuzzReport {
  commands: CommandReport[];
  runs: number;
  internal: number;
  failures: Array<{ command: CommandName; payload: string; answer: string }>;
  /** Whether the server still answered `/health` after each command's share. */
  stillServing: boolean;
}

export interface FuzzOptions {
  url: string;
  /** Session tokens of the people the fuzzer speaks as (one socket each; requests spread over them). */
  tokens: string[];
  ids: KnownIds;
  runsPerCommand: number;
  /** fast-check's seed: the same seed sends the same payloads. */
  seed?: number;
  commands?: readonly CommandName[];
  /** Requests in flight per socket. */
  concurrency?: number;
  onCommandDone?: (report: CommandReport) => void;
}

function isWellFormedAck(answer: unknown): boolean {
  if (typeof answer !== 'object' || answer === null) return false;
  const ack = answer as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (ack.ok === true) return 'data' in ack;
  return ack.ok === false && typeof ack.error?.message === 'string' && errorCodes.includes(ack.error.code as ErrorCode);
}

/** Sends every command its share of generated payloads and checks every answer. */
export async function fuzzServer(options: FuzzOptions): Promise<FuzzReport> {
  const sockets: Socket[] = await Promise.all(
    options.tokens.map(
      (token) =>
        new Promise<Socket>((resolve, reject) => {
          const socket = io(options.url, { auth: { token }, transports: ['websocket'], reconnection: true, reconnectionDelay: 50 });
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', reject);
        }),
    ),
  );
  const arbitraries = payloads(options.ids);
  const concurrency = options.concurrency ?? 32;
  const report: FuzzReport = { commands: [], runs: 0, internal: 0, failures: [], stillServing: true };
  try {
    for (const [index, command] of fuzzOrder(options.commands).entries()) {
      const generated = fc.sample(arbitraries[command], { numRuns: options.runsPerCommand, seed: (options.seed ?? 42) + index });
      const result: CommandReport = { command, runs: 0, ok: 0, refused: {}, failures: [] };
      let next = 0;
      const worker = async (socket: Socket) => {
        while (next < generated.length) {
          const payload = generated[next++];
          let answer: unknown;
          try {
            answer = await socket.timeout(10_000).emitWithAck(command, payload);
          } catch (error) {
            answer = { timedOut: String(error) };
          }
          result.runs += 1;
          const ack = answer as { ok?: boolean; error?: { code: ErrorCode } };
          if (isWellFormedAck(answer) && ack.ok) result.ok += 1;
          else if (isWellFormedAck(answer)) result.refused[ack.error!.code] = (result.refused[ack.error!.code] ?? 0) + 1;
          if (!isWellFormedAck(answer) || ack.error?.code === 'internal') {
            result.failures.push({ payload: JSON.stringify(payload)?.slice(0, 300) ?? String(payload), answer: JSON.stringify(answer)?.slice(0, 300) ?? String(answer) });
          }
        }
      };
      await Promise.all(sockets.flatMap((socket) => Array.from({ length: concurrency }, () => worker(socket))));
      report.commands.push(result);
      report.runs += result.runs;
      report.internal += result.refused.internal ?? 0;
      report.failures.push(...result.failures.map((failure) => ({ command, ...failure })));
      report.stillServing &&= await fetch(new URL('/health', options.url)).then((response) => response.ok, () => false);
      options.onCommandDone?.(result);
    }
  } finally {
    for (const socket of sockets) socket.close();
  }
  return report;
}
