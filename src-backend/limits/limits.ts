/**
 * What one person (or one address) may do how often (SPEC 8): every socket command belongs to a
 * class with its own rate per person; sign-in is throttled per email and address together and per
 * address; the support console per address; sockets are capped per person. A refusal says when
 * to retry. Throttles count failures, not attempts (issue 18 #6): a wrong password from one
 * address never holds back the right one from another, and a wrong support token never holds
 * back the right one. Addresses are keys of clientAddress.ts (all of loopback is one).
 *
 * **Shared or per process** (SPEC 10). Budgets of a person, an email, an address or the console
 * are counted where every process counts them (./buckets.ts: this process's memory when it is
 * alone, Redis with `--redis-url`): every command class, uploads, typing notices, sign-in
 * attempts, the support console. Per process on purpose, because each protects this process's
 * own memory or work and could not be spent on another: `inboundBytes` (frames this process
 * receives), connections still joining (`unauthenticatedPerAddress`/`Total`, server.ts), frame
 * sizes, a refusal's hold (handlers/command.ts). `socketsPerPerson` is counted across processes
 * by the cluster's connections (cluster/connections.ts). docs/DEPLOYMENT.md lists the same.
 */
import { typingNoticeIntervalMs } from '../../src-shared/protocol/conversationProtocol';
import type { CommandName } from '../../src-shared/protocol/events';
import type { Clock } from '../domain/clock';
import { MemoryBuckets, type Buckets, type Budget } from './buckets';
import { RateLimiter, type Rate, type Verdict } from './rateLimiter';

/** Classes of socket commands, each limited per person on its own. */
export type CommandClass = 'message' | 'create' | 'invite' | 'presence' | 'typing' | 'call' | 'signal' | 'dial' | 'meeting' | 'media' | 'read' | 'list' | 'search' | 'messageSearch';

/** Every command's class: a command missing here does not compile. */
export const commandClasses: Record<CommandName, CommandClass> = {
  'directory:search': 'search',
  'person:card': 'read',
  'presence:set': 'presence',
  'presence:idle': 'presence',
  'presence:watch': 'read',
  'conversation:list': 'list',
  'conversation:history': 'read',
  'conversation:read': 'read',
  'conversation:markUnread': 'read',
  'conversation:settings': 'read',
  'conversation:pinned': 'read',
  'message:pin': 'message',
  'chat:open': 'create',
  'message:send': 'message',
  'message:edit': 'message',
  'message:delete': 'message',
  'typing:start': 'typing',
  'channel:members': 'list',
  'channel:create': 'create',
  'channel:invite': 'invite',
  'channel:previewInvite': 'read',
  'channel:join': 'invite',
  'channel:leave': 'invite',
  'channel:update': 'create',
  'call:dial': 'dial',
  'call:answer': 'call',
  'call:decline': 'call',
  'call:hangup': 'call',
  'call:mute': 'call',
  'call:hold': 'call',
  'call:signal': 'signal',
  'call:active': 'read',
  'call:history': 'list',
  'voicemail:list': 'list',
  'voicemail:leave': 'dial',
  'voicemail:markListened': 'read',
  'voicemail:delete': 'read',
  'number:resolve': 'search',
  'meeting:start': 'create',
  'meeting:join': 'meeting',
  'meeting:leave': 'meeting',
  'meeting:schedule': 'create',
  'meeting:list': 'list',
  // Media signalling: a negotiation is a few descriptions and a few dozen candidates.
  'meeting:publish': 'media',
  'meeting:subscribed': 'media',
  'meeting:candidate': 'media',
  'meeting:media-state': 'media',
  'meeting:resume': 'meeting',
  'meeting:restart-ice': 'media',
  'meeting:mesh-signal': 'media',
  'file:downloadUrl': 'read',
  'file:limits': 'read',
  'group:create': 'create',
  'group:rename': 'create',
  'thread:history': 'read',
  'thread:list': 'list',
  'thread:read': 'read',
  'mention:list': 'list',
  'message:search': 'messageSearch',
  // A reaction reaches every member, as a message does.
  'reaction:add': 'message',
  'reaction:remove': 'message',
  'media:iceServers': 'read',
  // A profile change reaches everyone who sees the person, as a new channel reaches its members.
  'profile:update': 'create',
  'profile:removePhoto': 'create',
  'profile:setTimeZone': 'presence',
};

/** What a refusal of each class tells the person. */
const refusals: Record<CommandClass | 'upload' | 'unanswerable', string> = {
  message: 'Too many messages at once.',
  create: 'Too many new chats, channels and meetings at once.',
  invite: 'Too many invitations and channel changes at once.',
  presence: 'Too many status changes at once.',
  typing: 'Too many typing notices.',
  call: 'Too many call actions.',
  signal: 'Too much call signalling.',
  dial: 'Too many calls at once.',
  meeting: 'Too many meeting joins and leaves at once.',
  media: 'Too many media changes at once.',
  read: 'Too many requests.',
  list: 'Too many lists asked for.',
  search: 'Too many searches.',
  messageSearch: 'Too many message searches.',
  upload: 'Too many files at once.',
  unanswerable: 'Too many commands without an acknowledgement.',
};

/** Every rate, and the socket cap; `ServerOptions.limits` may change any of them. */
export interface LimitSettings {
  commands: Record<CommandClass, Rate>;
  /** File uploads per person. */
  upload: Rate;
  /** One typing notice per person and conversation this often, however often they ask. */
  typingNotice: Rate;
  /** Failed sign-ins per address, whatever the email (each costs a password hash). */
  signInFailuresPerAddress: Rate;
  /** Failed sign-ins per email from one address: another address is not held back by them. */
  signInFailuresPerEmail: Rate;
  /** Sign-ins with the right password per email (each costs a hash, and makes a session). */
  signInsPerEmail: Rate;
  /** Support console requests with the right token. */
  admin: Rate;
  /** Support console requests with a wrong token, per address: they never hold back the right one. */
  adminFailures: Rate;
  /** Sockets one person may have connected at once. */
  socketsPerPerson: number;
  /**
   * The largest socket frame of each command class, in bytes, checked before it is parsed
   * (socketFrames.ts); engine.io refuses a frame over the largest of them unread. A message of
   * 10,000 characters takes at most 60,000 bytes of JSON (6 for a control character).
   */
  commandFrameBytes: Record<CommandClass, number>;
  /** The largest frame before a connection has joined (its CONNECT, which carries the token), and of an ACK. */
  connectFrameBytes: number;
  /** How long a connection may stay without joining with a session before it is closed. */
  unauthenticatedTimeoutMs: number;
  /** Connections that have not joined yet, per address (loopback is one) and on the whole server. */
  unauthenticatedPerAddress: number;
  unauthenticatedTotal: number;
  /**
   * Bytes one person's sockets may send in all, however many and whatever they hold (issue 18 #3):
   * past it, the socket that sent is not read for as long as the person is over (TCP holds the
   * sender back), so nobody can make the server receive without end. Each frame counts as at
   * least `inboundFrameMinimumBytes`, for the work any frame costs.
   */
  inboundBytes: Rate;
  inboundFrameMinimumBytes: number;
  /**
   * The most people one `@here` or `@channel` may mention (SPEC 9): each is a mention row and a
   * notice, so a channel of thousands would make one message write thousands of rows. Past it the
   * message is refused, saying why; the writer names people instead.
   */
  broadcastMentionReach: number;
}

/**
 * Generous for a person at a keyboard, tight for a script. A person who reads a long backlog,
 * reconnects with many conversations open or pages through 5,000 conversations stays inside
 * `read` (the client waits when told to); nobody types 50 messages in a burst.
 */
export const defaultLimits: LimitSettings = {
  commands: {
    message: { burst: 50, perSecond: 10 },
    create: { burst: 20, perSecond: 0.5 },
    invite: { burst: 20, perSecond: 0.5 },
    presence: { burst: 10, perSecond: 0.5 },
    typing: { burst: 10, perSecond: 2 },
    call: { burst: 30, perSecond: 5 },
    // A call's set-up is a few dozen candidates and descriptions at once; a camera, a screen or an
    // ICE restart a few more. A client that keeps sending past this is not setting up media.
    signal: { burst: 200, perSecond: 20 },
    dial: { burst: 10, perSecond: 0.2 },
    meeting: { burst: 20, perSecond: 1 },
    // Joining a meeting of ten with camera and screen is about 60 candidates and descriptions at once.
    media: { burst: 200, perSecond: 20 },
    read: { burst: 200, perSecond: 40 },
    // A page of a list costs a view per item (up to 200): fewer of them, still enough to page
    // through 5,000 conversations at once.
    list: { burst: 40, perSecond: 5 },
    search: { burst: 50, perSecond: 10 },
    // A message search reads an index of every message (milliseconds, not microseconds): a person
    // pressing Enter never meets this; a script asking without end gets a small share of the backend.
    messageSearch: { burst: 20, perSecond: 2 },
  },
  upload: { burst: 10, perSecond: 0.2 },
  typingNotice: { burst: 1, perSecond: 1_000 / typingNoticeIntervalMs },
  signInFailuresPerAddress: { burst: 20, perSecond: 0.2 },
  signInFailuresPerEmail: { burst: 10, perSecond: 1 / 30 },
  signInsPerEmail: { burst: 30, perSecond: 0.5 },
  admin: { burst: 100, perSecond: 10 },
  adminFailures: { burst: 5, perSecond: 0.1 },
  socketsPerPerson: 20,
  commandFrameBytes: {
    message: 64 * 1024,
    create: 32 * 1024,
    invite: 32 * 1024,
    presence: 32 * 1024,
    typing: 32 * 1024,
    call: 32 * 1024,
    // A session description of up to 65,536 characters (callProtocol.ts), its line ends escaped.
    signal: 128 * 1024,
    // A meeting's publish and mesh signals carry session descriptions too.
    media: 128 * 1024,
    dial: 32 * 1024,
    meeting: 32 * 1024,
    read: 32 * 1024,
    list: 32 * 1024,
    search: 32 * 1024,
    messageSearch: 32 * 1024,
  },
  connectFrameBytes: 2 * 1024,
  unauthenticatedTimeoutMs: 5_000,
  unauthenticatedPerAddress: 50,
  unauthenticatedTotal: 1_000,
  // A person sends a few KB a second at most (a long message, a call's description); a client
  // catching up sends hundreds of small requests at once: 2 MiB at once, then 256 KiB a second.
  inboundBytes: { burst: 2 * 1024 * 1024, perSecond: 256 * 1024 },
  inboundFrameMinimumBytes: 1024,
  // A department's channel; an all-company channel of thousands announces without pinging everyone.
  broadcastMentionReach: 500,
};

/** engine.io's limit on any frame (maxHttpBufferSize): the largest command's, and its packet's few header bytes. */
export function maxFrameBytes(settings: LimitSettings): number {
  return Math.max(settings.connectFrameBytes, ...Object.values(settings.commandFrameBytes)) + 64;
}

/** The key of an email in the throttles: as people type it, with case and spaces of no account. */
const emailKey = (email: string) => email.trim().toLowerCase();

/** Changes to some limits; the rest keep their defaults. */
export type LimitOverrides = Partial<Omit<LimitSettings, 'commands' | 'commandFrameBytes'>> & {
  commands?: Partial<Record<CommandClass, Rate>>;
  commandFrameBytes?: Partial<Record<CommandClass, number>>;
};

/** A refusal that says when to retry. */
export type Refusal = { retryAfterMs: number; message: string };

/** Every shared budget by name, each holding its rate from the settings. */
type Budgets = Record<CommandClass | 'unanswerable' | 'typingNotice' | 'upload' | 'signInFailuresPerAddress' | 'signInFailuresPerEmail' | 'signInsPerEmail' | 'admin' | 'adminFailures', Budget>;

export class Limits {
  readonly settings: LimitSettings;
  /** The budgets every process counts together (./buckets.ts): in memory alone, on Redis with others. */
  private readonly shared: Buckets;
  private readonly budgets: Budgets;
  /**
   * What stays this process's own on purpose: `inboundBytes` bounds the work of receiving frames
   * in this process, is asked on every frame before it is read, and must answer at once.
   */
  private readonly local: RateLimiter;

  constructor(clock: Clock, overrides: LimitOverrides = {}, shared?: Buckets) {
    this.settings = {
      ...defaultLimits,
      ...overrides,
      commands: { ...defaultLimits.commands, ...overrides.commands },
      commandFrameBytes: { ...defaultLimits.commandFrameBytes, ...overrides.commandFrameBytes },
    };
    this.local = new RateLimiter(clock);
    this.shared = shared ?? new MemoryBuckets(clock);
    const settings = this.settings;
    const budget = (name: string, rate: Rate): Budget => ({ name, rate });
    this.budgets = {
      ...(Object.fromEntries(Object.entries(settings.commands).map(([name, rate]) => [name, budget(name, rate)])) as Record<CommandClass, Budget>),
      unanswerable: budget('unanswerable', settings.commands.read),
      typingNotice: budget('typingNotice', settings.typingNotice),
      upload: budget('upload', settings.upload),
      signInFailuresPerAddress: budget('signInFailuresPerAddress', settings.signInFailuresPerAddress),
      signInFailuresPerEmail: budget('signInFailuresPerEmail', settings.signInFailuresPerEmail),
      signInsPerEmail: budget('signInsPerEmail', settings.signInsPerEmail),
      admin: budget('admin', settings.admin),
      adminFailures: budget('adminFailures', settings.adminFailures),
    };
  }

  /** One command of a person: null when allowed, else why not and when to retry. */
  async command(userId: string, command: CommandName): Promise<Refusal | null> {
    const commandClass = commandClasses[command];
    return this.refusal(await this.shared.take(this.budgets[commandClass], userId), refusals[commandClass]);
  }

  /** A command sent without an acknowledgement, or an unknown one: answered with an event, at most this often. */
  async unanswerable(userId: string): Promise<boolean> {
    return (await this.shared.take(this.budgets.unanswerable, userId)).ok;
  }

  /** Whether a typing notice from this person in this conversation goes out now (quietly dropped otherwise). */
  async typingNotice(userId: string, conversationId: string): Promise<boolean> {
    return (await this.shared.take(this.budgets.typingNotice, `${userId}\n${conversationId}`)).ok;
  }

  async upload(userId: string): Promise<Refusal | null> {
    return this.refusal(await this.shared.take(this.budgets.upload, userId), refusals.upload);
  }

  /**
   * Before a demo's one-click sign-in: null when `address` may sign in as `email` now. Refused by
   * failures from this address (for this email, or for any), or by this email's own sign-ins going too fast.
   */
  async signInAllowed(address: string, email: string): Promise<Refusal | null> {
    const key = emailKey(email);
    const verdicts = await Promise.all([
      this.shared.peek(this.budgets.signInFailuresPerEmail, `${address}\n${key}`),
      this.shared.peek(this.budgets.signInFailuresPerAddress, address),
      this.shared.peek(this.budgets.signInsPerEmail, key),
    ]);
    return this.firstRefusal(verdicts, 'Too many sign-in attempts.');
  }

  /**
   * Before checking a password: null when `address` may try `email` now, having counted the attempt
   * as a failure in advance — taken before the hash is checked, so attempts sent at the same moment
   * (on one process or several) cannot all pass a count that has not yet heard of the others.
   * `signInSucceeded` gives it back when the password was right; a wrong one keeps it counted.
   */
  async signInAttempt(address: string, email: string): Promise<Refusal | null> {
    const key = emailKey(email);
    const speed = await this.shared.peek(this.budgets.signInsPerEmail, key);
    if (!speed.ok) return this.firstRefusal([speed], 'Too many sign-in attempts.');
    const taken = [
      { budget: this.budgets.signInFailuresPerEmail, key: `${address}\n${key}` },
      { budget: this.budgets.signInFailuresPerAddress, key: address },
    ];
    const verdicts = await Promise.all(taken.map(({ budget, key: bucket }) => this.shared.take(budget, bucket)));
    if (verdicts.every((verdict) => verdict.ok)) return null;
    // Refused: what one budget gave is given back, so a refusal costs nothing more later.
    await Promise.all(taken.filter((_, index) => verdicts[index]!.ok).map(({ budget, key: bucket }) => this.shared.give(budget, bucket)));
    return this.firstRefusal(verdicts, 'Too many sign-in attempts.');
  }

  /** The right password from this address: the attempt was no failure, and its count of failures for this email starts again. */
  async signInSucceeded(address: string, email: string): Promise<void> {
    await Promise.all([
      this.shared.reset(this.budgets.signInFailuresPerEmail, `${address}\n${emailKey(email)}`),
      this.shared.give(this.budgets.signInFailuresPerAddress, address),
      this.shared.take(this.budgets.signInsPerEmail, emailKey(email)),
    ]);
  }

  /** A support console request with the right token: null when it may be answered now. */
  async adminAllowed(): Promise<Refusal | null> {
    return this.firstRefusal([await this.shared.take(this.budgets.admin, 'console')], 'Too many support console requests.');
  }

  /**
   * A support console request with a wrong token from this address: null when it may be told so
   * (and counted), else a refusal. Only wrong tokens count here, so guessing never locks the
   * console out.
   */
  async adminFailed(address: string): Promise<Refusal | null> {
    return this.firstRefusal([await this.shared.take(this.budgets.adminFailures, address)], 'Too many support console requests.');
  }

  /**
   * A frame of `bytes` that came from this person: 0 when they may send on now, else how long not
   * to read them. Counted in this process only (see `local`): it bounds this process's work.
   */
  inbound(userId: string, bytes: number): number {
    const verdict = this.local.spend(`inboundBytes\n${userId}`, this.settings.inboundBytes, Math.max(bytes, this.settings.inboundFrameMinimumBytes));
    return verdict.ok ? 0 : verdict.retryAfterMs;
  }

  /** Forgets what no longer limits anyone (run now and then). */
  sweep(): void {
    this.local.sweep(() => this.settings.inboundBytes);
    this.shared.sweep((name) => (this.budgets as Partial<Budgets>)[name as keyof Budgets]?.rate);
  }

  /** Lets go of the shared budgets' connection (Redis), if any. */
  close(): Promise<void> {
    return this.shared.close();
  }

  private firstRefusal(verdicts: Verdict[], message: string): Refusal | null {
    const wait = Math.max(0, ...verdicts.map((verdict) => (verdict.ok ? 0 : verdict.retryAfterMs)));
    return wait > 0 ? { retryAfterMs: wait, message } : null;
  }

  private refusal(verdict: Verdict, message: string): Refusal | null {
    return verdict.ok ? null : { retryAfterMs: verdict.retryAfterMs, message };
  }
}
