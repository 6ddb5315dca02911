/**
 * Lists that answer "what needs me" (SPEC 9, SPEC 6 "lists"): the conversation list in sections,
 * `Unread only`, each conversation's last message time, `Draft`, `muted`.
 */
import { expect, test } from './fixtures';
import { openConversation } from './helpers';

test('the list has sections Channels and Direct messages; Unread only shows what is unread under Unread', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const list = alice.getByRole('list', { name: 'Conversations' });
  await expect(list.getByRole('heading', { name: 'Channels' })).toBeVisible();
  await expect(list.getByRole('heading', { name: 'Direct messages' })).toBeVisible();
  // Sections in order, each conversation under its own.
  const order = await list.locator('h3, li[aria-label]').evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? element.textContent));
  expect(order.indexOf('general')).toBeGreaterThan(order.indexOf('Channels'));
  expect(order.indexOf('deal-room')).toBeGreaterThan(order.indexOf('Channels'));
  expect(order.indexOf('Bella Martins')).toBeGreaterThan(order.indexOf('Direct messages'));
  expect(order.indexOf('Direct messages')).toBeGreaterThan(order.indexOf('general'));

  // Alice reads general; Unread only leaves what is still unread.
  await openConversation(alice, 'general');
  await expect(list.getByRole('listitem', { name: 'general' }).getByLabel(/unread/)).toHaveCount(0);
  const unreadOnly = alice.getByRole('button', { name: 'Unread only' });
  await unreadOnly.click();
  await expect(unreadOnly).toHaveAttribute('aria-pressed', 'true');
  await expect(list.getByRole('heading', { name: 'Unread' })).toBeVisible();
  await expect(list.getByRole('listitem', { name: 'deal-room' })).toBeVisible();
  await expect(list.getByRole('listitem', { name: 'Bella Martins' })).toBeVisible();
  await expect(list.getByRole('listitem', { name: 'general' })).toHaveCount(0);
  await expect(list.getByRole('heading', { name: 'Channels' })).toHaveCount(0);
  await unreadOnly.click();
  await expect(list.getByRole('listitem', { name: 'general' })).toBeVisible();
});

test.describe('in Los Angeles', () => {
  test.use({ timezoneId: 'America/Los_Angeles' });

  test('each conversation shows when its last message came; one with a draft says Draft until it is sent', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    const list = alice.getByRole('list', { name: 'Conversations' });
    // The seed's messages are of Nov 20 (15:00 UTC, 7:00 AM here), weeks ago.
    await expect(list.getByRole('listitem', { name: 'general' }).locator('time')).toHaveText(', last message Nov 20');
    await openConversation(alice, 'general');
    await alice.getByRole('textbox', { name: 'Message' }).fill('On my way');
    await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect(list.getByRole('listitem', { name: 'general' }).locator('time')).toHaveText(/, last message \d{1,2}:\d{2}\s?[AP]M/);

    await alice.getByRole('textbox', { name: 'Message' }).fill('Half a thought');
    await openConversation(alice, 'deal-room');
    await expect(list.getByRole('listitem', { name: 'general' })).toContainText('Draft');
    await expect(list.getByRole('listitem', { name: 'deal-room' })).not.toContainText('Draft');
    await openConversation(alice, 'general');
    await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
    await openConversation(alice, 'deal-room');
    await expect(list.getByRole('listitem', { name: 'general' })).not.toContainText('Draft');
  });
});
