/**
 * A meeting through the media server (SPEC 3), two things a user does: `Share screen` shows the
 * screen in the sharer's tile for everyone else (video frames decoded there), and stopping it
 * takes it away; a participant whose computer has no microphone still takes part — told so, shown
 * as muted to the others, hearing everyone.
 *
 * Bella and Carl (both Contoso) in #contoso-news; a real Janus the test's backend starts
 * (skipped, saying so, where there is none); Chromium's fake camera, microphone and screen.
 */
import type { Page } from '@playwright/test';
import { findJanus } from '../src-backend/media/janusProcess';
import { expect, test } from './fixtures';
import { openConversation } from './helpers';
import { mediaLaunchOptions, receivedMedia } from './meetingMediaHelpers';

const janus = findJanus();
test.skip('missing' in janus, `no media server here (${'missing' in janus ? janus.missing : ''}): scripts/ensure-media-server.ts installs Janus`);
test.use({
  mediaServer: 'start',
  launchOptions: mediaLaunchOptions,
});

/** Opens a client whose computer has no microphone (every request for one fails as the browser's does) and signs in. */
async function signInWithoutMicrophone(openClient: () => Promise<Page>, email: string): Promise<Page> {
  const page = await openClient();
  await page.addInitScript(() => {
    const devices = (globalThis as unknown as { navigator: { mediaDevices: { getUserMedia: (constraints: { audio?: unknown }) => Promise<unknown> } } }).navigator.mediaDevices;
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = (constraints) => (constraints.audio ? Promise.reject(Object.assign(new Error('Requested device not found'), { name: 'NotFoundError' })) : original(constraints));
  });
  await page.reload();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  return page;
}

test('Share screen in a meeting shows the screen to the others until it stops; a participant without a microphone takes part, muted, hearing everyone', async ({ signIn, openClient }) => {
  test.setTimeout(90_000);
  const bella = await signIn('bella@contoso.example');
  const carl = await signInWithoutMicrophone(openClient, 'carl@contoso.example');

  await openConversation(bella, 'contoso-news');
  await bella.getByRole('button', { name: 'Meet now' }).click();
  const bellaMeeting = bella.getByRole('region', { name: 'Meeting' });
  await expect(bellaMeeting).toBeVisible();
  await openConversation(carl, 'contoso-news');
  await carl.getByRole('group', { name: 'Meetings in this conversation' }).getByRole('button', { name: 'Join' }).click();
  const carlMeeting = carl.getByRole('region', { name: 'Meeting' });
  await expect(carlMeeting).toBeVisible();

  // Carl has no microphone: he is told, Bella sees him muted, and he hears her all the same.
  await expect(carlMeeting.getByRole('alert')).toHaveText('No microphone was found.');
  const carlForBella = bellaMeeting.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: 'Carl Jensen' });
  await expect(carlForBella).toContainText('muted');
  await expect.poll(async () => (await receivedMedia(carl)).audioBytes, { timeout: 20_000, message: 'Bella’s voice arriving at Carl' }).toBeGreaterThan(0);
  const heard = (await receivedMedia(carl)).audioBytes;
  await expect.poll(async () => (await receivedMedia(carl)).audioBytes, { message: 'Bella’s voice to keep arriving' }).toBeGreaterThan(heard + 2_000);
  expect((await receivedMedia(carl)).videoFrames).toBe(0);

  // Bella shares her screen: Carl sees it in her tile, frames decoded, and that she is sharing.
  const share = bellaMeeting.getByRole('button', { name: 'Share screen' });
  await share.click();
  await expect(share).toHaveAttribute('aria-pressed', 'true');
  await expect(bellaMeeting.getByLabel('Your screen')).toBeVisible();
  const bellaForCarl = carlMeeting.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: 'Bella Martins' });
  await expect(bellaForCarl.getByRole('img', { name: 'sharing a screen' })).toBeVisible();
  await expect(carlMeeting.getByLabel('Bella Martins\'s screen')).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await receivedMedia(carl)).videoFrames, { timeout: 15_000, message: 'frames of Bella’s screen decoded at Carl' }).toBeGreaterThan(10);
  await carl.screenshot({ path: test.info().outputPath('carl-sees-bella-share.png') });

  // She stops: her tile is her avatar again for Carl, and nothing says she shares.
  await share.click();
  await expect(share).toHaveAttribute('aria-pressed', 'false');
  await expect(carlMeeting.getByLabel('Bella Martins\'s screen')).toHaveCount(0);
  await expect(bellaForCarl.getByRole('img', { name: 'sharing a screen' })).toHaveCount(0);
  // And her voice still arrives.
  const before = (await receivedMedia(carl)).audioBytes;
  await expect.poll(async () => (await receivedMedia(carl)).audioBytes).toBeGreaterThan(before + 2_000);
});
