/**
 * A message's `More actions` menu (SPEC 6, 9): `Mark unread` makes the conversation unread from
 * that message on every client of the person (badge and `New messages` line follow); `Copy link` copies a link that opens the conversation at that message for a member,
 * and tells anyone else it is not available to them.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openConversation } from './helpers';

const item = (page: Page, title: string) => page.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: title, exact: true });

/** Opens a message's `More actions` menu (its actions show on hover) and chooses `choice`. */
async function choose(log: Locator, text: string, choice: string): Promise<void> {
  const message = log.getByRole('article').filter({ hasText: text });
  await message.hover();
  await message.getByRole('button', { name: 'More actions' }).click();
  await log.page().getByRole('menu').getByRole('menuitem', { name: choice }).click();
}

test('Mark unread makes a chat unread from that message on every client of the person, until opened anew', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bellaDesk = await signIn('bella@contoso.example');
  const bellaLaptop = await signIn('bella@contoso.example');
  const log = await openConversation(bellaDesk, 'Alice Nguyen');
  // The laptop has another conversation open: whatever it shows of the chat comes from the backend.
  await openConversation(bellaLaptop, 'deal-room');

  await openConversation(alice, 'Bella Martins');
  for (const text of ['Budget draft is ready', 'Numbers on page 2', 'Call me after lunch']) {
    await alice.getByRole('textbox', { name: 'Message' }).fill(text);
    await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
  }
  await expect(log).toContainText('Call me after lunch');
  // Read as they arrived on the desk: no badge anywhere.
  await expect(item(bellaDesk, 'Alice Nguyen').getByLabel(/unread/)).toHaveCount(0);
  await expect(item(bellaLaptop, 'Alice Nguyen').getByLabel(/unread/)).toHaveCount(0);

  await choose(log, 'Numbers on page 2', 'Mark unread');
  await expect(bellaDesk.getByRole('status').filter({ hasText: 'Marked unread' })).toBeVisible();
  // Unread from that message: two unread, here and on the laptop.
  await expect(item(bellaDesk, 'Alice Nguyen').getByLabel('2 unread')).toBeVisible();
  await expect(item(bellaLaptop, 'Alice Nguyen').getByLabel('2 unread')).toBeVisible();
  // The `New messages` line sits right above the message marked, after the one before it.
  const divider = log.getByRole('separator', { name: 'New messages' });
  await expect(divider).toBeVisible();
  const order = await log.evaluate((element) => {
    const text = (element as unknown as { innerText: string }).innerText;
    return [text.indexOf('Budget draft is ready'), text.indexOf('New messages'), text.indexOf('Numbers on page 2')];
  });
  expect(order[0]).toBeLessThan(order[1]!);
  expect(order[1]).toBeLessThan(order[2]!);
  // Still open on the desk at its newest message, it is not read again at once (Slack's habit): the badge stays.
  await log.getByRole('article').filter({ hasText: 'Call me after lunch' }).hover();
  await expect(item(bellaDesk, 'Alice Nguyen').getByLabel('2 unread')).toBeVisible();

  // (That a reload or the next sign-in says the same is src-backend/readState.backend.test.ts's: the backend keeps it.)
  // Opening the chat anew reads it, on every client.
  await openConversation(bellaDesk, 'deal-room');
  const reopened = await openConversation(bellaDesk, 'Alice Nguyen');
  await expect(reopened.getByRole('separator', { name: 'New messages' })).toBeVisible();
  await expect(item(bellaDesk, 'Alice Nguyen').getByLabel(/unread/)).toHaveCount(0);
  await expect(item(bellaLaptop, 'Alice Nguyen').getByLabel(/unread/)).toHaveCount(0);
  // Alice's side never changed.
  await expect(item(alice, 'Bella Martins').getByLabel(/unread/)).toHaveCount(0);
});

test('Copy link copies a link that opens the conversation at that message for a member, and tells others it is not available', async ({ signIn }) => {
  const bella = await signIn('bella@contoso.example');
  await bella.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const log = await openConversation(bella, 'deal-room');
  await choose(log, 'Draft is in the folder.', 'Copy link');
  await expect(bella.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  const link = await bella.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  expect(link).toMatch(/#\/chat\/ch-ct-deal\/message\/[^/]+$/);

  // Alice, a member, follows it: deal-room opens at that message.
  const alice = await signIn('alice@northwind.example');
  await alice.goto(link);
  const aliceLog = alice.getByRole('region', { name: 'deal-room' }).getByRole('log', { name: 'Messages' });
  await expect(aliceLog.getByRole('article').filter({ hasText: 'Draft is in the folder.' })).toBeInViewport();

  // Carl sees Bella but is not in deal-room: told it is not available, shown nothing of it.
  const carl = await signIn('carl@contoso.example');
  await carl.goto(link);
  await expect(carl.getByRole('alert')).toContainText('not a member');
  await expect(carl.getByRole('region', { name: 'deal-room' })).toHaveCount(0);
  await expect(carl.getByText('Draft is in the folder.')).toHaveCount(0);
});

test('Pin keeps a message in the conversation’s Pinned messages for every member, as each sees its author; Unpin takes it out', async ({ signIn }) => {
  const bella = await signIn('bella@contoso.example');
  const alice = await signIn('alice@northwind.example');
  const bellaLog = await openConversation(bella, 'deal-room');
  await choose(bellaLog, 'Draft is in the folder.', 'Pin');
  await expect(bella.getByRole('status').filter({ hasText: 'Pinned' })).toBeVisible();

  // Alice, in deal-room too, finds it from the header; she does not see Bob, so it is UNKNOWN USER's.
  await openConversation(alice, 'deal-room');
  await alice.getByRole('region', { name: 'deal-room' }).getByRole('button', { name: 'Pinned messages' }).click();
  const dialog = alice.getByRole('dialog', { name: 'Pinned messages' });
  const list = dialog.getByRole('list', { name: 'Pinned messages' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem')).toContainText('Draft is in the folder.');
  await expect(list.getByRole('listitem')).toContainText('UNKNOWN USER');
  await expect(dialog).not.toContainText('Bob');
  // Choosing it opens the conversation at it, with focus in the Message box.
  await list.getByRole('button').click();
  await expect(dialog).toBeHidden();
  await expect(alice.getByRole('region', { name: 'deal-room' }).getByRole('article').filter({ hasText: 'Draft is in the folder.' })).toBeInViewport();
  await expect(alice.getByRole('textbox', { name: 'Message' })).toBeFocused();

  // Bella's menu now offers Unpin: the list empties for Alice too, told by the backend while she has it open.
  await alice.getByRole('region', { name: 'deal-room' }).getByRole('button', { name: 'Pinned messages' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await choose(bellaLog, 'Draft is in the folder.', 'Unpin');
  await expect(bella.getByRole('status').filter({ hasText: 'Unpinned' })).toBeVisible();
  await expect(list.getByRole('listitem')).toHaveCount(0);
  await expect(dialog).toContainText('Nothing is pinned here yet.');
});

test('Pinned messages shows a formatted message as the log does: its words, not its marks', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const log = await openConversation(alice, 'general');
  await alice.getByRole('textbox', { name: 'Message' }).fill('> Vendor signed **today**');
  await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
  await choose(log, 'Vendor signed today', 'Pin');
  await alice.getByRole('region', { name: 'general' }).getByRole('button', { name: 'Pinned messages' }).click();
  const pinned = alice.getByRole('dialog', { name: 'Pinned messages' }).getByRole('list', { name: 'Pinned messages' }).getByRole('listitem');
  await expect(pinned).toContainText('Vendor signed today');
  await expect(pinned).not.toContainText('**');
  await expect(pinned).not.toContainText('>');
});
