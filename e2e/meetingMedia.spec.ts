/**
 * Meetings carry everyone's voice (and video) through the media server (SPEC 3): a meeting of
 * four in a channel where Alice and Bob do not see each other. Each client's receiving connection
 * gets bytes from each of the three others; Alice, who does not see Bob, receives nothing of his —
 * no name, id, stream id, ICE credentials or candidate — in any frame of her connection.
 *
 * The media server is a real Janus the test's backend starts (skipped, saying so, where there is
 * none); Chromium's fake microphone and camera send.
 */
import type { Page } from '@playwright/test';
import { findJanus } from '../src-backend/media/janusProcess';
import { expect, readSeed, test } from './fixtures';
import { openConversation } from './helpers';
import { inboundAudio, mediaLaunchOptions, recordConnections } from './meetingMediaHelpers';

interface Seed {
  channels: Array<{ id: string; members: string[] }>;
}
const seed = readSeed('federation-basic.json') as Seed;
// Carl (Contoso) joins deal-room: Bella, Alice, Bob and Carl; Alice and Bob do not see each other.
seed.channels.find((channel) => channel.id === 'ch-ct-deal')!.members.push('ct-carl');

const janus = findJanus();
test.skip('missing' in janus, `no media server here (${'missing' in janus ? janus.missing : ''}): scripts/ensure-media-server.ts installs Janus`);
test.use({
  seed,
  mediaServer: 'start',
  launchOptions: mediaLaunchOptions,
});

/**
 * What a page sent of itself: its candidates (priority, address and port together: the media
 * server's own differ in priority), ICE credentials, DTLS fingerprints, stream and track ids, SSRCs.
 */
const ownIdentifiers = (page: Page): Promise<string[]> =>
  page.evaluate(`(() => {
    const found = new Set();
    for (const candidate of window.meridianCandidates) {
      const parts = candidate.split(' ');
      if (parts.length > 5) found.add(parts.slice(3, 6).join(' '));
    }
    for (const connection of window.meridianConnections) {
      const sdp = (connection.localDescription && connection.localDescription.sdp) || '';
      for (const match of sdp.matchAll(/a=ice-ufrag:(\\S+)|a=ice-pwd:(\\S+)|a=fingerprint:\\S+ (\\S+)|a=msid:(\\S+) (\\S+)|a=ssrc:(\\d+)/g)) {
        for (const value of match.slice(1)) if (value && value !== '-' && value.length > 3) found.add(value);
      }
    }
    return [...found];
  })()`);

test('a meeting of four: everyone hears everyone through the media server; Alice receives nothing of Bob, whom she does not see', async ({ signIn }) => {
  test.setTimeout(90_000);
  const people = ['bella@contoso.example', 'alice@northwind.example', 'bob@fabrikam.example', 'carl@contoso.example'];
  const pages: Page[] = [];
  const framesToAlice: string[] = [];
  for (const email of people) {
    const page = await signIn(email);
    pages.push(page);
  }
  const [bella, alice, bob, carl] = pages as [Page, Page, Page, Page];
  // Reload with the recorders in place (the session is kept), and keep every frame Alice receives.
  alice.on('websocket', (socket) => socket.on('framereceived', (frame) => framesToAlice.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8'))));
  for (const page of pages) {
    await page.addInitScript({ content: recordConnections });
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  }

  await openConversation(bella, 'deal-room');
  await bella.getByRole('button', { name: 'Meet now' }).click();
  const bellaMeeting = bella.getByRole('region', { name: 'Meeting' });
  await expect(bellaMeeting).toBeVisible();
  for (const page of [alice, bob, carl]) {
    await openConversation(page, 'deal-room');
    await page.getByRole('group', { name: 'Meetings in this conversation' }).getByRole('button', { name: 'Join' }).click();
    await expect(page.getByRole('region', { name: 'Meeting' })).toBeVisible();
  }

  // Everyone sees the four; Alice sees Bob only as UNKNOWN USER, Bella sees him by name.
  const aliceParticipants = alice.getByRole('region', { name: 'Meeting' }).getByRole('list', { name: 'Participants' });
  await expect(aliceParticipants.getByRole('listitem')).toHaveCount(4);
  await expect(aliceParticipants).toContainText('UNKNOWN USER');
  await expect(aliceParticipants).not.toContainText('Bob');
  await expect(bellaMeeting.getByRole('list', { name: 'Participants' })).toContainText('Bob Alvarez');

  // Each client receives the voice of each of the three others, and it keeps coming.
  for (const page of pages) {
    await expect.poll(async () => (await inboundAudio(page)).filter((bytes) => bytes > 0).length, { timeout: 20_000, message: 'audio arriving from the three others' }).toBe(3);
  }
  const before = await Promise.all(pages.map((page) => inboundAudio(page)));
  for (const [index, page] of pages.entries()) {
    await expect
      .poll(async () => {
        const now = await inboundAudio(page);
        return now.length === 3 && now.every((bytes, stream) => bytes > (before[index]![stream] ?? 0) + 1_000);
      }, { timeout: 10_000, message: 'audio from each of the others to keep arriving' })
      .toBe(true);
  }

  // Mute shows to everyone, Alice included (Bob's item says muted, as UNKNOWN USER).
  await bob.getByRole('region', { name: 'Meeting' }).getByRole('button', { name: 'Mute' }).click();
  await expect(aliceParticipants.getByRole('listitem').filter({ hasText: 'UNKNOWN USER' })).toContainText('muted');
  await expect(bellaMeeting.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: 'Bob Alvarez' })).toContainText('muted');

  // Nothing of Bob reached Alice: not his name or id, nor any identifier of his connections.
  const bobIdentifiers = await ownIdentifiers(bob);
  expect(bobIdentifiers.length).toBeGreaterThan(4);
  const everything = framesToAlice.join('\n');
  expect(framesToAlice.length).toBeGreaterThan(10);
  for (const secret of ['Bob Alvarez', 'fb-bob', 'bob@fabrikam', ...bobIdentifiers]) expect(everything, `a frame to Alice held ${secret}`).not.toContain(secret);
  // What Alice did receive about the media came from the media server: its candidates, not a participant's.
  expect(everything).toContain('meeting:media-offered');
});
