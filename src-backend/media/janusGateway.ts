/**
 * The backend's one connection to Janus, through janode (Meetecho's own Node client): one Janus
 * session, a VideoRoom handle per publisher and per subscriber, a room per meeting. Clients
 * never reach Janus's API; the meeting media service (../meetings/meetingMedia.ts) relays what
 * they may know.
 */
import { randomBytes, randomInt } from 'node:crypto';
import Janode, { type JanodeConnection, type JanodeSession } from 'janode';
import VideoRoomPlugin, { type VideoRoomHandle } from 'janode/plugins/videoroom';

export type { Jsep, SubscriptionStream, VideoRoomHandle, PublisherStream } from 'janode/plugins/videoroom';

/** What a handle says of its connection: up, or hung up by Janus. */
export const handleEvents = { up: Janode.EVENT.HANDLE_WEBRTCUP, hungUp: Janode.EVENT.HANDLE_HANGUP } as const;

/** A VideoRoom room made for one meeting; its pin and secret never leave the backend. */
export interface JanusRoom {
  room: number;
  pin: string;
  secret: string;
}

export interface MediaGateway {
  /** A new room's number, pin and secret (nothing is asked of Janus yet). */
  newRoom(): JanusRoom;
  /**
   * Makes the room on Janus; a room of that number there already (another process of the
   * deployment made it, SPEC 10) is the same room, not an error.
   */
  createRoom(room: JanusRoom, options: { maxPublishers: number }): Promise<JanusRoom>;
  /** The feeds of a room whose connection is up now (Janus's own list: feeds of a process that died are gone from it). */
  activeFeeds(room: JanusRoom): Promise<Set<number>>;
  destroyRoom(room: JanusRoom): Promise<void>;
  /** A fresh VideoRoom handle (a publisher's or a subscriber's). */
  attach(): Promise<VideoRoomHandle>;
  /** Called once when the connection to Janus is lost (Janus stopped or crashed). */
  onClosed(listener: () => void): void;
  close(): Promise<void>;
}

let loggerQuieted = false;

export class JanusGateway implements MediaGateway {
  private closed = false;
  private lister: Promise<VideoRoomHandle> | null = null;
  private readonly closedListeners: Array<() => void> = [];

  private constructor(
    private readonly connection: JanodeConnection,
    private readonly session: JanodeSession,
  ) {
    const lost = () => {
      if (this.closed) return;
      this.closed = true;
      for (const listener of this.closedListeners) listener();
    };
    connection.once(Janode.EVENT.CONNECTION_CLOSED, lost);
    connection.once(Janode.EVENT.CONNECTION_ERROR, lost);
    session.once(Janode.EVENT.SESSION_DESTROYED, lost);
  }

  static async connect(url: string, apiSecret: string): Promise<JanusGateway> {
    if (!loggerQuieted) {
      // janode logs every request at `info`, and expected failures (detaching a handle Janus already
      // dropped) at `error`: the relay logs what matters itself.
      Janode.Logger.setLevel('none');
      loggerQuieted = true;
    }
    const connection = await Janode.connect({ address: { url, apisecret: apiSecret }, retry_time_secs: 1, max_retries: 3 });
    try {
      const session = await connection.create(15);
      return new JanusGateway(connection, session);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  newRoom(): JanusRoom {
    return { room: randomInt(1, 2 ** 47), pin: randomBytes(18).toString('base64url'), secret: randomBytes(18).toString('base64url') };
  }

  async createRoom(room: JanusRoom, options: { maxPublishers: number }): Promise<JanusRoom> {
    const admin = await this.attach();
    try {
      await admin
        .create({
        room: room.room,
        pin: room.pin,
        secret: room.secret,
        is_private: true,
        permanent: false,
        max_publishers: options.maxPublishers,
        audiocodec: 'opus',
        videocodec: 'vp8',
        bitrate: 512_000,
        // Who speaks is measured by each client from what it receives; the backend need not hear of it.
        talking_events: false,
        notify_joining: false,
      })
        .catch((error: unknown) => {
          // JANUS_VIDEOROOM_ERROR_ROOM_EXISTS: made by another process of the deployment.
          if ((error as { _code?: number })._code !== 427) throw error;
        });
      return room;
    } finally {
      await admin.detach().catch(() => undefined);
    }
  }

  async activeFeeds(room: JanusRoom): Promise<Set<number>> {
    // One handle kept for these lists (asked at every change of a subscription), made again after a failure.
    const lister = (this.lister ??= this.attach());
    try {
      const listed = await (await lister).listParticipants({ room: room.room, secret: room.secret });
      // `publisher` is true once a participant's connection is up (Janus's `started`).
      return new Set(listed.participants.filter((participant) => participant.publisher).map((participant) => participant.feed));
    } catch (error) {
      if (this.lister === lister) this.lister = null;
      void lister.then((handle) => handle.detach()).catch(() => undefined);
      throw error;
    }
  }

  async destroyRoom(room: JanusRoom): Promise<void> {
    if (this.closed) return;
    const admin = await this.attach();
    try {
      await admin.destroy({ room: room.room, secret: room.secret });
    } finally {
      await admin.detach().catch(() => undefined);
    }
  }

  attach(): Promise<VideoRoomHandle> {
    return this.session.attach(VideoRoomPlugin);
  }

  onClosed(listener: () => void): void {
    this.closedListeners.push(listener);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.session.destroy().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}
