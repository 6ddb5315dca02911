/**
 * The one API the renderer knows. The Electron preload exposes it over IPC; the browser build
 * implements it in-page. Both build it with `createMeridianApi` from a transport, and both
 * serve the transport with `SessionHost` (see ../session/sessionHost.ts), so the two stay alike.
 */
import { z } from 'zod';
import type { Ack } from './ack';
import { createConversationApi, type ConversationApi } from './conversationProtocol';
import { createDirectoryApi, type DirectoryApi } from './directoryProtocol';
import { createCallApi, voicemailLocalChannelSchemas, type CallApi, type VoicemailLocalChannelResults } from './callProtocol';
import { createMeetingApi, type MeetingApi } from './meetingProtocol';
import { createGroupApi, type GroupApi } from './groupProtocol';
import { createThreadApi, type ThreadApi } from './threadProtocol';
import { createMessageSearchApi, type MessageSearchApi } from './messageSearchProtocol';
import { createReactionApi, type ReactionApi } from './reactionProtocol';
import { createMediaApi, mediaLocalChannelSchemas, type MediaApi, type MediaLocalChannelResults, type ScreenChoiceRequest } from './mediaProtocol';
import { createProfileApi, profileLocalChannelSchemas, type ProfileApi, type ProfileLocalChannelResults } from './profileProtocol';
import { createFileApi, fileLocalChannelSchemas, type FileApi, type FileLocalChannelResults } from './fileProtocol';
import { commandSchemas, type CommandName, type CommandPayload, type CommandResult, type ServerEvent } from './events';
import { signInRequestSchema, type SignInRequest } from './http';
import type { ConnectionState, ContactCard, DemoDirectory, SignedIn } from './model';
import type { OutboxEntry } from '../session/outbox';

export type Unsubscribe = () => void;

/** Invoke channels that are not socket commands, with the schema of their one argument. */
export const localChannelSchemas = {
  'session:signIn': signInRequestSchema,
  'session:signOut': z.undefined(),
  'session:demoSignIn': z.string().trim().min(1).max(320),
  'session:state': z.undefined(),
  /** Who is signed in, or null: how a window opened on a kept (or running) session learns it. */
  'session:current': z.undefined(),
  'session:demoPeople': z.undefined(),
  'app:openExternal': z.string().min(1).max(2048),
  ...fileLocalChannelSchemas,
  ...profileLocalChannelSchemas,
  ...voicemailLocalChannelSchemas,
  ...mediaLocalChannelSchemas,
  /** Queues a message in the outbox (sent now, or when the connection returns). */
  'outbox:send': z
    .object({
      conversationId: z.string().min(1).max(200),
      text: z.string().trim().max(10_000),
      clientId: z.string().min(8).max(64).optional(),
      fileId: z.string().min(1).max(200).optional(),
      /** A reply: the message that started its thread. */
      threadId: z.string().min(1).max(200).optional(),
    })
    .strict()
    .refine((message) => message.text !== '' || message.fileId !== undefined, { message: 'A message cannot be empty.', path: ['text'] }),
  'outbox:retry': z.string().min(1).max(64),
  'outbox:discard': z.string().min(1).max(64),
  'outbox:list': z.undefined(),
  /** The unread count on the app icon (Electron) or in the page title (browser build). */
  'app:setBadgeCount': z.number().int().min(0).max(1_000_000),
  /** A native notification (Electron's Notification); a click focuses the app and reports `tag`. */
  'app:notify': z.object({ title: z.string().min(1).max(200), body: z.string().max(500), tag: z.string().max(200).optional() }).strict(),
  /** Seconds since the last input anywhere on the computer (Electron), or null where unknown. */
  'app:systemIdleSeconds': z.undefined(),
} as const;

export interface LocalChannelResults extends FileLocalChannelResults, VoicemailLocalChannelResults, MediaLocalChannelResults, ProfileLocalChannelResults {
  'session:signIn': Ack<SignedIn>;
  'session:signOut': Ack<null>;
  'session:demoSignIn': Ack<SignedIn>;
  'session:state': ConnectionState;
  'session:current': ContactCard | null;
  'session:demoPeople': Ack<DemoDirectory>;
  'app:openExternal': Ack<null>;
  'outbox:send': Ack<OutboxEntry>;
  'outbox:retry': Ack<null>;
  'outbox:discard': Ack<null>;
  'outbox:list': OutboxEntry[];
  'app:setBadgeCount': Ack<null>;
  /** False where the platform has no native notifications of its own (the browser build uses the page's). */
  'app:notify': boolean;
  'app:systemIdleSeconds': number | null;
}

export type LocalChannel = keyof typeof localChannelSchemas;

/** Every invoke channel: the local ones and one per socket command. */
export type InvokeChannel = LocalChannel | CommandName;

export type InvokeArgument<C extends InvokeChannel> = C extends LocalChannel
  ? z.input<(typeof localChannelSchemas)[C]>
  : C extends CommandName
    ? CommandPayload<C>
    : never;

export type InvokeResult<C extends InvokeChannel> = C extends LocalChannel
  ? LocalChannelResults[C]
  : C extends CommandName
    ? Ack<CommandResult<C>>
    : never;

export const invokeChannelSchemas: Record<InvokeChannel, z.ZodType> = { ...localChannelSchemas, ...commandSchemas };

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeChannelSchemas, channel);
}

/** Push channels, main → renderer. */
export interface PushChannels {
  'session:connection': ConnectionState;
  'session:event': ServerEvent;
  'session:outbox': OutboxEntry[];
  /** A native notification was clicked: its tag. */
  'app:notificationClicked': string;
  /** The desktop app asks which screen or window to share. */
  'media:chooseScreen': ScreenChoiceRequest;
}
export type PushChannel = keyof PushChannels;

/** How an API object reaches its session host. */
export interface ApiTransport {
  invoke<C extends InvokeChannel>(channel: C, argument: InvokeArgument<C>): Promise<InvokeResult<C>>;
  subscribe<P extends PushChannel>(channel: P, listener: (payload: PushChannels[P]) => void): Unsubscribe;
}

/** Signing in and out, the connection, and the app itself. */
export interface SessionApi {
  signIn(request: SignInRequest): Promise<Ack<SignedIn>>;
  signOut(): Promise<Ack<null>>;
  /** Demo data only: signs a listed demo person in with one click. */
  demoSignIn(email: string): Promise<Ack<SignedIn>>;
  connectionState(): Promise<ConnectionState>;
  /** The signed-in person, or null; a session remembered from the last run is signed in at start. */
  currentUser(): Promise<ContactCard | null>;
  /** Demo data only: its people by company and its federations (empty otherwise). */
  demoPeople(): Promise<Ack<DemoDirectory>>;
  openExternal(url: string): Promise<Ack<null>>;
  setBadgeCount(count: number): Promise<Ack<null>>;
  systemIdleSeconds(): Promise<number | null>;
  /** Shows a native notification where the platform has them; false otherwise. */
  notify(notification: { title: string; body: string; tag?: string }): Promise<boolean>;
  onNotificationClicked(listener: (tag: string) => void): Unsubscribe;
  /** Sends a message through the outbox: it shows pending until acknowledged, failed only if refused. */
  sendMessage(message: z.input<(typeof localChannelSchemas)['outbox:send']>): Promise<Ack<OutboxEntry>>;
  retryMessage(clientId: string): Promise<Ack<null>>;
  discardMessage(clientId: string): Promise<Ack<null>>;
  listOutbox(): Promise<OutboxEntry[]>;
  onOutboxChanged(listener: (entries: OutboxEntry[]) => void): Unsubscribe;
  onConnectionChanged(listener: (state: ConnectionState) => void): Unsubscribe;
  onServerEvent(listener: (event: ServerEvent) => void): Unsubscribe;
}

/** The renderer's API: one method per operation; every `onX` returns an unsubscribe. */
export interface MeridianApi extends SessionApi, DirectoryApi, ConversationApi, FileApi, CallApi, MeetingApi, GroupApi, ThreadApi, MessageSearchApi, ReactionApi, MediaApi, ProfileApi {}

export function createMeridianApi(transport: ApiTransport): MeridianApi {
  return {
    signIn: (request) => transport.invoke('session:signIn', request),
    signOut: () => transport.invoke('session:signOut', undefined),
    demoSignIn: (email) => transport.invoke('session:demoSignIn', email),
    connectionState: () => transport.invoke('session:state', undefined),
    currentUser: () => transport.invoke('session:current', undefined),
    demoPeople: () => transport.invoke('session:demoPeople', undefined),
    openExternal: (url) => transport.invoke('app:openExternal', url),
    setBadgeCount: (count) => transport.invoke('app:setBadgeCount', count),
    systemIdleSeconds: () => transport.invoke('app:systemIdleSeconds', undefined),
    notify: (notification) => transport.invoke('app:notify', notification),
    onNotificationClicked: (listener) => transport.subscribe('app:notificationClicked', listener),
    sendMessage: (message) => transport.invoke('outbox:send', message),
    retryMessage: (clientId) => transport.invoke('outbox:retry', clientId),
    discardMessage: (clientId) => transport.invoke('outbox:discard', clientId),
    listOutbox: () => transport.invoke('outbox:list', undefined),
    onOutboxChanged: (listener) => transport.subscribe('session:outbox', listener),
    onConnectionChanged: (listener) => transport.subscribe('session:connection', listener),
    onServerEvent: (listener) => transport.subscribe('session:event', listener),
    ...createDirectoryApi(transport),
    ...createConversationApi(transport),
    ...createFileApi(transport),
    ...createCallApi(transport),
    ...createMeetingApi(transport),
    ...createGroupApi(transport),
    ...createThreadApi(transport),
    ...createMessageSearchApi(transport),
    ...createReactionApi(transport),
    ...createMediaApi(transport),
    ...createProfileApi(transport),
  };
}
