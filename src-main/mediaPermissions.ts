/**
 * Microphone, camera and screen for the desktop app (issue 19 #6): granted only to the app's own
 * page, and only while a call or meeting is under way here — a page of the app with nothing to
 * say gets nothing, and no other page ever does. What is "under way" is learned from the
 * session's own server events (`MediaActivity`), not from the renderer's say-so.
 *
 * Screen sharing goes through `setDisplayMediaRequestHandler`: the screens and windows
 * (desktopCapturer) are offered to the page's `Share screen` picker, and only the one chosen
 * there is shared (`ScreenPicker`).
 */
import { randomUUID } from 'node:crypto';
import { desktopCapturer, type BrowserWindow, type Session } from 'electron';
import { voicemailWindowMs } from '../src-shared/protocol/callProtocol';
import type { ServerEvent } from '../src-shared/protocol/events';
import type { ScreenChoiceRequest } from '../src-shared/protocol/mediaProtocol';
import { isRendererUrl } from './rendererLocation';

/** Whether a call or meeting that needs this app's microphone, camera or screen is under way. */
export class MediaActivity {
  /** The call this app carries, and until when it may use media (a voicemail may still be recorded after it ended). */
  private call: { id: string; until: number } | null = null;
  private readonly meetings = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Hears every server event of the session (before the renderer does). */
  observe(event: ServerEvent): void {
    switch (event.type) {
      case 'call:updated': {
        const { call } = event.payload;
        if (!call.activeHere) {
          // Answered on another device: nothing here.
          if (this.call?.id === call.id) this.call = null;
        } else if (call.state !== 'ended') {
          this.call = { id: call.id, until: Number.POSITIVE_INFINITY };
        } else if (call.voicemailAllowed) {
          this.call = { id: call.id, until: this.now() + voicemailWindowMs };
        } else if (this.call?.id === call.id) {
          this.call = null;
        }
        break;
      }
      case 'meeting:updated': {
        const { meeting } = event.payload;
        if (meeting.joined && meeting.state !== 'ended') this.meetings.add(meeting.id);
        else this.meetings.delete(meeting.id);
        break;
      }
      case 'session:ended':
        this.reset();
        break;
      default:
        break;
    }
  }

  active(): boolean {
    return (this.call !== null && this.now() < this.call.until) || this.meetings.size > 0;
  }

  /** Signed out: nothing is under way. */
  reset(): void {
    this.call = null;
    this.meetings.clear();
  }
}

/** The page's answer to "which screen or window?", by request. */
export class ScreenPicker {
  private readonly pending = new Map<string, (sourceId: string | null) => void>();

  constructor(private readonly window: () => BrowserWindow | null) {}

  /** Asks the page; resolves with the chosen source's id, or null (cancelled, or no window to ask). */
  ask(sources: ScreenChoiceRequest['sources']): Promise<string | null> {
    const window = this.window();
    if (!window || window.isDestroyed()) return Promise.resolve(null);
    const requestId = randomUUID();
    return new Promise((resolve) => {
      this.pending.set(requestId, resolve);
      window.webContents.send('media:chooseScreen', { requestId, sources } satisfies ScreenChoiceRequest);
    });
  }

  /** The page answered (through the validated IPC channel `media:screenChosen`); false for a request nobody made. */
  chosen(requestId: string, sourceId: string | null): boolean {
    const resolve = this.pending.get(requestId);
    if (!resolve) return false;
    this.pending.delete(requestId);
    resolve(sourceId);
    return true;
  }
}

/** Installs the permission handlers, and the screen picker, on a session. */
export function guardMediaPermissions(session: Session, activity: MediaActivity, picker: ScreenPicker): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const ownPage = isRendererUrl(details.requestingUrl);
    if (permission === 'notifications') return callback(ownPage);
    if (permission === 'media') {
      const types = (details as { mediaTypes?: string[] }).mediaTypes ?? [];
      return callback(ownPage && activity.active() && types.every((type) => type === 'audio' || type === 'video'));
    }
    // Choosing a speaker (setSinkId) and capturing a screen go with a call or meeting too.
    if (permission === 'speaker-selection' || permission === 'display-capture') return callback(ownPage && activity.active());
    callback(false);
  });
  session.setPermissionCheckHandler((contents, permission, _requestingOrigin, details) => {
    const ownPage = isRendererUrl(details.requestingUrl ?? contents?.getURL() ?? '');
    if (permission === 'notifications') return ownPage;
    if (permission === 'media' || permission === 'speaker-selection' || permission === 'display-capture') return ownPage && activity.active();
    return false;
  });
  session.setDisplayMediaRequestHandler((request, callback) => {
    if (!request.frame || !isRendererUrl(request.frame.url) || !activity.active() || !request.videoRequested) return callback(null);
    void desktopCapturer
      .getSources({ types: ['screen', 'window'], thumbnailSize: { width: 240, height: 135 } })
      .then(async (sources) => {
        const offered = sources.map((source) => ({
          id: source.id,
          name: source.name,
          kind: source.id.startsWith('screen:') ? ('screen' as const) : ('window' as const),
          thumbnail: source.thumbnail.isEmpty() ? null : source.thumbnail.toDataURL(),
        }));
        const chosen = offered.length > 0 ? await picker.ask(offered) : null;
        const source = sources.find((candidate) => candidate.id === chosen);
        // Still under way, and a source that was offered: anything else shares nothing.
        callback(source && activity.active() ? { video: source } : null);
      })
      .catch((error: unknown) => {
        console.error('Meridian: listing screens to share failed:', error);
        callback(null);
      });
  });
}
