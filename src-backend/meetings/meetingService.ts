/**
 * Meetings (SPEC 1 rule 10): a meeting belongs to a chat or channel, and only the people who may
 * read that conversation may see, join or schedule its meetings. Participants are shown to each
 * viewer as they may see them (UNKNOWN USER otherwise).
 *
 * Who is in a meeting lives here, in memory: a participant is a person with at least one client
 * in it. Members hear of a meeting only when what they would see changes (its participants, its
 * state), so a person joining from 600 clients is one announcement, not 600 × every socket; and
 * each announcement is built once per viewing account and sent once per group of identical views.
 */
import { fail, ok, type Ack } from '../../src-shared/protocol/ack';
import { MEETING_JOIN_EARLY_MINUTES, type MeetingMediaMode, type MeetingView, type ParticipantMedia } from '../../src-shared/protocol/meetingProtocol';
import type { Page } from '../../src-shared/protocol/model';
import { rooms, type MeridianIo } from '../context';
import type { AccessService } from '../domain/access';
import { isoNow, type Clock, type TimerHandle } from '../domain/clock';
import { directConversationId } from '../domain/conversationIds';
import type { ConversationViews } from '../domain/conversationViews';
import type { Directory, Viewer } from '../directory/directory';
import type { Conversations } from '../store/conversations';
import { maxMeetingMinutes, type MeetingRecord, type MembershipRecord, type NoticeRecord } from '../store/records';
import type { MeetingRepository } from '../store/repositories';
import { decodeCursor, encodeCursor } from '../store/cursor';

const minute = 60_000;
const notAvailable = () => fail<never>('not_found', 'This meeting is not available to you.');
const conversationNotAvailable = () => fail<never>('not_found', 'This conversation is not available to you.');

/** What the media of meetings (./meetingMedia.ts) hears of who is in which meeting. */
export interface MeetingMediaHooks {
  /** How a meeting's media travel now (the media server may be missing, or lost; then it depends on who is in it). */
  mode(meetingId: string): MeetingMediaMode;
  /** A client is in a meeting now: it will receive the others' media. */
  clientJoined(meeting: { id: string; conversationId: string }, clientId: string, userId: string): void;
  /** A client left its meeting (or its grace after a lost connection ran out): its media stop. */
  clientLeft(clientId: string): void;
  /** A client's connection was lost: true when it had media, which are kept a while for it to resume. */
  suspend(clientId: string): boolean;
  /** Nobody is left in a meeting. */
  meetingEnded(meetingId: string): void;
}

/** How long a client whose connection was lost stays in its meeting, media flowing, before it is taken out. */
export const defaultMeetingResumeGraceMs = 20_000;

/** One person in a meeting: the clients they are in it from, and what they send. */
interface Participant {
  clients: Set<string>;
  media: ParticipantMedia;
}

/** What the meeting service needs of the rest of the server. */
export interface MeetingDependencies {
  io: MeridianIo;
  clock: Clock;
  directory: Directory;
  conversations: Conversations;
  access: AccessService;
  views: ConversationViews;
  /** Records a notice in a conversation and tells its members. */
  postNotice(conversationId: string, actorId: string, notice: NoticeRecord): Promise<void>;
}

export class MeetingService {
  /** meeting id → person id → the clients they are in it from (a replica of live connections: it ends with this process, as they do). */
  private readonly participants = new Map<string, Map<string, Participant>>();
  /** client (socket id) → the one meeting it is in. */
  private readonly meetingOfClient = new Map<string, string>();
  /** Clients whose connection was lost while their media flowed: taken out when the grace runs out. */
  private readonly graceTimers = new Map<string, TimerHandle>();
  private media: MeetingMediaHooks | null = null;
  private stopped = false;
  /** How long a lost client keeps its place (and media); `ServerOptions.meetingResumeGraceMs`. */
  resumeGraceMs = defaultMeetingResumeGraceMs;

  constructor(
    readonly store: MeetingRepository,
    private readonly dependencies: MeetingDependencies,
  ) {}

  /** Nobody is in a meeting when the server starts: instant meetings left open by a restart are over. */
  async start(): Promise<void> {
    await this.store.endInstantMeetings(isoNow(this.dependencies.clock));
  }

  // --- commands ---------------------------------------------------------------------------------

  /** Meet now: with one person (their 1:1 chat) or in a conversation; the viewer's client joins at once. */
  async meetNow(viewer: Viewer, clientId: string, target: { userId: string } | { conversationId: string }): Promise<Ack<MeetingView>> {
    const { directory, conversations, access, io } = this.dependencies;
    let conversationId: string;
    if ('userId' in target) {
      const peer = directory.user(target.userId);
      if (!peer || !directory.sees(viewer, peer)) return fail('not_found', 'This person is not in your directory.');
      if (peer.id === viewer.id) return fail('bad_request', 'A meeting needs another person.');
      conversationId = directConversationId(viewer.id, peer.id);
      await conversations.ensureDirect(conversationId, viewer.id, peer.id);
    } else {
      conversationId = target.conversationId;
    }
    const conversation = await access.readable(viewer, conversationId);
    if (!conversation) return conversationNotAvailable();

    // A conversation has one meeting under way at a time: Meet now joins it.
    const now = this.now();
    const ongoing = (await this.store.openIn(conversationId, notBefore(now))).find((meeting) => this.stateOf(meeting, now) === 'ongoing');
    if (ongoing) return ok(await this.join(viewer, clientId, ongoing, conversation));

    const at = isoNow(this.dependencies.clock);
    // The stored title stays empty: each viewer's view names it after the conversation as they see it.
    const meeting = await this.store.create({ conversationId, kind: 'instant', title: '', createdBy: viewer.id, startsAt: at, durationMinutes: 60, createdAt: at });
    const view = await this.join(viewer, clientId, meeting, conversation);
    // Meet now in a chat rings its other people: the other person of a 1:1 chat, everyone else in a group chat.
    const invitees = conversation.kind === 'direct' ? [conversation.peerId] : conversation.kind === 'group' ? await conversations.members(conversationId) : [];
    const stored = (await this.store.get(meeting.id))!;
    for (const inviteeId of invitees) {
      const invitee = inviteeId && inviteeId !== viewer.id ? directory.user(inviteeId) : undefined;
      const invitation = invitee ? await this.viewFor(invitee, stored) : null;
      if (invitee && invitation) io.to(rooms.user(invitee.id)).emit('meeting:invited', { meeting: invitation, invitedBy: await directory.ref(invitee, viewer.id, conversationId) });
    }
    return ok(view);
  }

  async joinById(viewer: Viewer, clientId: string, meetingId: string): Promise<Ack<MeetingView>> {
    const meeting = await this.store.get(meetingId);
    const conversation = meeting ? await this.dependencies.access.readable(viewer, meeting.conversationId) : null;
    if (!meeting || !conversation) return notAvailable();
    const now = this.now();
    const state = this.stateOf(meeting, now);
    if (state === 'ended') return fail('conflict', 'This meeting has ended.');
    if (!this.joinableAt(meeting, now)) return fail('conflict', `This meeting opens ${MEETING_JOIN_EARLY_MINUTES} minutes before it starts.`);
    return ok(await this.join(viewer, clientId, meeting, conversation));
  }

  /** Takes the viewer (every client of theirs) out of a meeting. */
  async leaveById(viewer: Viewer, meetingId: string): Promise<Ack<MeetingView>> {
    const meeting = await this.store.get(meetingId);
    const conversation = meeting ? await this.dependencies.access.readable(viewer, meeting.conversationId) : null;
    if (!meeting || !conversation) return notAvailable();
    if (this.isIn(meetingId, viewer.id)) await this.leave(meeting, viewer.id);
    return ok(await this.view(viewer, (await this.store.get(meetingId))!, conversation));
  }

  async schedule(viewer: Viewer, input: { conversationId: string; title: string; startsAt: string; durationMinutes: number }): Promise<Ack<MeetingView>> {
    const { access, postNotice } = this.dependencies;
    const conversation = await access.readable(viewer, input.conversationId);
    if (!conversation) return conversationNotAvailable();
    if (conversation.kind !== 'channel') return fail('bad_request', 'Meetings are scheduled in channels; use Meet now in a chat.');
    const start = Date.parse(input.startsAt);
    if (start + input.durationMinutes * minute <= this.now()) return fail('bad_request', 'Choose a time that has not passed yet.');
    const at = isoNow(this.dependencies.clock);
    const meeting = await this.store.create({
      conversationId: input.conversationId,
      kind: 'scheduled',
      title: input.title,
      createdBy: viewer.id,
      startsAt: new Date(start).toISOString(),
      durationMinutes: input.durationMinutes,
      createdAt: at,
    });
    // The channel hears of it as a notice from the organizer, so it shows where members talk; each
    // client says the time in its own zone.
    await postNotice(input.conversationId, viewer.id, { kind: 'meeting-scheduled', meetingId: meeting.id, title: input.title, startsAt: meeting.startsAt, durationMinutes: input.durationMinutes });
    await this.announce(meeting);
    return ok(await this.view(viewer, meeting, conversation));
  }

  /** A page of the upcoming and ongoing meetings of the viewer's conversations (or of one). */
  async list(viewer: Viewer, options: { conversationId?: string; cursor?: string; limit?: number }): Promise<Ack<Page<MeetingView>>> {
    const { access } = this.dependencies;
    // A named conversation the viewer may not see is refused like everywhere else, not listed empty.
    if (options.conversationId !== undefined && !(await access.canRead(viewer, options.conversationId))) return conversationNotAvailable();
    const now = this.now();
    const after = options.cursor === undefined ? ['', '', ''] : decodeCursor(options.cursor, 3);
    if (!after) return fail('bad_request', 'That page cursor is not valid: start again without one.');
    const limit = options.limit ?? 100;
    const rows = await this.store.page(viewer.id, { conversationId: options.conversationId ?? null, notBefore: notBefore(now), after: after as [string, string, string], limit: limit + 1 });
    const meetings = rows.slice(0, limit);
    const last = meetings.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor([last.startsAt, last.createdAt, last.id]) : null;
    // One access check per distinct conversation of the page, not per meeting.
    const readable = new Map<string, MembershipRecord | null>();
    const items: MeetingView[] = [];
    for (const meeting of meetings) {
      if (!readable.has(meeting.conversationId)) readable.set(meeting.conversationId, await access.readable(viewer, meeting.conversationId));
      const conversation = readable.get(meeting.conversationId);
      if (!conversation || this.stateOf(meeting, now) === 'ended') continue;
      items.push(await this.view(viewer, meeting, conversation));
    }
    return ok({ items, nextCursor });
  }

  /**
   * A client went away. Without media it leaves its meeting at once; with media it keeps its place
   * (and its media flowing through the media server) for `resumeGraceMs`, so a client whose
   * connection blinks resumes (`rebindClient`) instead of leaving and joining again.
   */
  async clientGone(clientId: string, userId: string): Promise<void> {
    // The server is closing: its database goes next, and nobody comes back to this process.
    if (this.stopped) return;
    const meetingId = this.meetingOfClient.get(clientId);
    const meeting = meetingId ? await this.store.get(meetingId) : undefined;
    if (!meeting) return;
    if (this.media?.suspend(clientId)) {
      this.graceTimers.set(
        clientId,
        this.dependencies.clock.after(this.resumeGraceMs, () => {
          this.graceTimers.delete(clientId);
          void (async () => {
            const current = await this.store.get(meeting.id);
            if (current && this.meetingOfClient.get(clientId) === meeting.id) await this.leave(current, userId, clientId);
          })().catch((error: unknown) => console.error('[meridian] taking a lost client out of its meeting failed:', error));
        }),
      );
      return;
    }
    await this.leave(meeting, userId, clientId);
  }

  /** A client that lost its connection is back on another socket: it takes the old one's place. */
  async rebindClient(oldClientId: string, newClientId: string, userId: string): Promise<boolean> {
    const meetingId = this.meetingOfClient.get(oldClientId);
    const clients = meetingId ? this.participants.get(meetingId)?.get(userId)?.clients : undefined;
    if (!meetingId || !clients?.has(oldClientId)) return false;
    this.graceTimers.get(oldClientId)?.cancel();
    this.graceTimers.delete(oldClientId);
    const current = this.meetingOfClient.get(newClientId);
    if (current && current !== meetingId) {
      const other = await this.store.get(current);
      if (other) await this.leave(other, userId, newClientId);
    }
    clients.delete(oldClientId);
    clients.add(newClientId);
    this.meetingOfClient.delete(oldClientId);
    this.meetingOfClient.set(newClientId, meetingId);
    return true;
  }

  /** The meeting a client is in, if any. */
  async meetingOf(clientId: string): Promise<MeetingRecord | undefined> {
    const meetingId = this.meetingOfClient.get(clientId);
    return meetingId ? this.store.get(meetingId) : undefined;
  }

  /** What a participant sends now, shown to everyone who may see the meeting. */
  async setMedia(viewer: Viewer, clientId: string, meetingId: string, media: ParticipantMedia): Promise<Ack<MeetingView>> {
    const meeting = await this.store.get(meetingId);
    const conversation = meeting ? await this.dependencies.access.readable(viewer, meeting.conversationId) : null;
    const participant = this.participants.get(meetingId)?.get(viewer.id);
    if (!meeting || !conversation || !participant?.clients.has(clientId)) return notAvailable();
    const changed = participant.media.muted !== media.muted || participant.media.camera !== media.camera || participant.media.screen !== media.screen;
    participant.media = { ...media };
    if (changed) await this.announce(meeting);
    return ok(await this.view(viewer, meeting, conversation));
  }

  /** The media of meetings, told of every client that joins or leaves. */
  useMedia(media: MeetingMediaHooks): void {
    this.media = media;
  }

  /** Cancels the grace timers (the server is closing). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.graceTimers.values()) timer.cancel();
    this.graceTimers.clear();
  }

  // --- views ------------------------------------------------------------------------------------

  /** A meeting as one viewer sees it, or null when they may not read its conversation. */
  async viewFor(viewer: Viewer, meeting: MeetingRecord): Promise<MeetingView | null> {
    const conversation = await this.dependencies.access.readable(viewer, meeting.conversationId);
    return conversation ? this.view(viewer, meeting, conversation) : null;
  }

  private async view(viewer: Viewer, meeting: MeetingRecord, conversation: MembershipRecord): Promise<MeetingView> {
    const conversationTitle = await this.dependencies.views.title(viewer, conversation);
    return {
      ...(await this.accountView(viewer, meeting, conversation.kind, this.now())),
      ...this.titles(meeting, conversation.kind, conversationTitle),
      ...this.joinedView(meeting.id, viewer.id),
    };
  }

  /** Whether the viewer is in it, and then how its media travel. */
  private joinedView(meetingId: string, userId: string): Pick<MeetingView, 'joined' | 'media'> {
    const joined = this.isIn(meetingId, userId);
    return { joined, media: joined ? (this.media?.mode(meetingId) ?? { transport: 'none', notice: 'Meetings carry no media here.' }) : null };
  }

  /** The meeting's and its conversation's titles as one viewer sees them: an instant meeting is named after its conversation. */
  private titles(meeting: MeetingRecord, kind: MeetingView['conversationKind'], conversationTitle: string): Pick<MeetingView, 'title' | 'conversationTitle'> {
    const title = meeting.kind === 'instant' ? (kind === 'channel' ? `Meeting in #${conversationTitle}` : `Meeting with ${conversationTitle}`) : meeting.title;
    return { title, conversationTitle };
  }

  /** What every viewer of one account sees alike (the participants and organizer as that account sees them). */
  private async accountView(viewer: Viewer, meeting: MeetingRecord, conversationKind: MeetingView['conversationKind'], now: number): Promise<Omit<MeetingView, 'title' | 'conversationTitle' | 'joined' | 'media'>> {
    const { directory } = this.dependencies;
    const present = [...(this.participants.get(meeting.id)?.entries() ?? [])];
    const [startedBy, ...people] = await directory.refs(viewer, [meeting.createdBy, ...present.map(([userId]) => userId)], meeting.conversationId);
    const participants = people.map((person, index) => ({ ...person, media: { ...present[index]![1].media } }));
    return {
      id: meeting.id,
      conversationId: meeting.conversationId,
      conversationKind,
      kind: meeting.kind,
      startsAt: meeting.startsAt,
      durationMinutes: meeting.durationMinutes,
      state: this.stateOf(meeting, now),
      joinable: this.joinableAt(meeting, now),
      participants,
      startedBy: startedBy!,
    };
  }

  /**
   * Tells every member who may read the conversation, each in their own view: built once per
   * viewing account, emitted once per group of members who see exactly the same.
   */
  private async announce(meeting: MeetingRecord): Promise<void> {
    const { io, directory, conversations, access } = this.dependencies;
    const now = this.now();
    const conversation = await conversations.get(meeting.conversationId);
    if (!conversation) return;
    const byAccount = new Map<string, Awaited<ReturnType<MeetingService['accountView']>>>();
    const groups = new Map<string, { view: MeetingView; rooms: string[] }>();
    for (const memberId of await conversations.members(meeting.conversationId)) {
      const member = directory.user(memberId);
      if (!member) continue;
      let title = conversation.name ?? conversation.id;
      if (conversation.kind !== 'channel') {
        // Only a chat's title differs per member (a group chat names the others), and only in a 1:1 chat may a member have lost access.
        const membership = await access.readable(member, conversation.id);
        if (!membership) continue;
        title = await this.dependencies.views.title(member, membership);
      }
      let base = byAccount.get(member.accountId);
      if (!base) byAccount.set(member.accountId, (base = await this.accountView(member, meeting, conversation.kind, now)));
      const joined = this.isIn(meeting.id, member.id);
      const key = `${member.accountId}\n${joined}\n${title}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { view: { ...base, ...this.titles(meeting, conversation.kind, title), ...this.joinedView(meeting.id, member.id) }, rooms: [] }));
      group.rooms.push(rooms.user(member.id));
    }
    for (const { view, rooms: targets } of groups.values()) io.to(targets).emit('meeting:updated', { meeting: view });
  }

  // --- who is in a meeting ----------------------------------------------------------------------

  /** Puts one client in a meeting (leaving the one it was in); members hear of it only when the participants change. */
  private async join(viewer: Viewer, clientId: string, meeting: MeetingRecord, conversation: MembershipRecord): Promise<MeetingView> {
    const current = this.meetingOfClient.get(clientId);
    if (current && current !== meeting.id) {
      const other = await this.store.get(current);
      if (other) await this.leave(other, viewer.id, clientId);
    }
    let people = this.participants.get(meeting.id);
    if (!people) this.participants.set(meeting.id, (people = new Map()));
    let participant = people.get(viewer.id);
    const newcomer = !participant;
    if (!participant) people.set(viewer.id, (participant = { clients: new Set(), media: { muted: false, camera: false, screen: false } }));
    const already = participant.clients.has(clientId);
    participant.clients.add(clientId);
    this.meetingOfClient.set(clientId, meeting.id);
    await this.store.markStarted(meeting.id, isoNow(this.dependencies.clock));
    const stored = (await this.store.get(meeting.id))!;
    if (newcomer) await this.announce(stored);
    if (!already) this.media?.clientJoined(stored, clientId, viewer.id);
    return this.view(viewer, stored, conversation);
  }

  /** Takes a person out (every client of theirs, or only one); the last one out ends the meeting. */
  private async leave(meeting: MeetingRecord, userId: string, clientId?: string): Promise<void> {
    const people = this.participants.get(meeting.id);
    const clients = people?.get(userId)?.clients;
    if (!people || !clients) return;
    for (const client of clientId ? [clientId] : [...clients]) {
      clients.delete(client);
      if (this.meetingOfClient.get(client) === meeting.id) this.meetingOfClient.delete(client);
      this.graceTimers.get(client)?.cancel();
      this.graceTimers.delete(client);
      this.media?.clientLeft(client);
    }
    if (clients.size > 0) return; // still there from another client: nobody else sees a change
    people.delete(userId);
    if (people.size === 0) {
      this.participants.delete(meeting.id);
      await this.store.markEnded(meeting.id, isoNow(this.dependencies.clock));
      this.media?.meetingEnded(meeting.id);
    }
    await this.announce((await this.store.get(meeting.id))!);
  }

  /** The clients in a meeting now, with whose they are. */
  clientsIn(meetingId: string): Array<{ clientId: string; userId: string }> {
    const clients: Array<{ clientId: string; userId: string }> = [];
    for (const [userId, participant] of this.participants.get(meetingId) ?? []) for (const clientId of participant.clients) clients.push({ clientId, userId });
    return clients;
  }

  private isIn(meetingId: string, userId: string): boolean {
    return this.participants.get(meetingId)?.has(userId) ?? false;
  }

  private stateOf(meeting: MeetingRecord, now: number): MeetingView['state'] {
    if (meeting.endedAt) return 'ended';
    if (this.participants.has(meeting.id)) return 'ongoing';
    // An instant meeting nobody is in is over; a scheduled one is over once its time has passed.
    if (meeting.kind === 'instant' || now >= Date.parse(meeting.startsAt) + meeting.durationMinutes * minute) return 'ended';
    return 'scheduled';
  }

  private joinableAt(meeting: MeetingRecord, now: number): boolean {
    const state = this.stateOf(meeting, now);
    return state === 'ongoing' || (state === 'scheduled' && now >= Date.parse(meeting.startsAt) - MEETING_JOIN_EARLY_MINUTES * minute);
  }

  private now(): number {
    return this.dependencies.clock.now();
  }
}

/** Meetings that started before this cannot be under way any more (the longest lasts `maxMeetingMinutes`). */
function notBefore(now: number): string {
  return new Date(now - maxMeetingMinutes * 60_000).toISOString();
}
