/**
 * `npm run bench:media` (the calls half): the time from Answer to the first audio frame decoded,
 * on both sides of a call, over BENCH_CALLS calls (20 by default) between two browser windows of
 * the browser build on this machine: Chromium's fake devices, a tone as the microphone, the
 * bundled backend relaying the signalling. Reported as p50/p95/max per side and for the later
 * of the two, beside a baseline measured in the same run: two RTCPeerConnections in one page,
 * signalled in memory (what WebRTC itself takes on this machine, with no app, no backend, no
 * second window).
 *
 * "Decoded" is the page's own getStats saying inbound-rtp audio has samples received
 * (totalSamplesReceived > 0), read every 5 ms inside the page; "Answer" is the click, stamped in
 * the callee's page. Both stamps are Date.now() on one machine's clock. The baseline starts where
 * the callee's side does (taking the microphone) and plays what arrives, as the app does.
 * BENCH_BASELINE_ONLY=1 measures the baseline alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { writeToneWav } from '../e2e/media/toneWav';
import { findChromium } from '../e2e/browser';
import { startServer } from '../src-backend/server';
import { basicSeed } from '../src-backend/testing/testServer';
import { summarize, type Summary } from './lib/stats';

const calls = Number(process.env.BENCH_CALLS ?? 20);
const baselineOnly = process.env.BENCH_BASELINE_ONLY === '1';
/** The aim on loopback. */
const aimMs = 1_000;

/**
 * Installed in each page (as a string: tsx's helpers do not exist there): stamps the click on
 * Answer, and for every peer connection made, when its first inbound audio samples are decoded.
 */
const watcher = `(() => {
  window.__bench = { answeredAt: 0, firstAudioAt: 0 };
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (button && button.textContent.trim() === 'Answer') window.__bench.answeredAt = Date.now();
  }, true);
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = function (...args) {
    const connection = new Original(...args);
    const poll = async () => {
      if (connection.connectionState === 'closed') return;
      const stats = await connection.getStats();
      let decoded = false;
      stats.forEach((stat) => { if (stat.type === 'inbound-rtp' && stat.kind === 'audio' && stat.totalSamplesReceived > 0) decoded = true; });
      if (decoded) { if (!window.__bench.firstAudioAt) window.__bench.firstAudioAt = Date.now(); return; }
      setTimeout(poll, 5);
    };
    poll();
    return connection;
  };
  window.RTCPeerConnection.prototype = Original.prototype;
})();`;

async function signIn(browser: Browser, url: string, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(watcher);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
  return page;
}

const reset = (page: Page) => page.evaluate(`window.__bench = { answeredAt: 0, firstAudioAt: 0 }`);
const stamps = (page: Page) => page.evaluate<{ answeredAt: number; firstAudioAt: number }>(`window.__bench`);

/** One call: Alice dials, Bella answers; both sides' time from the click to the first decoded audio. */
async function oneCall(alice: Page, bella: Page): Promise<{ caller: number; callee: number }> {
  await Promise.all([reset(alice), reset(bella)]);
  const dialer = alice.getByRole('form', { name: 'Dialer' });
  await dialer.getByRole('textbox', { name: 'Phone number' }).fill('2125550141');
  await dialer.getByRole('button', { name: 'Call', exact: true }).click();
  await bella.getByRole('dialog', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
  const deadline = Date.now() + 15_000;
  let [a, b] = await Promise.all([stamps(alice), stamps(bella)]);
  while (!(a.firstAudioAt && b.firstAudioAt)) {
    if (Date.now() > deadline) throw new Error('bench: no audio decoded within 15 s of Answer');
    await new Promise((resolve) => setTimeout(resolve, 20));
    [a, b] = await Promise.all([stamps(alice), stamps(bella)]);
  }
  const answeredAt = b.answeredAt;
  await alice.getByRole('region', { name: 'Active call' }).getByRole('button', { name: 'Hang up' }).click();
  await alice.getByRole('region', { name: 'Active call' }).getByRole('button', { name: 'Close' }).click();
  await bella.getByRole('region', { name: 'Active call' }).getByRole('button', { name: 'Close' }).click();
  return { caller: a.firstAudioAt - answeredAt, callee: b.firstAudioAt - answeredAt };
}

/** The baseline: two peer connections in one page, signalled in memory, from the offer to the first decoded audio. */
async function baselineCall(page: Page): Promise<number> {
  return page.evaluate<number>(`(async () => {
    const started = Date.now();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const a = new RTCPeerConnection(); const b = new RTCPeerConnection();
    a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
    // Played, as the app plays the other party: audio is decoded as the output pulls it.
    const audio = new Audio();
    b.ontrack = (e) => { audio.srcObject = new MediaStream([e.track]); audio.play().catch(() => undefined); };
    a.addTrack(stream.getAudioTracks()[0], stream);
    await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
    for (;;) {
      const stats = await b.getStats();
      let decoded = false;
      stats.forEach((stat) => { if (stat.type === 'inbound-rtp' && stat.kind === 'audio' && stat.totalSamplesReceived > 0) decoded = true; });
      if (decoded) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const elapsed = Date.now() - started;
    a.close(); b.close(); stream.getTracks().forEach((track) => track.stop()); audio.srcObject = null;
    return elapsed;
  })()`);
}

const row = (label: string, summary: Summary) => `${label.padEnd(46)} ${String(Math.round(summary.p50)).padStart(6)} ${String(Math.round(summary.p95)).padStart(6)} ${String(Math.round(summary.max)).padStart(6)}`;

async function main(): Promise<void> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'meridian-bench-media-'));
  const tone = writeToneWav(path.join(folder, 'tone.wav'));
  const server = await startServer({ db: ':memory:', seed: basicSeed(), port: 0 });
  const found = findChromium({ headless: true });
  const browser = await chromium.launch({
    executablePath: found?.executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${tone}`, '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const alice = await signIn(browser, server.url, 'alice@northwind.example');
    const bella = await signIn(browser, server.url, 'bella@contoso.example');
    await alice.getByRole('tab', { name: 'Calling' }).click();
    if (baselineOnly) {
      const baseline: number[] = [];
      for (let index = 0; index < calls; index++) baseline.push(await baselineCall(alice));
      console.log(row('baseline: 2 peer connections in 1 page', summarize(baseline)));
      return;
    }
    // One call first, not counted: Chromium opens its audio and codec machinery once.
    await oneCall(alice, bella);
    const caller: number[] = [];
    const callee: number[] = [];
    const both: number[] = [];
    for (let index = 0; index < calls; index++) {
      const result = await oneCall(alice, bella);
      caller.push(result.caller);
      callee.push(result.callee);
      both.push(Math.max(result.caller, result.callee));
    }
    await baselineCall(alice);
    const baseline: number[] = [];
    for (let index = 0; index < calls; index++) baseline.push(await baselineCall(alice));

    const load = os.loadavg().map((value) => value.toFixed(1)).join(' ');
    console.log(`\nCalls: Answer → first audio frame decoded, ${calls} calls on loopback (${os.cpus().length} cores, load ${load})\n`);
    console.log(`${''.padEnd(46)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'max'.padStart(6)}   (ms)`);
    console.log(row('caller (Alice) hears Bella', summarize(caller)));
    console.log(row('callee (Bella) hears Alice', summarize(callee)));
    console.log(row('both sides (the later of the two)', summarize(both)));
    console.log(row('baseline: 2 peer connections in 1 page', summarize(baseline)));
    const p95 = summarize(both).p95;
    console.log(`\np95 both sides ${Math.round(p95)} ms: ${p95 <= aimMs ? 'within' : 'ABOVE'} the aim of ${aimMs} ms; ${(p95 / summarize(baseline).p95).toFixed(1)}× the baseline's p95`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
