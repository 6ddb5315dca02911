import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function openChat(page: Page, title: string) {
  await page.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: title }).getByRole('button').click();
  return page.getByRole('log', { name: 'Messages' });
}

async function attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach file' }).click();
  await (await chooser).setFiles(file);
}

test('Alice shares a file with Bella across federated accounts; Bella downloads it intact', async ({ signIn, platform }) => {
  test.skip(
    platform === 'electron',
    'Electron downloads through main with a save prompt (src-main/downloads.ts), not as a page download event. Covered: src-main/downloads.test.ts “downloads only URLs of the Meridian server” and “asks where to save, offering the Downloads folder under a name that replaces no file”; the saved bytes are checked only by this test in the browser project',
  );
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  const aliceLog = await openChat(alice, 'Bella Martins');
  const bellaLog = await openChat(bella, 'Alice Nguyen');

  const bytes = randomBytes(300_000);
  await attach(alice, { name: 'discharge-plan.pdf', mimeType: 'application/pdf', buffer: bytes });
  await expect(aliceLog.getByRole('link', { name: 'discharge-plan.pdf' })).toBeVisible();

  const link = bellaLog.getByRole('article', { name: 'Message from Alice Nguyen' }).getByRole('link', { name: 'discharge-plan.pdf' });
  await expect(link).toBeVisible();
  const downloading = bella.waitForEvent('download');
  await link.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('discharge-plan.pdf');
  expect((await readFile(await download.path())).equals(bytes)).toBe(true);
});

test('a shared image previews in the log for the other member', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await openChat(alice, 'Bella Martins');
  const bellaLog = await openChat(bella, 'Alice Nguyen');
  // A 1×1 PNG.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await attach(alice, { name: 'ward-map.png', mimeType: 'image/png', buffer: png });
  const image = bellaLog.getByRole('img', { name: 'ward-map.png' });
  await expect(image).toBeVisible();
  expect(await image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
  await expect(bellaLog.getByRole('link', { name: 'ward-map.png' })).toBeVisible();
});

test.describe('with a 64 KB upload limit', () => {
  test.use({ maxUploadBytes: 64 * 1024 });

  test('an over-limit file is refused with an alert and nothing is sent', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    const log = await openChat(alice, 'Bella Martins');
    await attach(alice, { name: 'scan.tiff', mimeType: 'image/tiff', buffer: randomBytes(100 * 1024) });
    await expect(alice.getByRole('alert')).toHaveText(/File too large: the limit is 64 KB\./);
    await expect(log.getByRole('link', { name: 'scan.tiff' })).toHaveCount(0);

    // A file within the limit still goes through afterwards.
    await attach(alice, { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('fits') });
    await expect(log.getByRole('link', { name: 'note.txt' })).toBeVisible();
    await expect(alice.getByRole('alert')).toHaveCount(0);
  });
});
