/** What calls and meetings share about media: the ICE servers (and TURN credentials) of `context.iceServers`. */
import { ok } from '../../src-shared/protocol/ack';
import type { ServerContext } from '../context';
import { onCommand, type CommandTable } from './command';

export function registerMediaHandlers(context: ServerContext, commands: CommandTable): void {
  onCommand(context, commands, 'media:iceServers', (viewer) => ok(context.iceServers.configurationFor(viewer.id)));
}
