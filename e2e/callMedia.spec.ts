/**
 * Calls carry real media (SPEC 3, issue 19): two people in two browser contexts, Chromium's fake
 * camera and a tone as the microphone (playwright.config.ts), everything read from getStats on
 * the page's peer connection (e2e/media/peerStats.ts).
 */
import { axeFindings, describeFinding, isSerious } from './axe';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { mediaStats, overInterval, sentTrackLabels } from './media/peerStats';

/** Total audio energy a steady tone delivers per second at the far end is well above this; silence is far below. */
const toneEnergyPerSecond = 0.002;

async function dial(page: Page, input: string) {
  await page.getByRole('tab', { name: 'Calling' }).click();
  const dialer = page.getByRole('form', { name: 'Dialer' });
  await dialer.getByRole('textbox', { name: 'Phone number' }).fill(input);
  await dialer.getByRole('button', { name: 'Call', exact: true }).click();
}

/** Alice calls Bella and Bella answers; resolves at the moment of Answer. */
async function callAndAnswer(alice: Page, bella: Page): Promise<number> {
  await dial(alice, '2125550141');
  const incoming = bella.getByRole('dialog', { name: 'Incoming call' });
  await expect(incoming).toContainText('Alice Nguyen');
  await incoming.getByRole('button', { name: 'Answer' }).click();
  return Date.now();
}

/** Audio energy arriving per second over an interval: the other side's voice, or silence. */
async function energyPerSecond(page: Page, ms = 600): Promise<{ energy: number; packets: number }> {
  const { before, after } = await overInterval(page, ms);
  return { energy: ((after.audioIn.energy - before.audioIn.energy) * 1000) / ms, packets: after.audioIn.packets - before.audioIn.packets };
}

test('a call carries voice both ways from Answer; mute silences that side at the other end; camera on either side; hold stops both ways; hang up closes both', async ({ signIn }) => {
  test.setTimeout(60_000);
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  const answered = await callAndAnswer(alice, bella);
  const aliceCall = alice.getByRole('region', { name: 'Active call' });
  const bellaCall = bella.getByRole('region', { name: 'Active call' });

  // Inbound audio bytes grow on both sides within 3 s of Answer.
  const firstBytes = await Promise.all(
    [alice, bella].map(async (page) => {
      let bytes = 0;
      await expect.poll(async () => (bytes = (await mediaStats(page)).audioIn.bytes), { timeout: Math.max(100, 3_000 - (Date.now() - answered)), intervals: [100] }).toBeGreaterThan(0);
      return bytes;
    }),
  );
  console.log(`audio arriving ${Date.now() - answered} ms after Answer`);
  for (const [index, page] of [alice, bella].entries()) await expect.poll(async () => (await mediaStats(page)).audioIn.bytes).toBeGreaterThan(firstBytes[index]!);
  // What arrives is the tone, both ways.
  await expect.poll(async () => (await energyPerSecond(bella)).energy).toBeGreaterThan(toneEnergyPerSecond);
  await expect.poll(async () => (await energyPerSecond(alice)).energy).toBeGreaterThan(toneEnergyPerSecond);

  // Alice mutes: Bella sees it, and what still arrives from Alice is silence.
  await aliceCall.getByRole('button', { name: 'Mute' }).click();
  await expect(aliceCall.getByRole('button', { name: 'Mute' })).toHaveAttribute('aria-pressed', 'true');
  await expect(bellaCall).toContainText('Alice Nguyen is muted');
  await expect.poll(async () => (await energyPerSecond(bella)).energy, { timeout: 5_000 }).toBeLessThan(toneEnergyPerSecond / 20);
  const muted = await energyPerSecond(bella, 1_000);
  console.log(`muted: ${muted.packets} packets, energy ${muted.energy.toExponential(2)}/s at Bella`);
  expect(muted.energy).toBeLessThan(toneEnergyPerSecond / 20);
  // Bella still hears… nothing from Alice, while Alice still hears Bella.
  expect((await energyPerSecond(alice)).energy).toBeGreaterThan(toneEnergyPerSecond);
  await aliceCall.getByRole('button', { name: 'Mute' }).click();
  await expect(bellaCall).not.toContainText('is muted');
  await expect.poll(async () => (await energyPerSecond(bella)).energy).toBeGreaterThan(toneEnergyPerSecond);

  // Camera on either side: the other side decodes frames and shows the video in the region.
  await bellaCall.getByRole('button', { name: 'Camera' }).click();
  await expect(bellaCall.getByRole('button', { name: 'Camera' })).toHaveAttribute('aria-pressed', 'true');
  const bellaVideo = aliceCall.locator('video[aria-label="Video of Bella Martins"]');
  await expect(bellaVideo).toBeVisible();
  await expect.poll(async () => (await mediaStats(alice)).framesDecoded['1'] ?? 0).toBeGreaterThan(10);
  await expect(bellaCall.locator('video[aria-label="Your camera"]')).toBeVisible();
  await aliceCall.getByRole('button', { name: 'Camera' }).click();
  await expect(bellaCall.locator('video[aria-label="Video of Alice Nguyen"]')).toBeVisible();
  await expect.poll(async () => (await mediaStats(bella)).framesDecoded['1'] ?? 0).toBeGreaterThan(10);
  await bellaCall.getByRole('button', { name: 'Camera' }).click();
  await expect(bellaVideo).toHaveCount(0);

  // Hold stops both directions until resumed.
  await aliceCall.getByRole('button', { name: 'Hold' }).click();
  await expect(aliceCall).toContainText('On hold');
  await expect(bellaCall).toContainText('On hold by the other party');
  for (const page of [alice, bella]) await expect.poll(async () => (await energyPerSecond(page, 500)).packets, { timeout: 5_000 }).toBe(0);
  await aliceCall.getByRole('button', { name: 'Hold' }).click();
  for (const page of [alice, bella]) await expect.poll(async () => (await energyPerSecond(page)).energy).toBeGreaterThan(toneEnergyPerSecond);

  // Hang up closes both peer connections.
  await bellaCall.getByRole('button', { name: 'Hang up' }).click();
  await expect(aliceCall).toContainText('Call ended');
  for (const page of [alice, bella]) await expect.poll(async () => (await mediaStats(page)).connectionStates).toEqual(['closed']);
});

test('Share screen sends the screen beside the camera, and stopping it takes it away on the other side', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await callAndAnswer(alice, bella);
  const aliceCall = alice.getByRole('region', { name: 'Active call' });
  const bellaCall = bella.getByRole('region', { name: 'Active call' });
  await expect.poll(async () => (await mediaStats(bella)).audioIn.bytes).toBeGreaterThan(0);
  await aliceCall.getByRole('button', { name: 'Camera' }).click();
  await aliceCall.getByRole('button', { name: 'Share screen' }).click();
  await expect(aliceCall.getByRole('button', { name: 'Share screen' })).toHaveAttribute('aria-pressed', 'true');
  await expect(bellaCall.locator('video[aria-label="Screen shared by Alice Nguyen"]')).toBeVisible();
  await expect(bellaCall.locator('video[aria-label="Video of Alice Nguyen"]')).toBeVisible();
  // Both videos arrive, on their own transceivers: 1 the camera, 2 the screen.
  await expect.poll(async () => (await mediaStats(bella)).framesDecoded['2'] ?? 0).toBeGreaterThan(5);
  await expect.poll(async () => (await mediaStats(bella)).framesDecoded['1'] ?? 0).toBeGreaterThan(5);
  await aliceCall.getByRole('button', { name: 'Share screen' }).click();
  await expect(aliceCall.getByRole('button', { name: 'Share screen' })).toHaveAttribute('aria-pressed', 'false');
  await expect(bellaCall.locator('video[aria-label="Screen shared by Alice Nguyen"]')).toHaveCount(0);
  await expect(bellaCall.locator('video[aria-label="Video of Alice Nguyen"]')).toBeVisible();
});

test('Devices lists the microphones, speakers and cameras; a choice applies at once and is kept on this machine', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await callAndAnswer(alice, bella);
  const aliceCall = alice.getByRole('region', { name: 'Active call' });
  await aliceCall.getByRole('button', { name: 'Devices' }).click();
  const dialog = alice.getByRole('dialog', { name: 'Devices' });
  const microphone = dialog.getByRole('combobox', { name: 'Microphone' });
  await expect(dialog.getByRole('combobox', { name: 'Speaker' })).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: 'Camera' })).toBeVisible();
  // Chromium's fake devices: a default and two more microphones.
  await expect(microphone.getByRole('option')).not.toHaveCount(1);
  const choice = (await microphone.getByRole('option').nth(2).textContent())!;
  await microphone.selectOption({ label: choice });
  await dialog.getByRole('button', { name: 'Done' }).click();
  // The new microphone is on the call at once (its track is what is sent), and Bella hears it.
  await expect.poll(() => sentTrackLabels(alice)).toEqual([choice]);
  await expect.poll(async () => (await energyPerSecond(bella)).energy).toBeGreaterThan(toneEnergyPerSecond);
  await aliceCall.getByRole('button', { name: 'Hang up' }).click();

  // Kept per machine: after a reload, the next call opens Devices with the same choice. (Chromium's
  // headless shell gives devices new ids on every load, so there this also checks that the choice is
  // known again by its label, src-renderer/media/devices.ts.)
  await alice.reload();
  await expect(alice.getByRole('tab', { name: 'Chat' })).toBeVisible();
  await callAndAnswer(alice, bella);
  await alice.getByRole('region', { name: 'Active call' }).getByRole('button', { name: 'Devices' }).click();
  await expect(alice.getByRole('dialog', { name: 'Devices' }).getByRole('combobox', { name: 'Microphone' }).locator('option:checked')).toHaveText(choice);
});

test('without a microphone a call still connects: that side says so and hears the other, who hears silence', async ({ signIn, openClient }) => {
  const alice = await signIn('alice@northwind.example');
  // Bella's computer has no microphone: every request for one fails as the browser's does.
  const bellaPage = await openClient();
  await bellaPage.addInitScript(() => {
    const devices = (globalThis as unknown as { navigator: { mediaDevices: { getUserMedia: (constraints: { audio?: unknown }) => Promise<unknown> } } }).navigator.mediaDevices;
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = (constraints) => (constraints.audio ? Promise.reject(Object.assign(new Error('Requested device not found'), { name: 'NotFoundError' })) : original(constraints));
  });
  await bellaPage.reload();
  await bellaPage.getByLabel('Email').fill('bella@contoso.example');
  await bellaPage.getByLabel('Password').fill('demo');
  await bellaPage.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(bellaPage.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  await callAndAnswer(alice, bellaPage);
  const bellaCall = bellaPage.getByRole('region', { name: 'Active call' });
  await expect(bellaCall.getByRole('alert')).toHaveText('No microphone was found.');
  await expect(bellaCall).toContainText('Connected');
  await expect.poll(async () => (await energyPerSecond(bellaPage)).energy).toBeGreaterThan(toneEnergyPerSecond);
  expect((await energyPerSecond(alice, 1_000)).energy).toBeLessThan(toneEnergyPerSecond / 20);
});

test('an outside number is a simulated line: it says so, and no media is set up', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await dial(alice, '(800) 555-0199');
  const call = alice.getByRole('region', { name: 'Active call' });
  await expect(call).toContainText('Simulated outside line');
  await expect(call).toContainText('Connected');
  await expect(call.getByRole('button', { name: 'Mute' })).toBeDisabled();
  expect((await mediaStats(alice)).connectionStates).toEqual([]);
});

test('Leave voicemail records the microphone; Stop and send; the callee plays it under Voicemail and it is the caller’s voice', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await dial(alice, '2125550141');
  await bella.getByRole('dialog', { name: 'Incoming call' }).getByRole('button', { name: 'Decline' }).click();
  const aliceCall = alice.getByRole('region', { name: 'Active call' });
  await aliceCall.getByRole('button', { name: 'Leave voicemail' }).click();
  const recorder = aliceCall.getByRole('form', { name: 'Leave voicemail' });
  await expect(recorder.getByRole('status')).toContainText('Recording 0:02');
  await recorder.getByRole('textbox', { name: 'Note (optional)' }).fill('About the contract');
  await recorder.getByRole('button', { name: 'Stop and send' }).click();
  await expect(aliceCall).toHaveCount(0);

  await bella.getByRole('tab', { name: 'Calling' }).click();
  await bella.getByRole('tab', { name: 'Voicemail' }).click();
  const entry = bella.getByRole('list', { name: 'Voicemail', exact: true }).getByRole('listitem').first();
  await expect(entry).toContainText('Alice Nguyen');
  await expect(entry).toContainText('Note: About the contract');
  await expect(entry).toContainText(/0:0[2-9]/);
  await entry.getByRole('button', { name: 'Play' }).click();
  await expect(entry.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'true');
  await expect(bella.getByRole('tab', { name: 'Calling' })).not.toContainText('1'); // played: listened
  // What plays is the recording of Alice's microphone (the tone), not silence: what the audio element outputs, measured in Bella's page.
  const audio = entry.locator('audio');
  await expect.poll(() => audio.evaluate((element) => (element as unknown as { currentTime: number }).currentTime)).toBeGreaterThan(0.3);
  const loudness = await audio.evaluate(async (element) => {
    type Analyser = { fftSize: number; getFloatTimeDomainData(samples: Float32Array): void };
    const scope = globalThis as unknown as { AudioContext: new () => { createMediaStreamSource(stream: unknown): { connect(node: Analyser): void }; createAnalyser(): Analyser } };
    const context = new scope.AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource((element as unknown as { captureStream(): unknown }).captureStream()).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let loudest = 0;
    for (let read = 0; read < 15; read++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      loudest = Math.max(loudest, Math.sqrt(sum / samples.length));
    }
    return { rms: loudest, duration: (element as unknown as { duration: number }).duration };
  });
  console.log(`voicemail playing: RMS ${loudness.rms.toFixed(3)}`);
  expect(loudness.rms).toBeGreaterThan(0.02);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });
    test('a call with video, and Devices, are accessible (axe), and Devices works by keyboard', async ({ signIn }) => {
      // Two axe runs over a page decoding video: slow on a busy 2-core machine.
      test.setTimeout(60_000);
      const alice = await signIn('alice@northwind.example');
      const bella = await signIn('bella@contoso.example');
      await callAndAnswer(alice, bella);
      await bella.getByRole('region', { name: 'Active call' }).getByRole('button', { name: 'Camera' }).click();
      const aliceCall = alice.getByRole('region', { name: 'Active call' });
      await aliceCall.getByRole('button', { name: 'Camera' }).click();
      await expect(aliceCall.locator('video[aria-label="Video of Bella Martins"]')).toBeVisible();
      // axe on what calls add (the dock, then the dialog): the rest of the screen is accessibility.spec.ts's.
      const serious = async (part: string) => (await axeFindings(alice, { include: part })).filter(isSerious).map(describeFinding);
      expect(await serious('[aria-label="Calls and meetings"]')).toEqual([]);
      // The dialog by keyboard: it opens from its button, and Escape returns focus there.
      await aliceCall.getByRole('button', { name: 'Devices' }).focus();
      await alice.keyboard.press('Enter');
      await expect(alice.getByRole('dialog', { name: 'Devices' }).getByRole('combobox', { name: 'Microphone' })).toBeVisible();
      expect(await serious('[role="dialog"]')).toEqual([]);
      await alice.keyboard.press('Escape');
      await expect(aliceCall.getByRole('button', { name: 'Devices' })).toBeFocused();
    });
  });
}
