/**
 * The media of the call this client carries: it follows the call in the store (`currentCall`)
 * and the connection to the backend. When this client places a call it takes the microphone at
 * once (so the voice is there the moment the call is answered); when it answers one, then.
 * Once connected, a CallPeer to the other party's one client; on hold, nothing goes either way;
 * ended, every track stops. The bridge hands it the other client's signals (`signalReceived`).
 * A call with nobody at the other end (an outside number) has no media at all.
 */
import type { MeridianApi } from '../../../src-shared/protocol/api';
import type { CallSignal, CallView } from '../../../src-shared/protocol/callProtocol';
import { createLocalMedia, iceConfiguration, type LocalMedia } from '../../media';
import { useAppStore } from '../../store/appStore';
import { CallPeer } from './callPeer';

/** What the Active call region shows of the media. */
export interface CallMediaState {
  callId: string | null;
  media: LocalMedia | null;
  peer: CallPeer | null;
}

/** Signals for a call whose peer is not made yet are kept this long (the answer may be on its way). */
const earlySignalMs = 10_000;

class CallMediaController {
  private state: CallMediaState = { callId: null, media: null, peer: null };
  private readonly listeners = new Set<() => void>();
  private early: Array<{ callId: string; signal: CallSignal; at: number }> = [];
  private api: MeridianApi | null = null;
  /** The peer being made (its ICE configuration is being asked for). */
  private connecting: string | null = null;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CallMediaState => this.state;

  /** Follows the store from now on; returns how to stop. */
  start(api: MeridianApi): () => void {
    this.api = api;
    const unsubscribe = useAppStore.subscribe((state, previous) => {
      if (state.currentCall !== previous.currentCall) this.callChanged(state.currentCall);
      // Back after a lost connection to the backend: the caller's side looks for a fresh path.
      if (state.connection === 'connected' && previous.connection === 'reconnecting' && state.currentCall?.direction === 'out') this.state.peer?.restartIce();
    });
    // A new network (Wi-Fi to wired, a VPN) may leave the old path dead: look for another.
    const networkChanged = () => this.state.peer?.restartIce();
    window.addEventListener('online', networkChanged);
    const connection = (navigator as Navigator & { connection?: EventTarget }).connection;
    connection?.addEventListener('change', networkChanged);
    // Closing the window hangs up rather than leave the other side talking to nobody for a while.
    const leaving = () => {
      const call = useAppStore.getState().currentCall;
      if (call && call.activeHere && call.state !== 'ended') void api.hangUp({ callId: call.id });
    };
    window.addEventListener('pagehide', leaving);
    this.callChanged(useAppStore.getState().currentCall);
    return () => {
      unsubscribe();
      window.removeEventListener('online', networkChanged);
      connection?.removeEventListener('change', networkChanged);
      window.removeEventListener('pagehide', leaving);
      this.end();
    };
  }

  /** A signal from the other party's client (the bridge hands every `call:signal` here). */
  signalReceived(callId: string, signal: CallSignal): void {
    if (this.state.peer && this.state.callId === callId) return this.state.peer.receive(signal);
    const now = Date.now();
    this.early = [...this.early.filter((kept) => now - kept.at < earlySignalMs), { callId, signal, at: now }];
  }

  private callChanged(call: CallView | null): void {
    const carried = call && call.activeHere && !call.simulated && call.state !== 'ended' ? call : null;
    if (!carried) return this.end();
    if (this.state.callId !== carried.id) {
      this.end();
      const media = createLocalMedia();
      this.update({ callId: carried.id, media, peer: null });
      void media.startMicrophone().then(() => media.setMuted(useAppStore.getState().currentCall?.muted ?? false));
    }
    if (carried.state === 'connected' && !this.state.peer && this.connecting !== carried.id) void this.connect(carried);
    this.state.peer?.setHeld(carried.held);
  }

  private async connect(call: CallView): Promise<void> {
    const media = this.state.media;
    if (!media || !this.api) return;
    this.connecting = call.id;
    const configuration = await iceConfiguration();
    this.connecting = null;
    const current = useAppStore.getState().currentCall;
    if (this.state.callId !== call.id || this.state.peer || !current || current.id !== call.id || current.state !== 'connected') return;
    const api = this.api;
    const peer = new CallPeer({
      role: call.direction === 'out' ? 'caller' : 'callee',
      configuration,
      media,
      send: (signal) =>
        void api.sendCallSignal({ callId: call.id, signal }).then((answer) => {
          if (!answer.ok) console.warn(`Meridian: a call signal was not sent: ${answer.error.message}`);
        }),
    });
    peer.setHeld(current.held);
    this.update({ peer });
    const waiting = this.early.filter((kept) => kept.callId === call.id);
    this.early = this.early.filter((kept) => kept.callId !== call.id);
    for (const kept of waiting) peer.receive(kept.signal);
  }

  private end(): void {
    if (!this.state.callId && !this.state.media && !this.state.peer) return;
    this.state.peer?.close();
    this.state.media?.stop();
    this.update({ callId: null, media: null, peer: null });
  }

  private update(change: Partial<CallMediaState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}

/** The one controller of this window's call media. */
export const callMedia = new CallMediaController();
