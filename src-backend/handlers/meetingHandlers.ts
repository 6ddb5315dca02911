/** Meetings (SPEC 1 rule 10): the socket commands; the rules live in `context.meetings` (../meetings/meetingService.ts). */
import type { MeridianSocket, ServerContext } from '../context';
import { contained, onCommand } from './command';

export function registerMeetingHandlers(context: ServerContext, socket: MeridianSocket): void {
  const { meetings } = context;
  onCommand(context, socket, 'meeting:start', (viewer, target) => meetings.start(viewer, socket.id, target));
  onCommand(context, socket, 'meeting:join', (viewer, { meetingId }) => meetings.joinById(viewer, socket.id, meetingId));
  onCommand(context, socket, 'meeting:leave', (viewer, { meetingId }) => meetings.leaveById(viewer, meetingId));
  onCommand(context, socket, 'meeting:schedule', (viewer, input) => meetings.schedule(viewer, input));
  onCommand(context, socket, 'meeting:list', (viewer, options) => meetings.list(viewer, options));
  socket.on('disconnect', contained('leaving meetings on disconnect', () => meetings.clientGone(socket.id, socket.data.userId)));
}
