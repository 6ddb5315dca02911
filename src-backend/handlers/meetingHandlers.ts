/** Meetings (SPEC 1 rule 10): the socket commands; the rules live in `context.meetings` (../meetings/meetingService.ts). */
import type { ServerContext } from '../context';
import { onCommand, type CommandTable } from './command';

export function registerMeetingHandlers(context: ServerContext, commands: CommandTable): void {
  const { meetings, meetingMedia: media } = context;
  onCommand(context, commands, 'meeting:start', (viewer, target, socket) => meetings.meetNow(viewer, socket.data.clientId, target));
  onCommand(context, commands, 'meeting:join', (viewer, { meetingId }, socket) => meetings.joinById(viewer, socket.data.clientId, meetingId));
  onCommand(context, commands, 'meeting:leave', (viewer, { meetingId }) => meetings.leaveById(viewer, meetingId));
  onCommand(context, commands, 'meeting:schedule', (viewer, input) => meetings.schedule(viewer, input));
  onCommand(context, commands, 'meeting:list', (viewer, options) => meetings.list(viewer, options));
  onCommand(context, commands, 'meeting:publish', (viewer, { meetingId, offer, tracks }, socket) => media.publish(viewer, socket.data.clientId, meetingId, offer, tracks));
  onCommand(context, commands, 'meeting:subscribed', (viewer, { meetingId, version, answer }, socket) => media.answer(viewer, socket.data.clientId, meetingId, version, answer));
  onCommand(context, commands, 'meeting:candidate', (viewer, { meetingId, connection, candidate }, socket) => media.candidate(viewer, socket.data.clientId, meetingId, connection, candidate));
  onCommand(context, commands, 'meeting:media-state', (viewer, { meetingId, ...state }, socket) => meetings.setMedia(viewer, socket.data.clientId, meetingId, state));
  onCommand(context, commands, 'meeting:resume', (viewer, { meetingId }, socket) => meetings.resume(viewer, socket.data.clientId, meetingId));
  onCommand(context, commands, 'meeting:restart-ice', (viewer, { meetingId }, socket) => media.restartIce(viewer, socket.data.clientId, meetingId));
  onCommand(context, commands, 'meeting:mesh-signal', (viewer, { meetingId, to, ...signal }, socket) => media.meshSignal(viewer, socket.data.clientId, meetingId, to, signal));
  // Signed out: the client leaves its meeting; lost: it keeps its place a while (../meetings/meetingService.ts).
  commands.onDisconnect('leaving meetings on disconnect', (socket, reason) => meetings.clientGone(socket.data.userId, socket.data.clientId, reason));
}
