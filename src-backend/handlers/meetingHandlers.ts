/**
 * Meetings (SPEC 1 rule 10): a meeting belongs to a chat or channel, and only the people who may
 * see that conversation may see, join or schedule its meetings. Participants are shown to each
 * viewer as they may see them (UNKNOWN USER otherwise).
 */
import { fail, ok } from '../../src-shared/protocol/ack';
import { MEETING_JOIN_EARLY_MINUTES, type MeetingView } from '../../src-shared/protocol/meetingProtocol';
import { clockOf } from '../calls/clock';
import { rooms, type MeridianSocket, type ServerContext } from '../context';
import type { Viewer } from '../directory/directory';
import { directConversationId } from '../domain/conversationIds';
import { MeetingStore, type MeetingRecord } from '../meetings/meetingStore';
import { conversationFor, postNotice } from './conversationHandlers';
import { onCommand } from './command';

const stores = new WeakMap<ServerContext, MeetingStore>();

/** The meetings of one server, made on first use. */
export function meetingStoreOf(context: ServerContext): MeetingStore {
  let store = stores.get(context);
  if (!store) stores.set(context, (store = new MeetingStore(context.db)));
  return store;
}

const minute = 60_000;
const notAvailable = () => fail<never>('not_found', 'This meeting is not available to you.');

function stateOf(store: MeetingStore, meeting: MeetingRecord, now: number): MeetingView['state'] {
  if (meeting.endedAt) return 'ended';
  if (store.participantIds(meeting.id).length > 0) return 'ongoing';
  // An instant meeting nobody is in (the server restarted meanwhile) is over; a scheduled one is over once its time has passed.
  if (meeting.kind === 'instant' || now >= Date.parse(meeting.startsAt) + meeting.durationMinutes * minute) return 'ended';
  return 'scheduled';
}

function joinableAt(store: MeetingStore, meeting: MeetingRecord, now: number): boolean {
  const state = stateOf(store, meeting, now);
  return state === 'ongoing' || (state === 'scheduled' && now >= Date.parse(meeting.startsAt) - MEETING_JOIN_EARLY_MINUTES * minute);
}

/** A meeting as one viewer sees it, or null when they may not see its conversation. */
export function meetingFor(context: ServerContext, viewer: Viewer, meeting: MeetingRecord): MeetingView | null {
  const conversation = conversationFor(context, viewer, context.conversations.get(meeting.conversationId));
  if (!conversation) return null;
  const store = meetingStoreOf(context);
  const now = clockOf(context).now();
  return {
    id: meeting.id,
    conversationId: meeting.conversationId,
    conversationKind: conversation.kind,
    conversationTitle: conversation.title,
    // An instant meeting is named by its conversation as this viewer sees it (its people may be UNKNOWN USER to others).
    title: meeting.kind === 'instant' ? (conversation.kind === 'direct' ? `Meeting with ${conversation.title}` : `Meeting in #${conversation.title}`) : meeting.title,
    kind: meeting.kind,
    startsAt: meeting.startsAt,
    durationMinutes: meeting.durationMinutes,
    state: stateOf(store, meeting, now),
    joinable: joinableAt(store, meeting, now),
    participants: store.participantIds(meeting.id).map((userId) => context.directory.ref(viewer, userId, meeting.conversationId)),
    joined: store.isIn(meeting.id, viewer.id),
    startedBy: context.directory.ref(viewer, meeting.createdBy, meeting.conversationId),
  };
}

/** Tells every member who may see the conversation, each in their own view. */
function announce(context: ServerContext, meeting: MeetingRecord): void {
  for (const memberId of context.conversations.members(meeting.conversationId)) {
    const member = context.directory.user(memberId);
    const view = member ? meetingFor(context, member, meeting) : null;
    if (member && view) context.io.to(rooms.user(member.id)).emit('meeting:updated', { meeting: view });
  }
}

export function registerMeetingHandlers(context: ServerContext, socket: MeridianSocket): void {
  const { conversations, directory } = context;
  const store = meetingStoreOf(context);
  const now = () => clockOf(context).now();

  /** Takes this client out of a meeting; the last one out ends it. */
  const leave = (meeting: MeetingRecord, userId: string, socketId?: string) => {
    if (store.leave(meeting.id, userId, socketId)) store.markEnded(meeting.id, new Date(now()).toISOString());
    announce(context, store.get(meeting.id)!);
  };

  const join = (viewer: Viewer, meeting: MeetingRecord) => {
    // One meeting at a time per client: joining another leaves the current one.
    for (const otherId of store.meetingsOfClient(socket.id)) {
      const other = store.get(otherId);
      if (other && otherId !== meeting.id) leave(other, viewer.id, socket.id);
    }
    store.join(meeting.id, viewer.id, socket.id);
    store.markStarted(meeting.id, new Date(now()).toISOString());
    announce(context, meeting);
    return meetingFor(context, viewer, store.get(meeting.id)!)!;
  };

  onCommand(context, socket, 'meeting:start', (viewer, payload) => {
    let conversationId: string;
    if ('userId' in payload) {
      const peer = directory.user(payload.userId);
      if (!peer || !directory.sees(viewer, peer)) return fail('not_found', 'This person is not in your directory.');
      if (peer.id === viewer.id) return fail('bad_request', 'A meeting needs another person.');
      conversationId = directConversationId(viewer.id, peer.id);
      conversations.ensureDirect(conversationId, viewer.id, peer.id);
    } else {
      conversationId = payload.conversationId;
    }
    const conversation = conversationFor(context, viewer, conversations.get(conversationId));
    if (!conversation) return fail('not_found', 'This conversation is not available to you.');

    // A conversation has one meeting under way at a time: Meet now joins it.
    const ongoing = store.openIn([conversationId]).find((meeting) => stateOf(store, meeting, now()) === 'ongoing');
    if (ongoing) return ok(join(viewer, ongoing));

    const at = new Date(now()).toISOString();
    // The stored title stays empty: each viewer's view names it (see meetingFor).
    const meeting = store.create({ conversationId, kind: 'instant', title: '', createdBy: viewer.id, startsAt: at, durationMinutes: 60, createdAt: at });
    const view = join(viewer, meeting);
    if (conversation.kind === 'direct') {
      for (const memberId of conversations.members(conversationId)) {
        const member = memberId === viewer.id ? undefined : directory.user(memberId);
        const invitation = member ? meetingFor(context, member, store.get(meeting.id)!) : null;
        if (member && invitation) context.io.to(rooms.user(member.id)).emit('meeting:invited', { meeting: invitation, invitedBy: directory.ref(member, viewer.id, conversationId) });
      }
    }
    return ok(view);
  });

  onCommand(context, socket, 'meeting:join', (viewer, { meetingId }) => {
    const meeting = store.get(meetingId);
    const view = meeting ? meetingFor(context, viewer, meeting) : null;
    if (!meeting || !view) return notAvailable();
    if (view.state === 'ended') return fail('conflict', 'This meeting has ended.');
    if (!view.joinable) return fail('conflict', `This meeting opens ${MEETING_JOIN_EARLY_MINUTES} minutes before it starts.`);
    return ok(join(viewer, meeting));
  });

  onCommand(context, socket, 'meeting:leave', (viewer, { meetingId }) => {
    const meeting = store.get(meetingId);
    if (!meeting || !meetingFor(context, viewer, meeting)) return notAvailable();
    if (store.isIn(meetingId, viewer.id)) leave(meeting, viewer.id);
    return ok(meetingFor(context, viewer, store.get(meetingId)!)!);
  });

  onCommand(context, socket, 'meeting:schedule', (viewer, { conversationId, title, startsAt, durationMinutes }) => {
    const conversation = conversationFor(context, viewer, conversations.get(conversationId));
    if (!conversation) return fail('not_found', 'This conversation is not available to you.');
    if (conversation.kind !== 'channel') return fail('bad_request', 'Meetings are scheduled in channels; use Meet now in a chat.');
    const start = Date.parse(startsAt);
    if (start + durationMinutes * minute <= now()) return fail('bad_request', 'Choose a time that has not passed yet.');
    const at = new Date(now()).toISOString();
    const meeting = store.create({ conversationId, kind: 'scheduled', title, createdBy: viewer.id, startsAt: new Date(start).toISOString(), durationMinutes, createdAt: at });
    // The channel hears of it as a notice from the organizer, so it shows where members talk; each client
    // says the time in its own zone.
    postNotice(context, conversationId, viewer.id, { kind: 'meeting-scheduled', meetingId: meeting.id, title, startsAt: meeting.startsAt, durationMinutes });
    announce(context, meeting);
    return ok(meetingFor(context, viewer, meeting)!);
  });

  onCommand(context, socket, 'meeting:list', (viewer, { conversationId }) => {
    // A named conversation the viewer may not see is refused like everywhere else, not listed empty.
    if (conversationId !== undefined && !conversationFor(context, viewer, conversations.get(conversationId))) {
      return fail('not_found', 'This conversation is not available to you.');
    }
    const visible = conversations
      .listFor(viewer.id)
      .filter((conversation) => (conversationId === undefined || conversation.id === conversationId) && conversationFor(context, viewer, conversation))
      .map((conversation) => conversation.id);
    const list = store
      .openIn(visible)
      .map((meeting) => meetingFor(context, viewer, meeting))
      .filter((meeting): meeting is MeetingView => meeting !== null && meeting.state !== 'ended');
    return ok(list);
  });

  socket.on('disconnect', () => {
    for (const meetingId of store.meetingsOfClient(socket.id)) {
      const meeting = store.get(meetingId);
      if (meeting) leave(meeting, socket.data.userId, socket.id);
    }
  });
}
