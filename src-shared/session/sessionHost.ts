/**
 * Serves the renderer API's invoke channels from one SessionClient. Electron's main process
 * calls `dispatch` from its IPC handler; the browser build calls it in the page. Every argument
 * is validated here, whatever side of a process boundary it came from.
 */
import { fail, ok, type Ack } from '../protocol/ack';
import type { ContactCard, SignedIn } from '../protocol/model';
import { invokeChannelSchemas, isInvokeChannel, type InvokeChannel, type InvokeResult, type PushChannel, type PushChannels } from '../protocol/api';
import { isCommandName } from '../protocol/events';
import { describeZodError } from '../protocol/validate';
import { isAllowedExternalUrl } from '../domain/externalUrl';
import { Outbox, type OutboxStorage } from './outbox';
import type { FileUpload } from '../protocol/fileProtocol';
import { downloadFile, fetchPhoto, fetchVoicemailAudio, previewFile, uploadFile, uploadPhoto, uploadVoicemailAudio } from './fileTransfer';
import type { VoicemailAudioType } from '../protocol/callProtocol';
import type { SessionClient } from './sessionClient';

export interface PlatformHooks {
  /** Opens an already allowlisted URL outside the app. */
  openExternal(url: string): Promise<void> | void;
  /** Downloads a URL of the Meridian server (a signed file URL) as the platform does downloads; absent where nothing downloads (tests). */
  download?(url: string): Promise<void> | void;
  /** Shows an unread count on the app (icon badge, or page title). */
  setBadgeCount?(count: number): void;
  /** Seconds since the last input anywhere on the computer, where the platform knows it. */
  systemIdleSeconds?(): number;
  /** Keeps unsent messages across app restarts. */
  outboxStorage?: OutboxStorage;
  /**
   * Keeps the session token, so a reload (or a restart) goes on with the session: the page's
   * sessionStorage in the browser build. Cleared when the session ends.
   */
  tokenStorage?: TokenStorage;
  /** Shows a native notification; `onClick` when the person clicks it. */
  notify?(notification: { title: string; body: string }, onClick: () => void): void;
  /** The screen or window the person picked for a request of the desktop app's screen picker; false if there was no such request. */
  screenChosen?(requestId: string, sourceId: string | null): boolean;
}

/** Where a client keeps its session token between runs. */
export interface TokenStorage {
  /** The kept token (asking elsewhere may take a moment: another tab of the browser build). */
  load(): string | null | Promise<string | null>;
  save(token: string | null): void;
}

export class SessionHost {
  readonly outbox: Outbox;
  private readonly notificationClickListeners = new Set<(tag: string) => void>();

  constructor(
    readonly session: SessionClient,
    private readonly platform: PlatformHooks,
  ) {
    this.outbox = new Outbox(session);
    // However the session ends (sign-out here or elsewhere, expiry), its token is no use any more.
    session.onConnectionChanged((state) => {
      if (state === 'signed-out') this.keepToken(null);
    });
  }

  /** The pushes the renderer subscribes to, whoever carries them (IPC, or the page itself). */
  subscribe<P extends PushChannel>(channel: P, listener: (payload: PushChannels[P]) => void): () => void {
    const forward = listener as (payload: unknown) => void;
    switch (channel) {
      case 'session:connection':
        return this.session.onConnectionChanged(forward);
      case 'session:event':
        return this.session.onServerEvent(forward);
      case 'session:outbox':
        return this.outbox.onChanged(forward);
      case 'app:notificationClicked':
        this.notificationClickListeners.add(forward);
        return () => this.notificationClickListeners.delete(forward);
      default:
        return () => undefined;
    }
  }

  /** Signs in again with a session kept from an earlier run, bringing back its unsent messages. */
  resume(signedIn: SignedIn): void {
    this.session.resume(signedIn);
    this.outbox.attach(signedIn.user.id, this.platform.outboxStorage);
  }

  private signedIn(answer: Ack<SignedIn>): Ack<SignedIn> {
    if (answer.ok) {
      this.keepToken(answer.data.token);
      this.outbox.attach(answer.data.user.id, this.platform.outboxStorage);
    }
    return answer;
  }

  /** Who is signed in; in the browser build, after a reload, the session of the kept token if it still lasts. */
  private async current(): Promise<ContactCard | null> {
    if (this.session.signedIn) return this.session.signedIn.user;
    let token: string | null = null;
    try {
      token = (await this.platform.tokenStorage?.load()) ?? null;
    } catch {
      token = null;
    }
    if (!token) return null;
    const answer = await this.session.resumeToken(token);
    // Unreachable is not over: the token stays for the next try; a refusal means it is.
    if (!answer.ok && answer.error.code !== 'offline') this.keepToken(null);
    const resumed = this.signedIn(answer);
    return resumed.ok ? resumed.data.user : null;
  }

  private keepToken(token: string | null): void {
    try {
      this.platform.tokenStorage?.save(token);
    } catch {
      // Storage full or gone: the session still works for this run.
    }
  }

  async dispatch(channel: unknown, argument: unknown): Promise<InvokeResult<InvokeChannel> | Ack<never>> {
    if (!isInvokeChannel(channel)) return fail<never>('bad_request', `Unknown operation: ${String(channel).slice(0, 60)}`);
    const parsed = invokeChannelSchemas[channel].safeParse(argument);
    if (!parsed.success) return fail<never>('bad_request', describeZodError(parsed.error));
    const value: unknown = parsed.data;
    switch (channel) {
      case 'session:signIn':
        return this.signedIn(await this.session.signIn(value as { email: string; password: string }));
      case 'session:demoSignIn':
        return this.signedIn(await this.session.demoSignIn(value as string));
      case 'session:signOut':
        this.session.signOut();
        return ok(null);
      case 'session:state':
        return this.session.connectionState;
      case 'session:current':
        return this.current();
      case 'session:demoPeople':
        return this.session.demoPeople();
      case 'outbox:send':
        return ok(this.outbox.enqueue(value as { conversationId: string; text: string; clientId?: string; fileId?: string; threadId?: string }));
      case 'outbox:retry':
        return this.outbox.retry(value as string) ? ok(null) : fail<never>('not_found', 'That message is no longer waiting to be sent.');
      case 'outbox:discard':
        return this.outbox.discard(value as string) ? ok(null) : fail<never>('not_found', 'That message is no longer waiting to be sent.');
      case 'outbox:list':
        return this.outbox.list();
      case 'app:notify': {
        if (!this.platform.notify) return false;
        const { title, body, tag } = value as { title: string; body: string; tag?: string };
        this.platform.notify({ title, body }, () => {
          for (const listener of this.notificationClickListeners) listener(tag ?? '');
        });
        return true;
      }
      case 'media:screenChosen': {
        const { requestId, sourceId } = value as { requestId: string; sourceId: string | null };
        return this.platform.screenChosen?.(requestId, sourceId) ?? false;
      }
      case 'app:systemIdleSeconds':
        return this.platform.systemIdleSeconds?.() ?? null;
      case 'app:setBadgeCount':
        this.platform.setBadgeCount?.(value as number);
        return ok(null);
      case 'file:upload':
        return uploadFile(this.session, value as FileUpload);
      case 'voicemail:uploadAudio':
        return uploadVoicemailAudio(this.session, value as { callId: string; contentType: VoicemailAudioType; bytes: ArrayBuffer });
      case 'voicemail:audio':
        return fetchVoicemailAudio(this.session, (value as { fileId: string }).fileId);
      case 'profile:uploadPhoto':
        return uploadPhoto(this.session, value as { contentType: string; bytes: ArrayBuffer });
      case 'profile:photo':
        return fetchPhoto(this.session, (value as { photoId: string }).photoId);
      case 'file:preview':
        return previewFile(this.session, (value as { fileId: string }).fileId);
      case 'file:download': {
        const download = this.platform.download?.bind(this.platform);
        if (!download) return fail<never>('refused', 'Files cannot be downloaded here.');
        return downloadFile(this.session, (value as { fileId: string }).fileId, download);
      }
      case 'app:openExternal': {
        const url = value as string;
        if (!isAllowedExternalUrl(url)) return fail<never>('forbidden', 'Only web, mail and phone links can be opened.');
        await this.platform.openExternal(url);
        return ok(null);
      }
      default:
        // One command's Ack is one of InvokeResult's members; TypeScript cannot relate a union this large member by member.
        if (isCommandName(channel)) return (await this.session.request(channel, value as never)) as InvokeResult<InvokeChannel>;
        return fail<never>('bad_request', `Unknown operation: ${channel}`);
    }
  }
}
