/**
 * What a page's peer connections carry, read the way the issue asks: from getStats. Every page
 * of the e2e fixtures records the RTCPeerConnections it makes (`recordPeerConnections`, an init
 * script of the test harness, not of the app), so a spec can ask the latest one:
 *
 *   const stats = await mediaStats(page);     // bytes and audio energy in, frames per video, the path
 *   await expectAudioFlowing(page);           // inbound audio bytes and energy grow within 3 s
 *
 * Functions passed to evaluate run in the page and name its globals themselves (the e2e code
 * compiles without the DOM library).
 */
import type { Page } from '@playwright/test';

/** An init script: keeps every peer connection the page makes in `window.__meridianPeers`. */
export function recordPeerConnections(): void {
  const scope = globalThis as unknown as { RTCPeerConnection?: new (...args: unknown[]) => object; __meridianPeers?: object[] };
  const Original = scope.RTCPeerConnection;
  if (!Original || scope.__meridianPeers) return;
  const peers: object[] = [];
  scope.__meridianPeers = peers;
  const Recorded = function (this: unknown, ...args: unknown[]) {
    const connection = new Original(...args);
    peers.push(connection);
    return connection;
  } as unknown as new (...args: unknown[]) => object;
  Recorded.prototype = Original.prototype;
  Object.setPrototypeOf(Recorded, Original);
  scope.RTCPeerConnection = Recorded;
}

export interface MediaStats {
  /** How many peer connections the page made, and the state of each. */
  connectionStates: string[];
  audioIn: { bytes: number; packets: number; energy: number; level: number };
  audioOut: { bytes: number };
  /** Frames decoded per video transceiver (by mid: 1 the camera, 2 the screen). */
  framesDecoded: Record<string, number>;
  /** The candidate types of the path in use, e.g. `relay → relay`. */
  path: { local: string; remote: string } | null;
}

/** The latest peer connection's numbers (zeros when there is none yet). */
export function mediaStats(page: Page): Promise<MediaStats> {
  return page.evaluate(async () => {
    type Stat = Record<string, unknown> & { type: string; id: string };
    type Connection = { connectionState: string; getStats(): Promise<{ forEach(callback: (stat: Stat) => void): void }> };
    const peers = ((globalThis as unknown as { __meridianPeers?: Connection[] }).__meridianPeers ?? []);
    const result = { connectionStates: peers.map((peer) => peer.connectionState), audioIn: { bytes: 0, packets: 0, energy: 0, level: 0 }, audioOut: { bytes: 0 }, framesDecoded: {} as Record<string, number>, path: null as { local: string; remote: string } | null };
    const peer = peers.at(-1);
    if (!peer || peer.connectionState === 'closed') return result;
    const stats: Stat[] = [];
    (await peer.getStats()).forEach((stat) => stats.push(stat));
    const byId = new Map(stats.map((stat) => [stat.id, stat]));
    for (const stat of stats) {
      if (stat.type === 'inbound-rtp' && stat.kind === 'audio') {
        result.audioIn = { bytes: Number(stat.bytesReceived ?? 0), packets: Number(stat.packetsReceived ?? 0), energy: Number(stat.totalAudioEnergy ?? 0), level: Number(stat.audioLevel ?? 0) };
      }
      if (stat.type === 'outbound-rtp' && stat.kind === 'audio') result.audioOut = { bytes: Number(stat.bytesSent ?? 0) };
      if (stat.type === 'inbound-rtp' && stat.kind === 'video') result.framesDecoded[String(stat.mid)] = Number(stat.framesDecoded ?? 0);
      if (stat.type === 'transport' && typeof stat.selectedCandidatePairId === 'string') {
        const pair = byId.get(stat.selectedCandidatePairId);
        const local = pair ? byId.get(String(pair.localCandidateId)) : undefined;
        const remote = pair ? byId.get(String(pair.remoteCandidateId)) : undefined;
        if (local && remote) result.path = { local: String(local.candidateType), remote: String(remote.candidateType) };
      }
    }
    return result;
  });
}

/** Two readings `ms` apart. */
export async function overInterval(page: Page, ms: number): Promise<{ before: MediaStats; after: MediaStats }> {
  const before = await mediaStats(page);
  await page.waitForTimeout(ms);
  return { before, after: await mediaStats(page) };
}

/** The labels of the tracks the latest peer connection sends (the microphone's is the device's name). */
export function sentTrackLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Connection = { getSenders(): Array<{ track: { label: string } | null }> };
    const peer = ((globalThis as unknown as { __meridianPeers?: Connection[] }).__meridianPeers ?? []).at(-1);
    return peer ? peer.getSenders().flatMap((sender) => (sender.track ? [sender.track.label] : [])) : [];
  });
}
