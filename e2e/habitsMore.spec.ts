/**
 * Everyday habits of Slack and Teams (SPEC 9), more of what issue 20 found missing: `@here` and
 * `@channel`, a status that clears itself, the other person's local time, naming a group chat.
 * Federation-basic: deal-room is Bella's, Alice's and Bob's; Alice and Bob do not see each other.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openConversation } from './helpers';

const messageBox = (page: Page) => page.getByRole('textbox', { name: 'Message' });
const listItem = (page: Page, title: string) => page.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: title, exact: true });

test.describe('@here and @channel', () => {
  test('Mentions shows a formatted message as the log does: its words, not its marks', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    const bella = await signIn('bella@contoso.example');
    await openConversation(bella, 'deal-room');
    const box = messageBox(bella);
    await box.pressSequentially('@here ');
    await box.press('Shift+Enter');
    await box.pressSequentially('> vendor said **yes**');
    await box.press('Enter');
    await alice.getByRole('button', { name: 'Mentions', exact: true }).click();
    const item = alice.getByRole('list', { name: 'Mentions' }).getByRole('listitem').filter({ hasText: 'vendor said yes' });
    await expect(item).toContainText('@here vendor said yes');
    await expect(item).not.toContainText('>');
    await expect(item).not.toContainText('**');
  });

  test('a channel’s Message box offers them; @here mentions the members online, @channel every member: highlighted, counted and in Mentions', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    await openConversation(alice, 'general');
    const bella = await signIn('bella@contoso.example');
    const bellaLog = await openConversation(bella, 'deal-room');

    const box = messageBox(bella);
    await box.pressSequentially('@');
    const offered = bella.getByRole('listbox', { name: 'Mentions' }).getByRole('option');
    await expect(offered).toHaveText([/Alice Nguyen/, /Bob Alvarez/, /@here/, /@channel/]);
    await box.pressSequentially('he');
    await expect(offered).toHaveText([/@here/]);
    await bella.keyboard.press('Enter');
    await expect(box).toHaveValue('@here ');
    await box.pressSequentially('standup in 5');
    await bella.keyboard.press('Enter');
    const sent = bellaLog.getByRole('article').last();
    await expect(sent).toContainText('@here standup in 5');
    await expect(sent.locator('.mention', { hasText: '@here' })).toBeVisible();

    // Alice is online: it is her mention.
    await expect(listItem(alice, 'deal-room')).toContainText('mention');
    await alice.getByRole('button', { name: 'Mentions', exact: true }).click();
    await expect(alice.getByRole('list', { name: 'Mentions' }).getByRole('listitem').filter({ hasText: '@here standup in 5' })).toBeVisible();

    // Bob was offline: not his. @channel then is.
    const bob = await signIn('bob@fabrikam.example');
    await expect(listItem(bob, 'deal-room')).toBeVisible();
    await expect(listItem(bob, 'deal-room')).not.toContainText('mention');
    await box.pressSequentially('@chan');
    await bella.keyboard.press('Tab');
    await box.pressSequentially('the deal closes Friday');
    await bella.keyboard.press('Enter');
    await expect(listItem(bob, 'deal-room')).toContainText('mention');
    const bobLog = await openConversation(bob, 'deal-room');
    await expect(bobLog.getByRole('article').last().locator('.mention', { hasText: '@channel' })).toBeVisible();
  });

  test('a 1:1 chat offers neither, and there they are plain words', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    const log = await openConversation(alice, 'Bella Martins');
    const box = messageBox(alice);
    await box.pressSequentially('@');
    await expect(alice.getByRole('listbox', { name: 'Mentions' }).getByRole('option')).toHaveText([/Bella Martins/]);
    await box.pressSequentially('here ok');
    await alice.keyboard.press('Enter');
    await expect(log.getByRole('article').last()).toContainText('@here ok');
    await expect(log.getByRole('article').last().locator('.mention')).toHaveCount(0);
  });
});

test('Set status offers Clear after (Never, 30 minutes, 1 hour, 4 hours, Today, This week); a status set to clear shows to others as any other', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await bella.getByRole('searchbox', { name: 'Search' }).fill('Alice');
  await bella.getByRole('option', { name: /Alice Nguyen/ }).click();
  const card = bella.getByRole('dialog', { name: 'Alice Nguyen' });

  await alice.getByRole('button', { name: 'Set status' }).click();
  const dialog = alice.getByRole('dialog', { name: 'Set status' });
  const clearAfter = dialog.getByRole('combobox', { name: 'Clear after' });
  await expect(clearAfter).toHaveValue('never');
  await expect(clearAfter.getByRole('option')).toHaveText(['Never', '30 minutes', '1 hour', '4 hours', 'Today', 'This week']);
  await dialog.getByRole('textbox', { name: 'Status message' }).fill('At lunch');
  await clearAfter.selectOption({ label: '1 hour' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(card).toContainText('At lunch');
});
