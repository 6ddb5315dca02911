/** Steps the meeting media specs share: what a page's connections receive, read by the test. */
import type { LaunchOptions, Page } from '@playwright/test';
import { findChromium } from './browser';

/**
 * Before the app loads (plain JavaScript: the page's side): every RTCPeerConnection the page makes
 * is kept, for getStats, with the candidates it gathers.
 */
export const recordConnections = `
(() => {
  const Native = window.RTCPeerConnection;
  const kept = [];
  const candidates = [];
  window.meridianConnections = kept;
  window.meridianCandidates = candidates;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration) {
      super(configuration);
      kept.push(this);
      this.addEventListener('icecandidate', (event) => { if (event.candidate && event.candidate.candidate) candidates.push(event.candidate.candidate); });
    }
  };
})();
`;

/** Inbound audio bytes of each received audio stream of the page's open connections. */
export const inboundAudio = (page: Page): Promise<number[]> =>
  page.evaluate(`(async () => {
    const bytes = [];
    for (const connection of window.meridianConnections) {
      if (connection.connectionState === 'closed') continue;
      (await connection.getStats()).forEach((report) => { if (report.type === 'inbound-rtp' && report.kind === 'audio') bytes.push(report.bytesReceived || 0); });
    }
    return bytes;
  })()`);

/** Launch arguments for pages that send media: Chromium's fake microphone and camera, granted without asking. */
export const mediaLaunchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'];

/** The suite's Chromium (e2e/browser.ts: the one playwright.config.ts drives) with `mediaLaunchArgs`, for a spec's `test.use`. */
export const mediaLaunchOptions: LaunchOptions = { executablePath: findChromium({ headless: true })?.executablePath, args: mediaLaunchArgs };

/**
 * What a page receives on all its open connections (the test harness records every one in
 * `__meridianPeers`): inbound audio bytes, and video frames decoded, summed.
 */
export const receivedMedia = (page: Page): Promise<{ audioBytes: number; videoFrames: number }> =>
  page.evaluate(`(async () => {
    const result = { audioBytes: 0, videoFrames: 0 };
    for (const connection of window.__meridianPeers || []) {
      if (connection.connectionState === 'closed') continue;
      (await connection.getStats()).forEach((report) => {
        if (report.type !== 'inbound-rtp') return;
        if (report.kind === 'audio') result.audioBytes += report.bytesReceived || 0;
        if (report.kind === 'video') result.videoFrames += report.framesDecoded || 0;
      });
    }
    return result;
  })()`);
