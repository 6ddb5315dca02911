/**
 * Meetings' media (SPEC 3, "Media is real"): every participant's voice, video and screen through
 * the media server (Janus's VideoRoom), never directly between participants. The backend is
 * Janus's only client: it holds one sending handle (publisher) and one receiving handle
 * (multistream subscriber) per client, and relays descriptions and candidates between each
 * client and Janus. A client is told of what it receives only as its viewer may know it: the
 * participant as they see them (UNKNOWN USER otherwise) and a random feed reference of its own;
 * never Janus's ids, a room, a display name, another client's description or candidate.
 *
 * Where there is no media server, meetings of at most MEETING_MESH_LIMIT people who all see each
 * other carry voice directly between their clients (`mesh`): the backend relays their
 * descriptions and candidates between those clients only.
 *
 * Several processes (SPEC 10) share one Janus (`--janus-url`): a meeting's room there is in the
 * store (`claimMediaRoom`: whichever process comes first names it, the others join the same), and
 * so is each client's published feed with what its tracks carry (`setParticipantFeed`). A client
 * receives every feed of the meeting's other people that the store lists and Janus says is up
 * (`activeFeeds`: a feed of a process that died is gone from it), whichever process published it;
 * a change of feeds is told to the other processes (`feedsChangedElsewhere`), which resubscribe
 * their own clients.
 *
 * What lives here mirrors this process's handles on Janus (one sending and one receiving handle
 * per client connected here): it lives and ends with that session, and decides nothing about who
 * may take part or see whom — that is the store's participants (./meetingService.ts), `access`
 * and `directory`. A client is known by its person and its client id (which outlive a socket),
 * and is sent to through its client room.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { fail, ok, type Ack } from '../../src-shared/protocol/ack';
import { MEETING_MESH_LIMIT, type MeetingMediaMode, type ReceivedStream, type TrackSource } from '../../src-shared/protocol/meetingProtocol';
import type { PersonRef } from '../../src-shared/protocol/model';
import { rooms, type MeridianIo } from '../context';
import type { Clock } from '../domain/clock';
import type { AccessService } from '../domain/access';
import type { Directory, Viewer } from '../directory/directory';
import { handleEvents, type Jsep, type JanusRoom, type MediaGateway, type VideoRoomHandle, type SubscriptionStream } from '../media/janusGateway';
import { clientSafeSdp, mediaSections } from '../media/sdp';
import type { MeetingRecord } from '../store/records';
import type { MeetingMediaHooks, MeetingService } from './meetingService';

/** How long the backend waits for a client's answer to what it receives before it moves on. */
const answerTimeoutMs = 15_000;
/** Candidates a client may send before its first description reaches the media server. */
const maxEarlyCandidates = 64;
/** Most people who send media in one meeting through the media server. */
export const maxMeetingPublishers = 24;

type Candidate = { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null;

type Tracks = Map<string, { kind: 'audio' | 'video'; source: TrackSource }>;

interface Publisher {
  handle: VideoRoomHandle;
  feed: number;
  /** What each sending mid carries, as the client declared it. */
  tracks: Tracks;
}

/** A feed someone publishes in a meeting (through any process), as the store lists it. */
interface Feed {
  userId: string;
  tracks: Tracks;
}

/** What a feed's tracks carry, as stored (`[[mid, { kind, source }], …]`). */
const storedTracks = z
  .array(z.tuple([z.string().min(1).max(64), z.object({ kind: z.enum(['audio', 'video']), source: z.enum(['microphone', 'camera', 'screen']) })]))
  .max(16);

interface Subscriber {
  handle: VideoRoomHandle;
  /** Names this receiving connection to the client (random): a new one means a new connection. */
  reference: string;
  /** `feed mid` of every stream subscribed now → its mid in the client's receiving connection. */
  current: Map<string, string>;
  /** Whose each received mid is (person and feed), to tell the client again when who sees whom changes. */
  owners: Map<string, { userId: string; feed: number; kind: 'audio' | 'video'; source: TrackSource }>;
  /** What the client was last told of the streams it receives. */
  streams: ReceivedStream[];
  /** The latest offer sent to the client, until it answers. */
  pending: { version: number; offer: Jsep; streams: ReceivedStream[]; answered: (answer: Jsep) => void } | null;
}

/** One client in one meeting: a person's client, by the client id that outlives its sockets. */
interface MediaClient {
  userId: string;
  clientId: string;
  meetingId: string;
  conversationId: string;
  publisher: Publisher | null;
  subscriber: Subscriber | null;
  version: number;
  /** Media-server work of this client, one step at a time: what it sends, and (apart) what it receives. */
  queues: { publish: Promise<void>; subscribe: Promise<void> };
  /** Candidates that came before the handle they are for. */
  early: { publish: Candidate[]; subscribe: Candidate[] };
  /** The feed reference this client is given for each feed it receives, as whom it is shown (random, this client's only). */
  feedReferences: Map<string, string>;
  suspended: boolean;
  left: boolean;
}

interface MediaRoom {
  meetingId: string;
  room: Promise<JanusRoom> | null;
  clients: Set<MediaClient>;
}

export interface MeetingMediaDependencies {
  io: MeridianIo;
  clock: Clock;
  directory: Directory;
  access: AccessService;
  meetings: MeetingService;
  /** The media server, or null where there is none (or it was lost). */
  gateway: MediaGateway | null;
  /** Why there is no media server, for the one line a meeting shows. */
  unavailable: string | null;
  /** Tells the other processes that what a meeting publishes changed (none when this process is alone). */
  feedsChangedElsewhere?: (meetingId: string) => Promise<void>;
}

const notInMeeting = () => fail<never>('not_found', 'You are not in this meeting.');

const keyOf = (userId: string, clientId: string) => `${userId}\n${clientId}`;

export class MeetingMediaService implements MeetingMediaHooks {
  /** By `keyOf(person, client id)`. */
  private readonly clients = new Map<string, MediaClient>();
  private readonly rooms = new Map<string, MediaRoom>();
  private gateway: MediaGateway | null;
  private unavailable: string | null;
  /** The server is closing: its clients' handles go, their feeds stay stored for the process they reconnect to to replace. */
  private closing = false;

  constructor(private readonly dependencies: MeetingMediaDependencies) {
    this.gateway = dependencies.gateway;
    this.unavailable = dependencies.unavailable;
    this.gateway?.onClosed(() => {
      this.gateway = null;
      this.unavailable = 'the media server stopped';
      this.rooms.clear();
      for (const client of this.clients.values()) {
        client.publisher = null;
        client.subscriber = null;
      }
    });
  }

  // --- hooks from the meeting service ---------------------------------------------------------

  mode(userIds?: readonly string[]): MeetingMediaMode {
    if (this.gateway) return { transport: 'sfu', notice: null };
    const why = `No media server here (${this.unavailable ?? 'none'})`;
    if (userIds !== undefined && !this.meshAllowed(userIds)) {
      return { transport: 'none', notice: `${why}: without it a meeting carries voice only for up to ${MEETING_MESH_LIMIT} people who all see each other, and this one has more, or people who do not.` };
    }
    return { transport: 'mesh', notice: `${why}: voice only, directly between up to ${MEETING_MESH_LIMIT} people who all see each other.` };
  }

  /** Without a media server: at most MEETING_MESH_LIMIT people, every one of whom sees every other (nobody's address reaches someone who does not see them). */
  private meshAllowed(userIds: readonly string[]): boolean {
    const { directory } = this.dependencies;
    const people = [...new Set(userIds)].map((userId) => directory.user(userId));
    if (people.length > MEETING_MESH_LIMIT) return false;
    return people.every((a, index) => a !== undefined && people.slice(index + 1).every((b) => b !== undefined && directory.sees(a, b) && directory.sees(b, a)));
  }

  clientJoined(meeting: MeetingRecord, userId: string, clientId: string): void {
    const known = this.clients.get(keyOf(userId, clientId));
    if (known?.meetingId === meeting.id) return;
    if (known) this.clientLeft(userId, clientId);
    const client: MediaClient = {
      userId,
      clientId,
      meetingId: meeting.id,
      conversationId: meeting.conversationId,
      publisher: null,
      subscriber: null,
      version: 0,
      queues: { publish: Promise.resolve(), subscribe: Promise.resolve() },
      early: { publish: [], subscribe: [] },
      feedReferences: new Map(),
      suspended: false,
      left: false,
    };
    this.clients.set(keyOf(userId, clientId), client);
    this.roomOf(meeting.id).clients.add(client);
    // A feed it published through a process before (a restart) is gone with that process's handles.
    void this.store.setParticipantFeed(meeting.id, userId, clientId, null).catch((error: unknown) => console.error('[meridian] clearing a meeting feed failed:', error));
    // It receives what the others already send, whether or not it sends anything itself.
    this.resubscribe(client);
  }

  clientLeft(userId: string, clientId: string): void {
    const client = this.clients.get(keyOf(userId, clientId));
    if (!client) return;
    this.clients.delete(keyOf(userId, clientId));
    client.left = true;
    client.subscriber?.pending?.answered({ type: 'answer', sdp: '' });
    const room = this.rooms.get(client.meetingId);
    room?.clients.delete(client);
    const { publisher, subscriber } = client;
    client.publisher = null;
    client.subscriber = null;
    void detach(publisher?.handle);
    void detach(subscriber?.handle);
    // The others stop receiving what it sent (its participant row, and feed, are gone from the store already or go now).
    if (publisher && !this.closing) {
      void this.store
        .setParticipantFeed(client.meetingId, userId, clientId, null)
        .catch((error: unknown) => console.error('[meridian] clearing a meeting feed failed:', error))
        .then(() => this.othersReceive(client));
    }
  }

  /** Brings every other client's subscription in line with what this one sends now: here, and on every other process. */
  private othersReceive(client: MediaClient): void {
    this.feedsChanged(client.meetingId, client);
    void this.dependencies.feedsChangedElsewhere?.(client.meetingId);
  }

  /** What a meeting publishes changed (here or on another process): this process's clients in it resubscribe. */
  feedsChanged(meetingId: string, except?: MediaClient): void {
    for (const other of this.rooms.get(meetingId)?.clients ?? []) if (other !== except) this.resubscribe(other);
  }

  private get store() {
    return this.dependencies.meetings.store;
  }

  /**
   * Brings one client's subscription in line; a failure (a feed gone from Janus between the
   * decision and the request) is tried again a moment later, a few times.
   */
  private resubscribe(client: MediaClient, attempt = 1): void {
    void this.schedule(client, 'subscribe', async () => {
      try {
        await this.syncSubscription(client);
      } catch (error) {
        if (attempt < 4 && !client.left) this.dependencies.clock.after(500 * attempt, () => this.resubscribe(client, attempt + 1));
        throw error;
      }
    });
  }

  suspend(userId: string, clientId: string): void {
    const client = this.clients.get(keyOf(userId, clientId));
    if (client) client.suspended = true;
  }

  resume(meeting: MeetingRecord, userId: string, clientId: string): boolean {
    const client = this.clients.get(keyOf(userId, clientId));
    if (!client || client.meetingId !== meeting.id) {
      // This process carried none of its media (a restart, or another process before): they start over.
      this.clientJoined(meeting, userId, clientId);
      return false;
    }
    client.suspended = false;
    // An offer the lost connection never answered is sent again.
    const pending = client.subscriber?.pending;
    if (pending && client.subscriber) this.emitOffer(client, client.subscriber, pending.version, pending.offer, pending.streams);
    return true;
  }

  async relabel(): Promise<void> {
    for (const client of this.clients.values()) {
      const subscriber = client.subscriber;
      if (!subscriber || client.left) continue;
      const streams = await this.labelled(client, subscriber);
      if (JSON.stringify(streams) === JSON.stringify(subscriber.streams)) continue;
      subscriber.streams = streams;
      if (subscriber.pending) subscriber.pending.streams = streams;
      this.dependencies.io.to(rooms.client(client.userId, client.clientId)).emit('meeting:streams-changed', { meetingId: client.meetingId, subscription: subscriber.reference, streams });
    }
  }

  meetingEnded(meetingId: string): void {
    const room = this.rooms.get(meetingId);
    this.rooms.delete(meetingId);
    const gateway = this.gateway;
    if (!gateway) return;
    // The room may have been made by another process: the store names it.
    const janusRoom =
      room?.room ??
      this.store.claimMediaRoom(meetingId, JSON.stringify(gateway.newRoom())).then((stored) => {
        const parsed = storedRoom.safeParse(safeJson(stored ?? ''));
        if (!parsed.success) throw new Error('no media room');
        return parsed.data;
      });
    void janusRoom.then((made) => gateway.destroyRoom(made)).catch(() => undefined);
  }

  // --- commands -------------------------------------------------------------------------------

  /** `meeting:publish`: the client's offer of what it sends; answered by the media server. */
  async publish(viewer: Viewer, clientId: string, meetingId: string, offer: Jsep, tracks: Array<{ mid: string; source: TrackSource }>): Promise<Ack<{ answer: { type: 'answer'; sdp: string } }>> {
    const client = await this.clientOf(viewer, clientId, meetingId);
    if (!client) return notInMeeting();
    if (!this.gateway) return fail('conflict', this.mode().notice ?? 'No media server.');
    const sections = mediaSections(offer.sdp);
    const declared = new Map<string, { kind: 'audio' | 'video'; source: TrackSource }>();
    for (const track of tracks) {
      const section = sections.find((candidate) => candidate.mid === track.mid);
      const kind = track.source === 'microphone' ? 'audio' : 'video';
      if (!section || section.kind !== kind) return fail('bad_request', `tracks: the offer has no ${kind} section with mid ${track.mid}.`);
      if (declared.has(track.mid)) return fail('bad_request', `tracks: mid ${track.mid} is declared twice.`);
      declared.set(track.mid, { kind, source: track.source });
    }
    if (tracks.filter((track) => track.source === 'screen').length > 1) return fail('bad_request', 'tracks: one screen at a time.');

    const answer = await this.schedule(client, 'publish', async () => {
      const gateway = this.gateway;
      if (!gateway || client.left) return null;
      let result: { jsep?: Jsep };
      if (!client.publisher) {
        const room = await this.janusRoom(client.meetingId, gateway);
        const handle = await gateway.attach();
        try {
          // No display name: Janus never learns who anyone is.
          const joined = await handle.joinConfigurePublisher({ room: room.room, pin: room.pin, jsep: offer });
          const publisher: Publisher = { handle, feed: joined.feed, tracks: declared };
          client.publisher = publisher;
          // Every process learns whose feed this is and what it carries from the store.
          await this.store.setParticipantFeed(client.meetingId, client.userId, client.clientId, { feed: joined.feed, tracks: JSON.stringify([...declared]) });
          // Once its connection is up, everyone else receives it (Janus lists it as publishing); when
          // Janus hangs it up (its path failed), they stop, until the client's next offer (an ICE
          // restart) brings it up again.
          handle.on(handleEvents.up, () => {
            if (client.publisher === publisher) this.othersReceive(client);
          });
          handle.on(handleEvents.hungUp, () => {
            if (client.publisher === publisher) this.othersReceive(client);
          });
          result = joined;
        } catch (error) {
          void detach(handle);
          throw error;
        }
        if (client.left) {
          void detach(handle);
          return null;
        }
        for (const candidate of client.early.publish.splice(0)) await trickle(handle, candidate);
      } else {
        result = await client.publisher.handle.configure({ jsep: offer });
        client.publisher.tracks = declared;
        await this.store.setParticipantFeed(client.meetingId, client.userId, client.clientId, { feed: client.publisher.feed, tracks: JSON.stringify([...declared]) });
      }
      return result.jsep ?? null;
    });
    if (!answer) return fail('conflict', 'The media server did not answer; try again.');
    // Everyone else now receives what it sends (once its connection is up: Janus says so; see HANDLE_WEBRTCUP).
    this.othersReceive(client);
    return ok({ answer: { type: 'answer', sdp: clientSafeSdp(answer.sdp) } });
  }

  /** `meeting:subscribed`: the client's answer to the latest offer of what it receives. */
  async answer(viewer: Viewer, clientId: string, meetingId: string, version: number, answer: Jsep): Promise<Ack<null>> {
    const client = await this.clientOf(viewer, clientId, meetingId);
    if (!client) return notInMeeting();
    const pending = client.subscriber?.pending;
    if (!pending || pending.version !== version) return fail('conflict', 'That offer was replaced by a newer one.');
    pending.answered(answer);
    return ok(null);
  }

  /** `meeting:candidate`: one of the client's own candidates, for the media server only. */
  async candidate(viewer: Viewer, clientId: string, meetingId: string, connection: 'publish' | 'subscribe', candidate: Candidate): Promise<Ack<null>> {
    const client = await this.clientOf(viewer, clientId, meetingId);
    if (!client) return notInMeeting();
    if (!this.gateway) return fail('conflict', this.mode().notice ?? 'No media server.');
    const handle = connection === 'publish' ? client.publisher?.handle : client.subscriber?.handle;
    if (!handle) {
      const early = client.early[connection];
      if (early.length >= maxEarlyCandidates) return fail('bad_request', 'Too many candidates before the media server knows this connection.');
      early.push(candidate);
      return ok(null);
    }
    await trickle(handle, candidate);
    return ok(null);
  }

  /** `meeting:restart-ice`: the media server offers what the client receives again, with new ICE credentials. */
  async restartIce(viewer: Viewer, clientId: string, meetingId: string): Promise<Ack<null>> {
    const client = await this.clientOf(viewer, clientId, meetingId);
    if (!client) return notInMeeting();
    if (!this.gateway) return fail('conflict', this.mode().notice ?? 'No media server.');
    if (!client.subscriber) return fail('conflict', 'This client receives nothing yet.');
    void this.schedule(client, 'subscribe', () => this.syncSubscription(client, true));
    return ok(null);
  }

  /** `meeting:mesh-signal`: without a media server, a description or candidate for one other participant's client. */
  async meshSignal(viewer: Viewer, clientId: string, meetingId: string, to: string, signal: { description?: { type: 'offer' | 'answer'; sdp: string }; candidate?: Candidate }): Promise<Ack<null>> {
    const { meetings, io } = this.dependencies;
    const client = await this.clientOf(viewer, clientId, meetingId);
    if (!client) return notInMeeting();
    if (this.gateway) return fail('conflict', 'This meeting goes through the media server.');
    // Who is in it, as the store says now: a participant someone does not see ends the mesh for everyone.
    const inMeeting = await meetings.store.participants(meetingId);
    const userIds = inMeeting.map((entry) => entry.userId);
    if (!this.meshAllowed(userIds)) return fail('conflict', this.mode(userIds).notice ?? 'No media server.');
    const targets = inMeeting.filter((entry) => entry.userId === to && entry.userId !== viewer.id);
    if (targets.length === 0) return fail('not_found', 'That participant is not in this meeting.');
    io.to(targets.map((target) => rooms.client(target.userId, target.clientId))).emit('meeting:mesh-signalled', { meetingId, from: viewer.id, ...signal });
    return ok(null);
  }

  // --- what each client receives --------------------------------------------------------------

  /**
   * Brings a client's subscription in line with what the others send now: joins or updates its
   * receiving handle, offers the client the result (as it may know it), waits for its answer.
   */
  private async syncSubscription(client: MediaClient, restartIce = false): Promise<void> {
    const gateway = this.gateway;
    const room = this.rooms.get(client.meetingId);
    if (!gateway || !room || client.left) return;
    // The feeds of the meeting's other people, whichever process published them, that Janus says are up.
    const janusRoom = await this.janusRoom(client.meetingId, gateway);
    const [stored, active] = await Promise.all([this.store.feeds(client.meetingId), gateway.activeFeeds(janusRoom)]);
    if (client.left) return;
    const publishers = new Map<number, Feed>();
    const wanted = new Map<string, { feed: number; mid: string }>();
    for (const entry of stored) {
      if (entry.userId === client.userId || !active.has(entry.feed)) continue;
      const parsed = storedTracks.safeParse(safeJson(entry.tracks));
      if (!parsed.success) continue;
      const tracks: Tracks = new Map(parsed.data);
      publishers.set(entry.feed, { userId: entry.userId, tracks });
      for (const mid of tracks.keys()) wanted.set(`${entry.feed} ${mid}`, { feed: entry.feed, mid });
    }
    let result: { jsep?: Jsep; streams?: SubscriptionStream[] };
    if (!client.subscriber) {
      if (wanted.size === 0) return;
      const handle = await gateway.attach();
      try {
        result = await handle.joinSubscriber({ room: janusRoom.room, pin: janusRoom.pin, streams: [...wanted.values()], autoupdate: false });
      } catch (error) {
        void detach(handle);
        throw error;
      }
      if (client.left) return void detach(handle);
      client.subscriber = { handle, reference: randomBytes(12).toString('base64url'), current: subscribedMids(result.streams), owners: new Map(), streams: [], pending: null };
      for (const candidate of client.early.subscribe.splice(0)) await trickle(handle, candidate);
    } else {
      const { subscriber } = client;
      const subscribe = [...wanted.entries()].filter(([key]) => !subscriber.current.has(key)).map(([, stream]) => stream);
      // By the mid of the client's own connection: the feed may be gone from the media server already.
      const unsubscribe = [...subscriber.current].filter(([key]) => !wanted.has(key)).map(([, subscriberMid]) => ({ sub_mid: subscriberMid }));
      if (subscribe.length === 0 && unsubscribe.length === 0 && !restartIce) return;
      if (restartIce) result = await subscriber.handle.configure({ restart: true });
      else result = await subscriber.handle.update({ ...(subscribe.length > 0 ? { subscribe } : {}), ...(unsubscribe.length > 0 ? { unsubscribe } : {}) });
      subscriber.current = subscribedMids(result.streams);
    }
    // The client may have left while the media server answered.
    const subscriber = client.subscriber;
    if (!result.jsep || client.left || !subscriber) return;
    subscriber.owners = this.owners(result.streams ?? [], publishers);
    const streams = await this.labelled(client, subscriber);
    subscriber.streams = streams;
    await this.offerAndWait(client, result.jsep, streams);
  }

  /** Whose each stream of a subscription is; inactive ones and unknown feeds are left out. */
  private owners(streams: SubscriptionStream[], publishers: Map<number, Feed>): Subscriber['owners'] {
    const owners: Subscriber['owners'] = new Map();
    for (const stream of streams) {
      if (stream.active === false || stream.feed_id === undefined || stream.feed_mid === undefined || (stream.type !== 'audio' && stream.type !== 'video')) continue;
      const owner = publishers.get(stream.feed_id);
      const track = owner?.tracks.get(stream.feed_mid);
      if (!owner || !track) continue;
      owners.set(stream.mid, { userId: owner.userId, feed: stream.feed_id, kind: stream.type, source: track.source });
    }
    return owners;
  }

  /**
   * The streams a client receives as its viewer may know them now: each participant as they see
   * them (UNKNOWN USER otherwise) and a feed reference of this client's own, a new one whenever
   * the person shows as someone else (so nothing links an UNKNOWN USER to whom they were shown as).
   */
  private async labelled(client: MediaClient, subscriber: Subscriber): Promise<ReceivedStream[]> {
    const { directory } = this.dependencies;
    const viewer = directory.user(client.userId);
    if (!viewer) return [];
    const owners = [...subscriber.owners.entries()];
    const refs = await directory.refs(viewer, owners.map(([, owner]) => owner.userId), client.conversationId);
    return owners.map(([mid, owner], index) => {
      const ref = refs[index]!;
      const shownAs = `${owner.feed}\n${identity(ref)}`;
      let feed = client.feedReferences.get(shownAs);
      if (!feed) client.feedReferences.set(shownAs, (feed = randomBytes(9).toString('base64url')));
      return { mid, kind: owner.kind, source: owner.source, participant: ref, feed };
    });
  }

  private async offerAndWait(client: MediaClient, jsep: Jsep, streams: ReceivedStream[]): Promise<void> {
    const subscriber = client.subscriber;
    if (!subscriber) return;
    client.version += 1;
    const version = client.version;
    const offer: Jsep = { type: 'offer', sdp: clientSafeSdp(jsep.sdp) };
    const answer = await new Promise<Jsep | null>((resolve) => {
      const timer = this.dependencies.clock.after(answerTimeoutMs, () => resolve(null));
      const pending: NonNullable<Subscriber['pending']> = {
        version,
        offer,
        streams,
        answered: (given) => {
          timer.cancel();
          resolve(given);
        },
      };
      subscriber.pending = pending;
      this.emitOffer(client, subscriber, version, offer, pending.streams);
    });
    if (subscriber.pending?.version === version && (answer || !client.suspended)) subscriber.pending = null;
    if (!answer || answer.sdp === '' || client.left) return;
    await subscriber.handle.start({ jsep: answer });
  }

  private emitOffer(client: MediaClient, subscriber: Subscriber, version: number, offer: Jsep, streams: ReceivedStream[]): void {
    this.dependencies.io
      .to(rooms.client(client.userId, client.clientId))
      .emit('meeting:media-offered', { meetingId: client.meetingId, subscription: subscriber.reference, version, offer: { type: 'offer', sdp: offer.sdp }, streams });
  }

  // --- helpers --------------------------------------------------------------------------------

  /** The client's media in this meeting, when this client is in it and the viewer may still read its conversation. */
  private async clientOf(viewer: Viewer, clientId: string, meetingId: string): Promise<MediaClient | null> {
    const client = this.clients.get(keyOf(viewer.id, clientId));
    if (!client || client.meetingId !== meetingId || client.left) return null;
    if (!(await this.dependencies.access.canRead(viewer, client.conversationId))) return null;
    return client;
  }

  private roomOf(meetingId: string): MediaRoom {
    let room = this.rooms.get(meetingId);
    if (!room) this.rooms.set(meetingId, (room = { meetingId, room: null, clients: new Set() }));
    return room;
  }

  /**
   * The meeting's room on the media server: the one the store names (made by whichever process
   * came first), made on Janus here too if it is not there yet (Janus restarted, or this process
   * is first).
   */
  private janusRoom(meetingId: string, gateway: MediaGateway): Promise<JanusRoom> {
    const room = this.roomOf(meetingId);
    if (!room.room) {
      room.room = (async () => {
        const stored = await this.store.claimMediaRoom(meetingId, JSON.stringify(gateway.newRoom()));
        const parsed = storedRoom.safeParse(safeJson(stored ?? ''));
        if (!parsed.success) throw new Error(`meeting ${meetingId} has no usable media room`);
        return gateway.createRoom(parsed.data, { maxPublishers: maxMeetingPublishers });
      })();
      // A room that could not be made is asked for again next time.
      room.room.catch(() => {
        if (this.rooms.get(meetingId) === room) room.room = null;
      });
    }
    return room.room;
  }

  /** Runs one step of a client's media-server work after the ones before it; a failing step is logged and does not stop the next. */
  private schedule<T>(client: MediaClient, queue: 'publish' | 'subscribe', step: () => Promise<T>): Promise<T | null> {
    const run = client.queues[queue].then(step);
    client.queues[queue] = run.then(
      () => undefined,
      (error: unknown) => console.error(`[meridian] meeting media of one client failed: ${(error as Error).message}`),
    );
    return run.catch(() => null);
  }

  /** Clients with media in meetings now (benchmarks, tests). */
  get clientCount(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const client of [...this.clients.values()]) this.clientLeft(client.userId, client.clientId);
  }
}

/** A meeting's media room as stored (`claimMediaRoom`). */
const storedRoom = z.object({ room: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), pin: z.string().min(1).max(200), secret: z.string().min(1).max(200) });

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Who a reference shows: the person, or which UNKNOWN USER of the conversation. */
function identity(ref: PersonRef): string {
  return ref.kind === 'unknown' ? `unknown ${ref.token}` : `person ${ref.id}`;
}

/** `feed mid` → the subscriber's mid, for every active stream of a subscription. */
function subscribedMids(streams: SubscriptionStream[] | undefined): Map<string, string> {
  const current = new Map<string, string>();
  for (const stream of streams ?? []) if (stream.active !== false && stream.feed_id !== undefined && stream.feed_mid !== undefined) current.set(`${stream.feed_id} ${stream.feed_mid}`, stream.mid);
  return current;
}

async function trickle(handle: VideoRoomHandle, candidate: Candidate): Promise<void> {
  if (candidate === null || candidate.candidate === '') await handle.trickleComplete().catch(() => undefined);
  else await handle.trickle({ candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? null, sdpMLineIndex: candidate.sdpMLineIndex ?? null }).catch(() => undefined);
}

async function detach(handle: VideoRoomHandle | undefined): Promise<void> {
  if (!handle) return;
  await handle.hangup().catch(() => undefined);
  await handle.detach().catch(() => undefined);
}
