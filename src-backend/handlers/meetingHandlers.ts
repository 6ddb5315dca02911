/** Meetings (SPEC 1 rule 10): the socket commands; the rules live in `context.meetings` (../meetings/meetingService.ts). */
import type { ServerContext } from '../context';
import { onCommand, type CommandTable } from './command';

export function registerMeetingHandlers(context: ServerContext, commands: CommandTable): void {
  const { meetings } = context;
  onCommand(context, commands, 'meeting:start', (viewer, target, socket) => meetings.meetNow(viewer, socket.id, target));
  onCommand(context, commands, 'meeting:join', (viewer, { meetingId }, socket) => meetings.joinById(viewer, socket.id, meetingId));
  onCommand(context, commands, 'meeting:leave', (viewer, { meetingId }) => meetings.leaveById(viewer, meetingId));
  onCommand(context, commands, 'meeting:schedule', (viewer, input) => meetings.schedule(viewer, input));
  onCommand(context, commands, 'meeting:list', (viewer, options) => meetings.list(viewer, options));
  commands.onDisconnect('leaving meetings on disconnect', (socket) => meetings.clientGone(socket.id, socket.data.userId));
}
