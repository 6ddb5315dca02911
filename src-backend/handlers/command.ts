/**
 * Socket commands: each is registered once per server in a CommandTable (`onCommand`), and every
 * socket dispatches into the table through one listener. A command runs as: check the person's
 * rate, validate the payload with its shared schema, find the viewer, run the handler, acknowledge
 * with the one Ack shape. Handlers authorize (sees, membership). Nothing a handler throws leaves
 * here: it becomes an `internal` answer and a log line.
 *
 * One table per server, not listeners per socket: 40 listeners and their closures on every socket
 * cost about 20 KB each (the emitter's table of 40 event names turns into a dictionary), which
 * 2,000 idle sockets pay in full.
 */
import type { z } from 'zod';
import { fail, rateLimited, type Ack, type AckError } from '../../src-shared/protocol/ack';
import { commandSchemas, isCommandName, type CommandName, type WireResult } from '../../src-shared/protocol/events';
import { describeZodError } from '../../src-shared/protocol/validate';
import type { MeridianSocket, ServerContext } from '../context';
import type { UserRecord } from '../directory/directory';
import { commandClasses, type Refusal } from '../limits/limits';
import { oversizedPayload } from '../socketFrames';

/**
 * How long a refusal for going too fast is held before it is sent (never longer than the wait it
 * announces). A client that asks again the moment it is refused can then ask only as often as it
 * keeps requests in flight, instead of as fast as the server can say no: refusing costs the
 * server little, and the abuser's loop slows to a crawl.
 */
export const refusalHoldMs = 1_000;
/** A client with this many refusals held at once is not waiting for its answers: it is disconnected. */
const maxHeldRefusals = 1_000;

/** A command's work; `socket` is the client that sent it (for the few that are about that client, like a call it rings on). */
export type CommandHandler<C extends CommandName> = (
  viewer: UserRecord,
  payload: z.output<(typeof commandSchemas)[C]>,
  socket: MeridianSocket,
) => Ack<WireResult<C>> | Promise<Ack<WireResult<C>>>;

type Listener = (socket: MeridianSocket, payload: unknown, ack: unknown) => Promise<void>;

/** Every socket command of one server, and what is done when a socket goes away; sockets dispatch into it. */
export class CommandTable {
  private readonly listeners = new Map<string, Listener>();
  private readonly disconnectHooks: Array<(socket: MeridianSocket, reason: string) => void> = [];

  constructor(private readonly context: ServerContext) {}

  on<C extends CommandName>(name: C, handler: CommandHandler<C>): void {
    if (this.listeners.has(name)) throw new Error(`${name} is registered twice`);
    this.listeners.set(name, commandListener(this.context, name, handler));
  }

  /** Runs `hook` (contained) whenever a socket disconnects, with socket.io's reason (`client namespace disconnect`: the client left on purpose). */
  onDisconnect(label: string, hook: (socket: MeridianSocket, reason: string) => unknown): void {
    this.disconnectHooks.push(contained(label, hook));
  }

  /** A new socket: one listener for every command (and every unknown event), one for its going away. */
  attach(socket: MeridianSocket): void {
    const { context, listeners, disconnectHooks } = this;
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const listener = typeof event === 'string' && isCommandName(event) ? listeners.get(event) : undefined;
      if (listener) void listener(socket, args[0], args[1]);
      else refuseUnknownEvent(context, socket, event, args);
    });
    socket.on('disconnect', (reason) => {
      for (const hook of disconnectHooks) hook(socket, reason);
    });
  }
}

/** Registers one command in the server's table. */
export function onCommand<C extends CommandName>(_context: ServerContext, commands: CommandTable, name: C, handler: CommandHandler<C>): void {
  commands.on(name, handler);
}

function commandListener<C extends CommandName>(context: ServerContext, name: C, handler: CommandHandler<C>): Listener {
  return async (socket, payload, ack) => {
    if (typeof ack !== 'function') {
      // Every command is a request; without an ack the answer goes out as an event.
      return refuseWithEvent(context, socket, name, { code: 'bad_request', message: `${name} needs an acknowledgement callback: send it with emitWithAck or a callback.` });
    }
    const respond = (response: Ack<WireResult<C>>) => {
      try {
        (ack as (response: Ack<WireResult<C>>) => void)(response);
      } catch (error) {
        console.error(`[meridian] answering ${name} failed:`, error);
      }
    };
    try {
      const refusal = await context.limits.command(socket.data.userId, name);
      if (refusal) return refuseAfterHold(socket, name, refusal, respond);
      if (payload === oversizedPayload) return respond(fail('too_large', `${name} was larger than this server accepts (${context.limits.settings.commandFrameBytes[commandClasses[name]]} bytes); it was not read.`));
      const parsed = commandSchemas[name].safeParse(payload);
      if (!parsed.success) return respond(fail('bad_request', describeZodError(parsed.error)));
      // A change another process announced is applied before anything is read of it.
      const catchingUp = context.directory.current();
      if (catchingUp) await catchingUp;
      const viewer = context.directory.user(socket.data.userId);
      if (!viewer) {
        respond(fail('unauthorized', 'Your account no longer exists.'));
        socket.disconnect(true);
        return;
      }
      respond(await handler(viewer, parsed.data as z.output<(typeof commandSchemas)[C]>, socket));
    } catch (error) {
      console.error(`[meridian] ${name} failed:`, error);
      respond(fail('internal', 'Something went wrong on the server.'));
    }
  };
}

/** Answers `rate_limited` after holding the answer a while (see refusalHoldMs); the wait it announces counts from the answer. */
function refuseAfterHold(socket: MeridianSocket, command: string, refusal: Refusal, respond: (response: Ack<never>) => void): void {
  const held = (socket.data.heldRefusals ?? 0) + 1;
  if (held > maxHeldRefusals) {
    socket.emit('command:failed', { command, error: { code: 'rate_limited', message: 'This client ignores the server\'s limits and was disconnected.' } });
    socket.disconnect(true);
    return;
  }
  socket.data.heldRefusals = held;
  const hold = Math.min(refusal.retryAfterMs, refusalHoldMs);
  const timer = setTimeout(() => {
    socket.data.heldRefusals = (socket.data.heldRefusals ?? 1) - 1;
    if (socket.connected) respond(rateLimited(refusal.retryAfterMs - hold, refusal.message));
  }, hold);
  timer.unref?.();
}

/** Answers an event that is not a command: through its ack when it carries one, else with `command:failed`. */
function refuseUnknownEvent(context: ServerContext, socket: MeridianSocket, event: unknown, args: unknown[]): void {
  const command = String(event).slice(0, 100);
  const error: AckError = { code: 'bad_request', message: `Unknown command: ${command}` };
  const ack = args.at(-1);
  if (typeof ack === 'function') {
    const answer = contained(`answering unknown command ${command}`, () => (ack as (response: Ack<never>) => void)({ ok: false, error }));
    void context.limits.unanswerable(socket.data.userId).then((allowed) => allowed && answer(), (error: unknown) => console.error('[meridian] counting an unanswerable command failed:', error));
  } else {
    refuseWithEvent(context, socket, command, error);
  }
}

/** Tells the client a command failed without an ack to carry it; at most as often as the person's rate allows, so it cannot be turned into a flood. */
function refuseWithEvent(context: ServerContext, socket: MeridianSocket, command: string, error: AckError): void {
  void context.limits.unanswerable(socket.data.userId).then(
    (allowed) => allowed && socket.emit('command:failed', { command, error }),
    (failure: unknown) => console.error('[meridian] counting an unanswerable command failed:', failure),
  );
}

/** Runs a listener so that an error in it is logged, never thrown into socket.io or the process. */
export function contained<A extends unknown[]>(label: string, listener: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = listener(...args);
      if (result instanceof Promise) result.catch((error: unknown) => console.error(`[meridian] ${label} failed:`, error));
    } catch (error) {
      console.error(`[meridian] ${label} failed:`, error);
    }
  };
}
