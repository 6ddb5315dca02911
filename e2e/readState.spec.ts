/**
 * Read state lives on the backend (SPEC 9): a conversation open at its newest message is read as
 * messages arrive, on every client of the person, after a reload and after signing in again.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openConversation } from './helpers';

/** Makes the page believe its window is in the background: what arrives there is not read. */
async function inBackground(page: Page): Promise<void> {
  await page.evaluate(`document.hasFocus = () => false; window.dispatchEvent(new Event('blur'));`);
}

const item = (page: Page, title: string) => page.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: title, exact: true });

test('a chat read as messages arrive on one client is read on the person’s other client and after a reload', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bellaDesk = await signIn('bella@contoso.example');
  const bellaLaptop = await signIn('bella@contoso.example');
  const deskLog = await openConversation(bellaDesk, 'Alice Nguyen');
  // The laptop shows the chat too, in a window in the background: it sees the messages come, and reads nothing itself.
  const laptopLog = await openConversation(bellaLaptop, 'Alice Nguyen');
  await inBackground(bellaLaptop);

  await openConversation(alice, 'Bella Martins');
  for (const text of ['Are you free at 3?', 'Or at 4?']) {
    await alice.getByRole('textbox', { name: 'Message' }).fill(text);
    await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
  }
  await expect(deskLog).toContainText('Or at 4?');
  await expect(laptopLog).toContainText('Or at 4?');
  // Read on the desk, where the chat is open at its newest message: the laptop's badge goes too.
  await expect(item(bellaLaptop, 'Alice Nguyen').getByLabel(/unread/)).toHaveCount(0);
  await expect(item(bellaDesk, 'Alice Nguyen').getByLabel(/unread/)).toHaveCount(0);

  // After a reload it is still read: no badge, no `New messages` above what was read.
  await bellaDesk.reload();
  await expect(bellaDesk.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  await expect(item(bellaDesk, 'deal-room')).toBeVisible();
  await expect(item(bellaDesk, 'Alice Nguyen').getByLabel(/unread/)).toHaveCount(0);
  const reloaded = await openConversation(bellaDesk, 'Alice Nguyen');
  await expect(reloaded).toContainText('Or at 4?');
  await expect(reloaded.getByRole('separator', { name: 'New messages' })).toHaveCount(0);

  // Messages that arrive while the chat is open in the background stay unread until the window comes back.
  await inBackground(bellaDesk);
  await alice.getByRole('textbox', { name: 'Message' }).fill('Let me know');
  await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(reloaded).toContainText('Let me know');
  await expect(item(bellaDesk, 'Alice Nguyen').getByLabel('1 unread')).toBeVisible();
  await expect(item(bellaLaptop, 'Alice Nguyen').getByLabel('1 unread')).toBeVisible();
  await bellaDesk.evaluate(`document.hasFocus = () => true; window.dispatchEvent(new Event('focus'));`);
  await expect(item(bellaDesk, 'Alice Nguyen').getByLabel(/unread/)).toHaveCount(0);
  await expect(item(bellaLaptop, 'Alice Nguyen').getByLabel(/unread/)).toHaveCount(0);
});

test('a group chat read as it is written in stays read after signing out and in', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await bella.getByRole('button', { name: 'New chat' }).click();
  const dialog = bella.getByRole('dialog', { name: 'New chat' });
  for (const name of ['Alice', 'Carl']) {
    await dialog.getByRole('searchbox', { name: 'Search' }).fill(name);
    await dialog.getByRole('option').first().click();
  }
  await dialog.getByRole('button', { name: 'Start chat' }).click();
  const log = bella.getByRole('region', { name: 'Alice Nguyen, Carl Jensen' }).getByRole('log', { name: 'Messages' });
  await expect(log).toBeVisible();

  await openConversation(alice, 'Bella Martins, Carl Jensen');
  for (const text of ['Hello both', 'Agenda attached', 'See you there']) {
    await alice.getByRole('textbox', { name: 'Message' }).fill(text);
    await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
  }
  await expect(log).toContainText('See you there');
  await expect(item(bella, 'Alice Nguyen, Carl Jensen').getByLabel(/unread/)).toHaveCount(0);

  await bella.getByRole('button', { name: 'Sign out' }).click();
  await bella.getByLabel('Email').fill('bella@contoso.example');
  await bella.getByLabel('Password').fill('demo');
  await bella.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(item(bella, 'Alice Nguyen, Carl Jensen')).toBeVisible();
  await expect(item(bella, 'deal-room').getByLabel('1 unread')).toBeVisible();
  await expect(item(bella, 'Alice Nguyen, Carl Jensen').getByLabel(/unread/)).toHaveCount(0);
});
