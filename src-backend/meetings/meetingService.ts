/**
 * Meetings (SPEC 1 rule 10): a meeting belongs to a chat or channel, and only the people who may
 * read that conversation may see, join or schedule its meetings. Participants are shown to each
 * viewer as they may see them (UNKNOWN USER otherwise).
 *
 * Who is in a meeting lives in the store (`meeting_participants`), one row per client: a
 * participant is a person with at least one client in it. So it decides the same whichever
 * backend process asks (SPEC 10), and a meeting outlives a restart of the backend: a client whose
 * connection is lost keeps its place for `resumeGraceMs` and carries on when it is back
 * (`meeting:resume`); a client that never comes back is taken out when that grace runs out.
 *
 * Members hear of a meeting only when what they would see changes (its participants, their
 * media, its state), so a person joining from 600 clients is one announcement, not 600 × every
 * socket; and each announcement is built once per viewing account and sent once per group of
 * identical views.
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
import { maxMeetingMinutes, type MeetingParticipantRecord, type MeetingRecord, type MembershipRecord, type NoticeRecord } from '../store/records';
import type { MeetingRepository } from '../store/repositories';
import { decodeCursor, encodeCursor } from '../store/cursor';

const minute = 60_000;
const notAvailable = () => fail<never>('not_found', 'This meeting is not available to you.');
const conversationNotAvailable = () => fail<never>('not_found', 'This conversation is not available to you.');
const sessionOver = () => fail<never>('not_found', 'You are no longer in this meeting: join it again.');

/** What the media of meetings (./meetingMedia.ts) hears of who is in which meeting. */
export interface MeetingMediaHooks {
  /** How a meeting with these people in it carries media here (the media server may be missing, or lost). */
  mode(userIds: readonly string[]): MeetingMediaMode;
  /** A client is in a meeting now: it will receive the others' media (nothing changes when it already does). */
  clientJoined(meeting: MeetingRecord, userId: string, clientId: string): void;
  /** A client left its meeting (or its grace after a lost connection ran out): its media stop. */
  clientLeft(userId: string, clientId: string): void;
  /** A client's connection was lost: what it sends and receives is kept a while, for it to resume. */
  suspend(userId: string, clientId: string): void;
  /** A client is back: true when its media went on meanwhile; false when they start over (this process had none of them, e.g. after a restart). */
  resume(meeting: MeetingRecord, userId: string, clientId: string): boolean;
  /** Nobody is left in a meeting. */
  meetingEnded(meetingId: string): void;
  /** Who sees whom changed: what each client was told of the streams it receives is told again, as it may know it now. */
  relabel(): Promise<void>;
}

/** How long a client whose connection was lost stays in its meeting, media flowing, before it is taken out. */
export const defaultMeetingResumeGraceMs = 20_000;

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
  /** Whether a client of a person has a socket connected now (to any process). */
  clientPresent(userId: string, clientId: string): Promise<boolean>;
}

/** A person in a meeting, as every viewer's view is built from: the clients' rows of the store, one person each. */
interface Person {
  userId: string;
  media: ParticipantMedia;
}

export class MeetingService {
  /** Grace timers of clients whose connection this process saw go (the store's `lost_at` is the record; the sweep catches the rest). */
  private readonly graceTimers = new Map<string, TimerHandle>();
  /** The sweep a starting backend books for the clients of its meetings that do not come back. */
  private startSweep: TimerHandle | null = null;
  private media: MeetingMediaHooks | null = null;
  private stopped = false;
  /** How long a lost client keeps its place (and media); `ServerOptions.meetingResumeGraceMs`. */
  resumeGraceMs = defaultMeetingResumeGraceMs;

  constructor(
    readonly store: MeetingRepository,
    private readonly dependencies: MeetingDependencies,
  ) {}

  /**
   * A backend starting: no client is connected to it yet, so every participant has the grace to
   * come back (a restart keeps its meetings); instant meetings nobody is in are over.
   */
  /**
   * At start: meetings' clients from before count as lost (each has the grace to return), and
   * instant meetings end — unless other processes of the same deployment are running (`alone`
   * false, SPEC 10), whose clients and meetings are in use and not this process's to end.
   */
  async start(alone = true): Promise<void> {
    const { clock } = this.dependencies;
    if (alone) {
      await this.store.markAllParticipantsLost(clock.now());
      await this.store.endInstantMeetings(isoNow(clock));
    }
    this.startSweep = clock.after(this.resumeGraceMs + 1_000, () => void this.sweepLost().catch((error: unknown) => console.error('[meridian] sweeping lost meeting clients failed:', error)));
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
    const open = await this.store.openIn(conversationId, notBefore(now));
    const present = await this.store.participantsOf(open.map((meeting) => meeting.id));
    const ongoing = open.find((meeting) => this.stateOf(meeting, now, present.has(meeting.id)) === 'ongoing');
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
    const people = await this.store.participants(meetingId);
    const state = this.stateOf(meeting, now, people.length > 0);
    if (state === 'ended') return fail('conflict', 'This meeting has ended.');
    if (!this.joinableAt(meeting, now, people.length > 0)) return fail('conflict', `This meeting opens ${MEETING_JOIN_EARLY_MINUTES} minutes before it starts.`);
    return ok(await this.join(viewer, clientId, meeting, conversation));
  }

  /** Takes the viewer (every client of theirs) out of a meeting. */
  async leaveById(viewer: Viewer, meetingId: string): Promise<Ack<MeetingView>> {
    const meeting = await this.store.get(meetingId);
    const conversation = meeting ? await this.dependencies.access.readable(viewer, meeting.conversationId) : null;
    if (!meeting || !conversation) return notAvailable();
    await this.leave(meeting, viewer.id);
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
    // Who is in them, in one read; one access check per distinct conversation of the page, not per meeting.
    const present = await this.store.participantsOf(meetings.map((meeting) => meeting.id));
    const readable = new Map<string, MembershipRecord | null>();
    const items: MeetingView[] = [];
    for (const meeting of meetings) {
      if (!readable.has(meeting.conversationId)) readable.set(meeting.conversationId, await access.readable(viewer, meeting.conversationId));
      const conversation = readable.get(meeting.conversationId);
      const clients = present.get(meeting.id) ?? [];
      if (!conversation || this.stateOf(meeting, now, clients.length > 0) === 'ended') continue;
      items.push(await this.view(viewer, meeting, conversation, clients));
    }
    return ok({ items, nextCursor });
  }

  /**
   * A client's socket went away. Signed out (or ended by the server): it leaves its meeting now.
   * Lost: it keeps its place, and its media flowing through the media server, for `resumeGraceMs`,
   * so a client whose connection blinks carries on (`resume`) instead of leaving and joining again.
   * The backend closing (a restart) changes nothing: the next one gives everyone that grace.
   */
  async clientGone(userId: string, clientId: string, reason: string): Promise<void> {
    if (this.stopped || reason === 'server shutting down') return;
    const participant = await this.store.participantOf(userId, clientId);
    if (!participant) return;
    const meeting = await this.store.get(participant.meetingId);
    if (!meeting) return;
    if (reason === 'client namespace disconnect' || reason === 'server namespace disconnect') return this.leave(meeting, userId, clientId);
    // A reconnection that overtook the old socket's going: nothing was lost.
    if (await this.dependencies.clientPresent(userId, clientId)) return;
    await this.store.markParticipantLost(userId, clientId, this.now());
    this.media?.suspend(userId, clientId);
    const key = clientKey(userId, clientId);
    this.graceTimers.get(key)?.cancel();
    this.graceTimers.set(
      key,
      this.dependencies.clock.after(this.resumeGraceMs, () => {
        this.graceTimers.delete(key);
        void this.expire(userId, clientId).catch((error: unknown) => console.error('[meridian] taking a lost client out of its meeting failed:', error));
      }),
    );
  }

  /**
   * `meeting:resume`: a client back after a lost connection (or a restart of the backend) takes up
   * its place. `renewed` says its media start over (this process did not carry them on).
   */
  async resume(viewer: Viewer, clientId: string, meetingId: string): Promise<Ack<{ meeting: MeetingView; renewed: boolean }>> {
    const participant = await this.store.participantOf(viewer.id, clientId);
    if (!participant || participant.meetingId !== meetingId) return sessionOver();
    const meeting = await this.store.get(meetingId);
    const conversation = meeting ? await this.dependencies.access.readable(viewer, meeting.conversationId) : null;
    if (!meeting || !conversation || meeting.endedAt) return notAvailable();
    await this.store.markParticipantLost(viewer.id, clientId, null);
    this.graceTimers.get(clientKey(viewer.id, clientId))?.cancel();
    this.graceTimers.delete(clientKey(viewer.id, clientId));
    const kept = this.media?.resume(meeting, viewer.id, clientId) ?? false;
    return ok({ meeting: await this.view(viewer, meeting, conversation), renewed: !kept });
  }

  /** A lost client whose grace ran out: taken out, unless it came back (to this process or another). */
  private async expire(userId: string, clientId: string): Promise<void> {
    if (this.stopped) return;
    const participant = await this.store.participantOf(userId, clientId);
    if (!participant || participant.lostAt === null) return;
    if (await this.dependencies.clientPresent(userId, clientId)) {
      // Connected again but not resumed yet: its own `meeting:resume` decides.
      if (this.now() - participant.lostAt < this.resumeGraceMs * 3) return;
    }
    const meeting = await this.store.get(participant.meetingId);
    if (meeting) await this.leave(meeting, userId, clientId);
  }

  /** Takes out every client whose grace ran out (timers of a process that stopped included): run at start-up and with the server's sweeps. */
  async sweepLost(): Promise<void> {
    for (const participant of await this.store.participantsLostBefore(this.now() - this.resumeGraceMs, 500)) await this.expire(participant.userId, participant.clientId);
  }

  /** What a client sends now, shown to everyone who may see the meeting when the person's state changes. */
  async setMedia(viewer: Viewer, clientId: string, meetingId: string, media: ParticipantMedia): Promise<Ack<MeetingView>> {
    const meeting = await this.store.get(meetingId);
    const conversation = meeting ? await this.dependencies.access.readable(viewer, meeting.conversationId) : null;
    if (!meeting || !conversation) return notAvailable();
    const before = personMedia(await this.store.participants(meetingId), viewer.id);
    if (!(await this.store.setParticipantMedia(meetingId, viewer.id, clientId, media))) return notAvailable();
    const clients = await this.store.participants(meetingId);
    const after = personMedia(clients, viewer.id);
    if (JSON.stringify(before) !== JSON.stringify(after)) await this.announce(meeting, clients);
    return ok(await this.view(viewer, meeting, conversation, clients));
  }

  /**
   * Who sees whom changed (a federation change): people who may no longer read a meeting's
   * conversation are taken out, every meeting under way is told again as each member sees it now
   * (UNKNOWN USER where they no longer see someone), and so is what each client receives.
   */
  async visibilityChanged(): Promise<void> {
    const { directory, access } = this.dependencies;
    for (const meeting of await this.store.ongoing()) {
      const clients = await this.store.participants(meeting.id);
      for (const userId of new Set(clients.map((client) => client.userId))) {
        const person = directory.user(userId);
        if (!person || !(await access.canRead(person, meeting.conversationId))) await this.leave(meeting, userId);
      }
      const current = await this.store.get(meeting.id);
      if (current && !current.endedAt) await this.announce(current);
    }
    await this.media?.relabel();
  }

  /** The media of meetings, told of every client that joins or leaves. */
  useMedia(media: MeetingMediaHooks): void {
    this.media = media;
  }

  /** Cancels the grace timers (the server is closing: the participants stay stored for the next one). */
  stop(): void {
    this.stopped = true;
    this.startSweep?.cancel();
    for (const timer of this.graceTimers.values()) timer.cancel();
    this.graceTimers.clear();
  }

  // --- views ------------------------------------------------------------------------------------

  /** A meeting as one viewer sees it, or null when they may not read its conversation. */
  async viewFor(viewer: Viewer, meeting: MeetingRecord): Promise<MeetingView | null> {
    const conversation = await this.dependencies.access.readable(viewer, meeting.conversationId);
    return conversation ? this.view(viewer, meeting, conversation) : null;
  }

  private async view(viewer: Viewer, meeting: MeetingRecord, conversation: MembershipRecord, clients?: MeetingParticipantRecord[]): Promise<MeetingView> {
    const present = clients ?? (await this.store.participants(meeting.id));
    const conversationTitle = await this.dependencies.views.title(viewer, conversation);
    return {
      ...(await this.accountView(viewer, meeting, conversation.kind, this.now(), present)),
      ...this.titles(meeting, conversation.kind, conversationTitle),
      ...this.joinedView(present, viewer.id),
    };
  }

  /** Whether the viewer is in it, and then how its media travel. */
  private joinedView(clients: MeetingParticipantRecord[], userId: string): Pick<MeetingView, 'joined' | 'media'> {
    const joined = clients.some((client) => client.userId === userId);
    const people = [...new Set(clients.map((client) => client.userId))];
    return { joined, media: joined ? (this.media?.mode(people) ?? { transport: 'none', notice: 'Meetings carry no media here.' }) : null };
  }

  /** The meeting's and its conversation's titles as one viewer sees them: an instant meeting is named after its conversation. */
  private titles(meeting: MeetingRecord, kind: MeetingView['conversationKind'], conversationTitle: string): Pick<MeetingView, 'title' | 'conversationTitle'> {
    const title = meeting.kind === 'instant' ? (kind === 'channel' ? `Meeting in #${conversationTitle}` : `Meeting with ${conversationTitle}`) : meeting.title;
    return { title, conversationTitle };
  }

  /** What every viewer of one account sees alike (the participants and organizer as that account sees them). */
  private async accountView(
    viewer: Viewer,
    meeting: MeetingRecord,
    conversationKind: MeetingView['conversationKind'],
    now: number,
    clients: MeetingParticipantRecord[],
  ): Promise<Omit<MeetingView, 'title' | 'conversationTitle' | 'joined' | 'media'>> {
    const { directory } = this.dependencies;
    const people = peopleOf(clients);
    const [startedBy, ...refs] = await directory.refs(viewer, [meeting.createdBy, ...people.map((person) => person.userId)], meeting.conversationId);
    return {
      id: meeting.id,
      conversationId: meeting.conversationId,
      conversationKind,
      kind: meeting.kind,
      startsAt: meeting.startsAt,
      durationMinutes: meeting.durationMinutes,
      state: this.stateOf(meeting, now, clients.length > 0),
      joinable: this.joinableAt(meeting, now, clients.length > 0),
      participants: refs.map((ref, index) => ({ ...ref, media: people[index]!.media })),
      startedBy: startedBy!,
    };
  }

  /**
   * Tells every member who may read the conversation, each in their own view: built once per
   * viewing account, emitted once per group of members who see exactly the same.
   */
  private async announce(meeting: MeetingRecord, clients?: MeetingParticipantRecord[]): Promise<void> {
    const { io, directory, conversations, access } = this.dependencies;
    const now = this.now();
    const conversation = await conversations.get(meeting.conversationId);
    if (!conversation) return;
    const present = clients ?? (await this.store.participants(meeting.id));
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
      if (!base) byAccount.set(member.accountId, (base = await this.accountView(member, meeting, conversation.kind, now, present)));
      const joined = present.some((client) => client.userId === member.id);
      const key = `${member.accountId}\n${joined}\n${title}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { view: { ...base, ...this.titles(meeting, conversation.kind, title), ...this.joinedView(present, member.id) }, rooms: [] }));
      group.rooms.push(rooms.user(member.id));
    }
    for (const { view, rooms: targets } of groups.values()) io.to(targets).emit('meeting:updated', { meeting: view });
  }

  // --- who is in a meeting ----------------------------------------------------------------------

  /** Puts one client in a meeting (leaving the one it was in); members hear of it only when the participants change. */
  private async join(viewer: Viewer, clientId: string, meeting: MeetingRecord, conversation: MembershipRecord): Promise<MeetingView> {
    const before = await this.store.participants(meeting.id);
    const newcomer = !before.some((client) => client.userId === viewer.id);
    const { leftMeetingId } = await this.store.addParticipant({ meetingId: meeting.id, userId: viewer.id, clientId, at: isoNow(this.dependencies.clock) });
    this.graceTimers.get(clientKey(viewer.id, clientId))?.cancel();
    this.graceTimers.delete(clientKey(viewer.id, clientId));
    if (leftMeetingId) await this.afterLeaving(leftMeetingId, viewer.id, [clientId]);
    await this.store.markStarted(meeting.id, isoNow(this.dependencies.clock));
    const stored = (await this.store.get(meeting.id))!;
    const clients = await this.store.participants(meeting.id);
    if (newcomer) await this.announce(stored, clients);
    this.media?.clientJoined(stored, viewer.id, clientId);
    return this.view(viewer, stored, conversation, clients);
  }

  /** Takes a person out (every client of theirs, or only one); the last one out ends the meeting. */
  private async leave(meeting: MeetingRecord, userId: string, clientId?: string): Promise<void> {
    const removed = await this.store.removeParticipant(meeting.id, userId, clientId);
    if (removed.length > 0) await this.afterLeaving(meeting.id, userId, removed);
  }

  /** After clients of a person left a meeting: their media stop; the others hear of it when the person is gone; nobody left ends it. */
  private async afterLeaving(meetingId: string, userId: string, clientIds: string[]): Promise<void> {
    for (const clientId of clientIds) {
      this.graceTimers.get(clientKey(userId, clientId))?.cancel();
      this.graceTimers.delete(clientKey(userId, clientId));
      this.media?.clientLeft(userId, clientId);
    }
    const clients = await this.store.participants(meetingId);
    if (clients.some((client) => client.userId === userId)) return; // still there from another client: nobody else sees a change
    if (clients.length === 0) {
      await this.store.markEnded(meetingId, isoNow(this.dependencies.clock));
      this.media?.meetingEnded(meetingId);
    }
    const meeting = await this.store.get(meetingId);
    if (meeting) await this.announce(meeting, clients);
  }

  private stateOf(meeting: MeetingRecord, now: number, anyoneIn: boolean): MeetingView['state'] {
    if (meeting.endedAt) return 'ended';
    if (anyoneIn) return 'ongoing';
    // An instant meeting nobody is in is over; a scheduled one is over once its time has passed.
    if (meeting.kind === 'instant' || now >= Date.parse(meeting.startsAt) + meeting.durationMinutes * minute) return 'ended';
    return 'scheduled';
  }

  private joinableAt(meeting: MeetingRecord, now: number, anyoneIn: boolean): boolean {
    const state = this.stateOf(meeting, now, anyoneIn);
    return state === 'ongoing' || (state === 'scheduled' && now >= Date.parse(meeting.startsAt) - MEETING_JOIN_EARLY_MINUTES * minute);
  }

  private now(): number {
    return this.dependencies.clock.now();
  }
}

const clientKey = (userId: string, clientId: string) => `${userId}\n${clientId}`;

/**
 * One person per participant, in the order they joined, with what they send across their
 * clients: heard unless every client is muted; camera and screen when any client sends them.
 */
function peopleOf(clients: readonly MeetingParticipantRecord[]): Person[] {
  const people = new Map<string, Person>();
  for (const client of clients) {
    const person = people.get(client.userId);
    if (!person) people.set(client.userId, { userId: client.userId, media: { muted: client.muted, camera: client.camera, screen: client.screen } });
    else person.media = { muted: person.media.muted && client.muted, camera: person.media.camera || client.camera, screen: person.media.screen || client.screen };
  }
  return [...people.values()];
}

function personMedia(clients: readonly MeetingParticipantRecord[], userId: string): ParticipantMedia | null {
  return peopleOf(clients).find((person) => person.userId === userId)?.media ?? null;
}

/** Meetings that started before this cannot be under way any more (the longest lasts `maxMeetingMinutes`). */
function notBefore(now: number): string {
  return new Date(now - maxMeetingMinutes * 60_000).toISOString();
}
