/**
 * Registers one socket command: validate the payload with its shared schema, find the viewer,
 * run the handler, acknowledge with the one Ack shape. Handlers authorize (sees, membership).
 */
import type { z } from 'zod';
import { fail, type Ack } from '../../src-shared/protocol/ack';
import { commandSchemas, type CommandName, type CommandResult } from '../../src-shared/protocol/events';
import { describeZodError } from '../../src-shared/protocol/validate';
import type { MeridianSocket, ServerContext } from '../context';
import type { UserRecord } from '../directory/directory';

export type CommandHandler<C extends CommandName> = (
  viewer: UserRecord,
  payload: z.output<(typeof commandSchemas)[C]>,
) => Ack<CommandResult<C>> | Promise<Ack<CommandResult<C>>>;

export function onCommand<C extends CommandName>(
  context: ServerContext,
  socket: MeridianSocket,
  name: C,
  handler: CommandHandler<C>,
): void {
  const listener = async (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return; // every command is a request; without an ack there is no one to answer
    const respond = ack as (response: Ack<CommandResult<C>>) => void;
    const parsed = commandSchemas[name].safeParse(payload);
    if (!parsed.success) return respond(fail('bad_request', describeZodError(parsed.error)));
    const viewer = context.directory.user(socket.data.userId);
    if (!viewer) {
      respond(fail('unauthorized', 'Your account no longer exists.'));
      socket.disconnect(true);
      return;
    }
    try {
      respond(await handler(viewer, parsed.data as z.output<(typeof commandSchemas)[C]>));
    } catch (error) {
      console.error(`[meridian] ${name} failed:`, error);
      respond(fail('internal', 'Something went wrong on the server.'));
    }
  };
  // socket.io's typed `on` cannot follow a generic event name.
  (socket.on as (event: string, listener: (...args: unknown[]) => void) => void)(name, listener as (...args: unknown[]) => void);
}
