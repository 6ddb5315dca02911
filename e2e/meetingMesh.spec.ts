/**
 * Without a media server (a laptop without Janus), a meeting of people who all see each other
 * still carries their voices, directly between their clients, for up to four; a meeting with
 * someone not everyone sees carries none, and says so. Both say in one line that there is no
 * media server.
 */
import type { Page } from '@playwright/test';
import { expect, readSeed, test } from './fixtures';
import { openConversation } from './helpers';
import { inboundAudio, mediaLaunchOptions, recordConnections } from './meetingMediaHelpers';

interface Seed {
  channels: Array<{ id: string; members: string[] }>;
}
const seed = readSeed('federation-basic.json') as Seed;
// general: Alice and Brian (Northwind) with Bella and Carl (Contoso), who all see each other; Bob (Fabrikam), whom Northwind does not see.
seed.channels.find((channel) => channel.id === 'ch-nw-general')!.members.push('ct-bella', 'ct-carl', 'fb-bob');

test.use({ seed, mediaServer: 'off', launchOptions: mediaLaunchOptions });

async function join(page: Page): Promise<void> {
  await openConversation(page, 'general');
  await page.getByRole('group', { name: 'Meetings in this conversation' }).getByRole('button', { name: 'Join' }).click();
  await expect(page.getByRole('region', { name: 'Meeting' })).toBeVisible();
}

test('without a media server, people who all see each other hear each other directly; someone unseen stops it, and it says why', async ({ signIn }) => {
  test.setTimeout(90_000);
  const pages: Page[] = [];
  for (const email of ['alice@northwind.example', 'bella@contoso.example', 'brian@northwind.example']) pages.push(await signIn(email));
  for (const page of pages) {
    await page.addInitScript({ content: recordConnections });
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  }
  const [alice, bella, brian] = pages as [Page, Page, Page];
  // Bob signs in now, before any media, and joins later.
  const bob = await signIn('bob@fabrikam.example');
  await openConversation(alice, 'general');
  await alice.getByRole('button', { name: 'Meet now' }).click();
  const aliceMeeting = alice.getByRole('region', { name: 'Meeting' });
  await expect(aliceMeeting).toContainText('No media server here');
  await expect(aliceMeeting).toContainText('voice only, directly between up to 4 people who all see each other');
  await join(bella);
  await join(brian);
  await expect(aliceMeeting.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(3);

  // Each hears the two others, and it keeps coming.
  for (const page of pages) {
    await expect.poll(async () => (await inboundAudio(page)).filter((bytes) => bytes > 0).length, { timeout: 20_000, message: 'voice arriving from the two others' }).toBe(2);
  }
  const before = await inboundAudio(alice);
  await expect.poll(async () => (await inboundAudio(alice)).every((bytes, index) => bytes > (before[index] ?? 0) + 1_000), { timeout: 10_000 }).toBe(true);

  // Bob joins: Alice and Brian do not see him, so nothing goes directly between them, and the meeting says so.
  await join(bob);
  await expect(aliceMeeting).toContainText('this one has more, or people who do not');
  await expect.poll(async () => (await inboundAudio(alice)).length, { timeout: 10_000, message: 'Alice’s direct connections to close' }).toBe(0);
});
