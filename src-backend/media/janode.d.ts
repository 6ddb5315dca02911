// The small part of janode (https://github.com/meetecho/janode, plain JavaScript) the backend uses, typed.
declare module 'janode' {
  import type { EventEmitter } from 'node:events';

  export interface JanodeServerAddress {
    url: string;
    apisecret?: string;
  }

  export interface JanodeConnection extends EventEmitter {
    create(keepAliveSeconds?: number): Promise<JanodeSession>;
    close(): Promise<void>;
  }

  export interface JanodeSession extends EventEmitter {
    attach<H>(plugin: { id: string; Handle: new (...args: never[]) => H }): Promise<H>;
    destroy(): Promise<void>;
  }

  const Janode: {
    connect(config: { address: JanodeServerAddress | JanodeServerAddress[]; retry_time_secs?: number; max_retries?: number }): Promise<JanodeConnection>;
    Logger: { setLevel(level: 'none' | 'error' | 'warning' | 'info' | 'verbose' | 'debug'): void };
    EVENT: {
      CONNECTION_CLOSED: 'connection_closed';
      SESSION_DESTROYED: 'session_destroyed';
      HANDLE_DETACHED: 'handle_detached';
      HANDLE_ICE_FAILED: 'handle_ice_failed';
      HANDLE_HANGUP: 'handle_hangup';
      HANDLE_MEDIA: 'handle_media';
      HANDLE_WEBRTCUP: 'handle_webrtcup';
      HANDLE_TRICKLE: 'handle_trickle';
      CONNECTION_ERROR: 'connection_error';
    };
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  import type { EventEmitter } from 'node:events';

  export interface Jsep {
    type: 'offer' | 'answer';
    sdp: string;
  }

  /** One stream of a publisher, as Janus describes it (multistream). */
  export interface PublisherStream {
    type: 'audio' | 'video' | 'data';
    mindex: number;
    mid: string;
    disabled?: boolean;
    codec?: string;
    description?: string;
  }

  /** One stream of a subscription, as Janus describes it (multistream). */
  export interface SubscriptionStream {
    type: 'audio' | 'video' | 'data';
    mindex: number;
    mid: string;
    active?: boolean;
    ready?: boolean;
    send?: boolean;
    feed_id?: number;
    feed_mid?: string;
    feed_display?: string;
  }

  export interface VideoRoomHandle extends EventEmitter {
    id: number;
    create(options: {
      room?: number;
      description?: string;
      max_publishers?: number;
      permanent?: boolean;
      is_private?: boolean;
      secret?: string;
      pin?: string;
      bitrate?: number;
      audiocodec?: string;
      videocodec?: string;
      talking_events?: boolean;
      notify_joining?: boolean;
    }): Promise<{ room: number }>;
    destroy(options: { room: number; secret?: string }): Promise<unknown>;
    listParticipants(options: { room: number; secret?: string }): Promise<{ room: number; participants: Array<{ feed: number; publisher?: boolean }> }>;
    joinConfigurePublisher(options: { room: number; pin?: string; display?: string; descriptions?: Array<{ mid: string; description: string }>; jsep: Jsep }): Promise<{ feed: number; jsep?: Jsep; publishers?: unknown[] }>;
    configure(options: { jsep?: Jsep; restart?: boolean; descriptions?: Array<{ mid: string; description: string }> }): Promise<{ jsep?: Jsep; streams?: PublisherStream[] }>;
    joinSubscriber(options: { room: number; pin?: string; streams: Array<{ feed: number; mid?: string }>; use_msid?: boolean; autoupdate?: boolean }): Promise<{ jsep?: Jsep; streams?: SubscriptionStream[] }>;
    update(options: { subscribe?: Array<{ feed: number; mid?: string }>; unsubscribe?: Array<{ feed?: number; mid?: string; sub_mid?: string }> }): Promise<{ jsep?: Jsep; streams?: SubscriptionStream[] }>;
    start(options: { jsep: Jsep }): Promise<unknown>;
    trickle(candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null): Promise<unknown>;
    trickleComplete(): Promise<unknown>;
    hangup(): Promise<unknown>;
    detach(): Promise<unknown>;
    leave(): Promise<unknown>;
  }

  const VideoRoomPlugin: {
    id: string;
    Handle: new (...args: never[]) => VideoRoomHandle;
    EVENT: Record<string, string>;
  };
  export default VideoRoomPlugin;
}
