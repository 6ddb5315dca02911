/**
 * Profile and local time (SPEC 9 People, names in SPEC 6): a person edits their own name, title,
 * department and photo in `Profile`; everyone who sees them sees the change at once (card, chat
 * title, message authors, avatars), nobody else sees any of it, and UNKNOWN USER never shows a
 * photo. A contact card shows the person's local time.
 * Federation-basic: Alice (Northwind) and Bella (Contoso) see each other; Bob (Fabrikam) sees
 * Bella but not Alice; all three are in deal-room.
 */
import type { Browser, Locator, Page } from '@playwright/test';
import { pngImage } from '../src-backend/testing/images';
import { localTime } from '../src-renderer/features/contactCard/localTime';
import { expect, test } from './fixtures';
import { openConversation } from './helpers';

const messageBox = (page: Page) => page.getByRole('textbox', { name: 'Message' });
/** A person's photo beside their name (decorative there, so not in the accessibility tree; a message holds other pictures, its emoji). */
const avatarPhoto = '.avatar img';

/** Opens Profile from the header and returns its dialog. */
async function openProfile(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Profile', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Profile' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Chooses a photo in Profile through the file chooser `Change photo` opens, and waits until it shows. */
async function changePhoto(page: Page, dialog: Locator, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Change photo' }).click();
  await (await chooser).setFiles(file);
}

/** Whether an image element has loaded a picture (not a broken one). */
const drawn = (image: Locator) => image.evaluate((element) => (element as unknown as { complete: boolean; naturalWidth: number }).complete && (element as unknown as { naturalWidth: number }).naturalWidth > 0);

test('Bella changes her title, department and photo in Profile; Alice, who sees her, sees them at once on the card, the list and her messages', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const aliceLog = await openConversation(alice, 'Bella Martins');
  const bella = await signIn('bella@contoso.example');
  await openConversation(bella, 'Alice Nguyen');
  await messageBox(bella).fill('Before my new photo');
  await bella.keyboard.press('Enter');
  const bellasMessage = aliceLog.getByRole('article').filter({ hasText: 'Before my new photo' });
  await expect(bellasMessage).toBeVisible();
  await expect(bellasMessage.locator(avatarPhoto)).toHaveCount(0);

  const dialog = await openProfile(bella);
  await expect(dialog.getByRole('textbox', { name: 'Display name' })).toHaveValue('Bella Martins');
  await expect(dialog.getByRole('textbox', { name: 'Title' })).toHaveValue('Counsel');
  await changePhoto(bella, dialog, { name: 'bella.png', mimeType: 'image/png', buffer: pngImage(64, 64, [30, 120, 200]) });
  await expect(dialog.getByRole('img', { name: 'Your photo' })).toBeVisible();
  expect(await drawn(dialog.getByRole('img', { name: 'Your photo' }))).toBe(true);
  await expect(dialog.getByRole('status')).toHaveText('Photo updated.');
  await dialog.getByRole('textbox', { name: 'Title' }).fill('General Counsel');
  await dialog.getByRole('textbox', { name: 'Department' }).fill('Legal');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);

  // Alice, without reloading: the message already on her screen shows the photo; the list too; the card has it all.
  await expect(bellasMessage.locator(avatarPhoto)).toHaveCount(1);
  expect(await drawn(bellasMessage.locator(avatarPhoto))).toBe(true);
  const listItem = alice.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Bella Martins', exact: true });
  await expect(listItem.locator(avatarPhoto)).toHaveCount(1);
  await bellasMessage.getByRole('button', { name: 'Bella Martins' }).click();
  const card = alice.getByRole('dialog', { name: 'Bella Martins' });
  await expect(card).toContainText('General Counsel · Legal');
  await expect(card.getByRole('img', { name: 'Photo of Bella Martins' })).toBeVisible();
  await alice.keyboard.press('Escape');

  // A new name reaches the chat's title and her messages at once.
  const again = await openProfile(bella);
  await again.getByRole('textbox', { name: 'Display name' }).fill('Bella Martins-Reyes');
  await again.getByRole('textbox', { name: 'Display name' }).press('Enter');
  await expect(again).toHaveCount(0);
  await expect(alice.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Bella Martins-Reyes', exact: true })).toBeVisible();
  await expect(bellasMessage.getByRole('button', { name: 'Bella Martins-Reyes' })).toBeVisible();

  // Remove photo: initials again, for Alice too.
  const third = await openProfile(bella);
  await third.getByRole('button', { name: 'Remove photo' }).click();
  await expect(third.getByRole('status')).toHaveText('Photo removed.');
  await expect(third.getByRole('img', { name: 'Your photo' })).toHaveCount(0);
  await expect(third.getByRole('button', { name: 'Change photo' })).toBeFocused();
  await bella.keyboard.press('Escape');
  await expect(bellasMessage.locator(avatarPhoto)).toHaveCount(0);
  await expect(bellasMessage).toContainText('BM');
});

test('Profile refuses a name that reads as UNKNOWN USER and a file that is not an image, saying why, and changes nothing', async ({ signIn }) => {
  const bella = await signIn('bella@contoso.example');
  const dialog = await openProfile(bella);
  await changePhoto(bella, dialog, { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('<!doctype html><script>alert(1)</script>') });
  await expect(dialog.getByRole('alert')).toHaveText('A photo must be a PNG, JPEG or WebP image.');
  await expect(dialog.getByRole('img', { name: 'Your photo' })).toHaveCount(0);
  await dialog.getByRole('textbox', { name: 'Display name' }).fill('Unknown User');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('reads as UNKNOWN USER');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(bella.getByRole('banner')).toContainText('Bella Martins');
  await expect(bella.getByRole('button', { name: 'Profile', exact: true })).toBeFocused();
});

test('a person of an account that does not see Bob gets UNKNOWN USER and no photo of his; Bella, who sees him, gets his photo', async ({ signIn }) => {
  const bob = await signIn('bob@fabrikam.example');
  const dialog = await openProfile(bob);
  await changePhoto(bob, dialog, { name: 'bob.png', mimeType: 'image/png', buffer: pngImage(32, 32, [200, 120, 30]) });
  await expect(dialog.getByRole('img', { name: 'Your photo' })).toBeVisible();
  await bob.keyboard.press('Escape');
  await openConversation(bob, 'deal-room');
  await messageBox(bob).fill('Photo check in deal-room');
  await bob.keyboard.press('Enter');

  const alice = await signIn('alice@northwind.example');
  const aliceLog = await openConversation(alice, 'deal-room');
  const asAliceSees = aliceLog.getByRole('article').filter({ hasText: 'Photo check in deal-room' });
  await expect(asAliceSees).toContainText('UNKNOWN USER');
  await expect(asAliceSees).not.toContainText('Alvarez');
  await expect(asAliceSees.locator(avatarPhoto)).toHaveCount(0);

  const bella = await signIn('bella@contoso.example');
  const bellaLog = await openConversation(bella, 'deal-room');
  const asBellaSees = bellaLog.getByRole('article').filter({ hasText: 'Photo check in deal-room' });
  await expect(asBellaSees).toContainText('Bob Alvarez');
  await expect(asBellaSees.locator(avatarPhoto)).toHaveCount(1);
  expect(await drawn(asBellaSees.locator(avatarPhoto))).toBe(true);
});

/** Signs in on a browser context of its own, in `timezoneId` (the fixtures' clients share the test's zone). */
async function signInIn(browser: Browser, url: string, email: string, timezoneId: string): Promise<Page> {
  const context = await browser.newContext({ timezoneId });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  return page;
}

test.describe('local time on a card', () => {
  test.use({ timezoneId: 'America/Los_Angeles' });

  test('Alice (Los Angeles) sees Bella’s local time in Kathmandu, and how far ahead; a colleague in her own zone shows the time alone', async ({ signIn, browser, backend, platform }) => {
    test.skip(platform !== 'browser', 'A client in a zone of its own is a browser context; the Electron window takes the machine’s zone.');
    const bella = await signInIn(browser, backend.url, 'bella@contoso.example', 'Asia/Kathmandu');
    try {
      const brian = await signIn('brian@northwind.example');
      await expect(brian.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
      const alice = await signIn('alice@northwind.example');

      await alice.getByRole('searchbox', { name: 'Search' }).fill('Bella');
      await alice.getByRole('option', { name: /Bella Martins/ }).click();
      const card = alice.getByRole('dialog', { name: 'Bella Martins' });
      // The minute may turn while the card opens: either of the two is right.
      const now = Date.now();
      const expected = [now, now + 60_000].map((at) => `Local time ${localTime('Asia/Kathmandu', 'America/Los_Angeles', new Date(at), 'en-US').time}`);
      await expect(card.getByText(/^Local time/)).toHaveText(new RegExp(`^(${expected.join('|')})`));
      // Chromium names the zone by its older spelling, Asia/Katmandu: both are the same place.
      await expect(card).toContainText(/Kath?mandu \(GMT\+5:45\), 13 h 45 min ahead/);
      await alice.keyboard.press('Escape');

      await alice.getByRole('searchbox', { name: 'Search' }).fill('Brian');
      await alice.getByRole('option', { name: /Brian Okafor/ }).click();
      const brians = alice.getByRole('dialog', { name: 'Brian Okafor' });
      await expect(brians.getByText(/^Local time \d{1,2}:\d{2}\s?[AP]M$/)).toBeVisible();
      await expect(brians).not.toContainText('ahead');
      await expect(brians).not.toContainText('behind');
    } finally {
      await bella.context().close();
    }
  });
});
