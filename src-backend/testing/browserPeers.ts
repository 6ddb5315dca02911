/**
 * Real WebRTC ends for backend tests of the meeting relay: each peer is a Chromium page (fake
 * microphone and camera) holding a sending and a receiving RTCPeerConnection, driven from the
 * test, which plays the client's part of the protocol (`relayPeer`). Janus lets a client receive
 * a feed only once that feed's connection is up, so these tests need real ICE and DTLS.
 *
 *   const peers = await launchPeers();
 *   const page = await peers.page(server.url);
 *   const stop = relayPeer(client, page, meetingId);   // answers offers, carries candidates
 *   await publish(client, page, meetingId);
 *   await peers.close();
 */
import { findChromium } from '../../e2e/browser';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { TestClient } from './testServer';
import { dataOf } from './testServer';

export interface Peers {
  page(serverUrl: string): Promise<Page>;
  close(): Promise<void>;
}


/**
 * What each page holds, in plain JavaScript (this project's Node type checking has no DOM): a
 * sending and a receiving connection, and the candidates each gathered that the test has not
 * carried yet.
 */
const peerScript = `
window.peerApi = (() => {
  const peer = { publish: null, subscribe: null, subscription: null, candidates: { publish: [], subscribe: [] } };
  const collect = (connection, name) => { connection.onicecandidate = (event) => peer.candidates[name].push(event.candidate ? event.candidate.toJSON() : null); };
  return {
    async publish() {
      const connection = new RTCPeerConnection();
      peer.publish = connection;
      collect(connection, 'publish');
      // A loaded machine may fail to start the fake devices once: try again before giving up.
      let stream;
      for (let attempt = 1; ; attempt += 1) {
        try { stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } }); break; }
        catch (error) { if (attempt === 3) throw error; await new Promise((resolve) => setTimeout(resolve, 500)); }
      }
      for (const track of stream.getTracks()) connection.addTransceiver(track, { direction: 'sendonly' });
      await connection.setLocalDescription(await connection.createOffer());
      return { sdp: connection.localDescription.sdp, mids: connection.getTransceivers().map((t) => ({ mid: t.mid, kind: t.sender.track.kind })) };
    },
    async published(sdp) { await peer.publish.setRemoteDescription({ type: 'answer', sdp }); },
    async offered(sdp, subscription) {
      // A new subscription is a new receiving connection (after a restart of the backend, say).
      if (peer.subscribe && peer.subscription !== subscription) { peer.subscribe.close(); peer.subscribe = null; }
      peer.subscription = subscription;
      if (!peer.subscribe) { peer.subscribe = new RTCPeerConnection(); collect(peer.subscribe, 'subscribe'); }
      await peer.subscribe.setRemoteDescription({ type: 'offer', sdp });
      await peer.subscribe.setLocalDescription(await peer.subscribe.createAnswer());
      return peer.subscribe.localDescription.sdp;
    },
    takeCandidates() { return { publish: peer.candidates.publish.splice(0), subscribe: peer.candidates.subscribe.splice(0) }; },
    sentSdp() { return peer.publish ? peer.publish.localDescription.sdp : ''; },
    async inboundBytes() {
      const bytes = {};
      if (!peer.subscribe) return bytes;
      (await peer.subscribe.getStats()).forEach((report) => { if (report.type === 'inbound-rtp' && report.mid !== undefined) bytes[report.mid] = report.bytesReceived || 0; });
      return bytes;
    },
  };
})();
`;

type Candidate = { candidate?: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null;

/** The page's side, as the test calls it. */
interface PeerApi {
  publish(): Promise<{ sdp: string; mids: Array<{ mid: string; kind: string }> }>;
  published(sdp: string): Promise<void>;
  offered(sdp: string, subscription: string): Promise<string>;
  takeCandidates(): { publish: Candidate[]; subscribe: Candidate[] };
  sentSdp(): string;
  inboundBytes(): Promise<Record<string, number>>;
}

export async function launchPeers(): Promise<Peers> {
  const browser: Browser = await chromium.launch({
    // The e2e suite's Chromium (MERIDIAN_CHROMIUM, Playwright's own, a headless shell, a system browser).
    executablePath: findChromium({ headless: true })?.executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    async page(serverUrl) {
      const page = await browser.newPage();
      // Any page of localhost is a secure context: getUserMedia works there.
      await page.goto(new URL('/health', serverUrl.replace('127.0.0.1', 'localhost')).toString());
      await page.evaluate(peerScript);
      // As the app does on joining: with the microphone granted, Chromium gathers its real host
      // addresses instead of mDNS names, which Janus cannot resolve.
      await page.evaluate(() => (globalThis as unknown as { navigator: { mediaDevices: { getUserMedia(constraints: object): Promise<unknown> } } }).navigator.mediaDevices.getUserMedia({ audio: true }));
      return page;
    },
    close: () => browser.close(),
  };
}

/** Sends the page's microphone and camera to the meeting; returns once the media server answered. */
export async function publish(client: TestClient, page: Page, meetingId: string): Promise<void> {
  const offer = await page.evaluate(() => (globalThis as unknown as { peerApi: PeerApi }).peerApi.publish());
  const tracks = offer.mids.map(({ mid, kind }) => ({ mid, source: kind === 'audio' ? ('microphone' as const) : ('camera' as const) }));
  const { answer } = dataOf(await client.request('meeting:publish', { meetingId, offer: { type: 'offer', sdp: offer.sdp }, tracks }));
  await page.evaluate((sdp) => (globalThis as unknown as { peerApi: PeerApi }).peerApi.published(sdp), answer.sdp);
}

/** Plays the client: answers every offer of what the page receives, and carries the page's candidates to the backend. Returns a stop function. */
export function relayPeer(client: TestClient, page: Page, meetingId: string): () => void {
  let stopped = false;
  const unsubscribe = client.onServerEvent((event) => {
    if (event.type !== 'meeting:media-offered' || event.payload.meetingId !== meetingId) return;
    const { version, offer, subscription } = event.payload;
    void page
      .evaluate(([sdp, reference]) => (globalThis as unknown as { peerApi: PeerApi }).peerApi.offered(sdp, reference), [offer.sdp, subscription] as const)
      .then((sdp) => client.request('meeting:subscribed', { meetingId, version, answer: { type: 'answer', sdp } }))
      .catch(() => undefined);
  });
  const carry = async () => {
    while (!stopped) {
      const pending = await page.evaluate(() => (globalThis as unknown as { peerApi: PeerApi }).peerApi.takeCandidates()).catch(() => null);
      if (!pending) return;
      for (const connection of ['publish', 'subscribe'] as const) {
        for (const candidate of pending[connection]) {
          await client.request('meeting:candidate', { meetingId, connection, candidate: candidate ? { candidate: candidate.candidate ?? '', sdpMid: candidate.sdpMid ?? null, sdpMLineIndex: candidate.sdpMLineIndex ?? null } : null });
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  void carry();
  return () => {
    stopped = true;
    unsubscribe();
  };
}

/** Bytes received so far on each receiving mid of the page. */
export function inboundBytes(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => (globalThis as unknown as { peerApi: PeerApi }).peerApi.inboundBytes());
}

/** The description the page sent (its stream and track ids, its addresses). */
export function sentSdp(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { peerApi: PeerApi }).peerApi.sentSdp());
}
