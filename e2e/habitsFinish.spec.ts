/**
 * The rest of issue 20's broken item 12, as a user notices it: `Call ended` puts itself away on
 * both sides, focus after `Leave` lands somewhere useful, a new channel shows selected in its
 * sorted place with a notice, and reacting takes one click from the message's toolbar.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { holdsFocus, openConversation, searchEmoji } from './helpers';

/** The names of the list's conversations, top to bottom. */
const listed = (page: Page) => page.getByRole('list', { name: 'Conversations' }).getByRole('listitem').evaluateAll((items) => items.map((item) => item.getAttribute('aria-label')).filter((name) => name !== null));

test('Call ended is announced, then puts itself away on both sides', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await alice.getByRole('tab', { name: 'Calling' }).click();
  await alice.getByRole('form', { name: 'Dialer' }).getByRole('textbox', { name: 'Phone number' }).fill('2125550141');
  await alice.getByRole('form', { name: 'Dialer' }).getByRole('button', { name: 'Call', exact: true }).click();
  await bella.getByRole('dialog', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
  const calls = [alice, bella].map((page) => page.getByRole('region', { name: 'Active call' }));
  for (const call of calls) await expect(call).toContainText('Connected');

  await calls[1]!.getByRole('button', { name: 'Hang up' }).click();
  for (const call of calls) {
    // Said where a screen reader hears it…
    await expect(call.locator('[aria-live="polite"]')).toHaveText(/Call ended/);
  }
  // …then gone by itself, on both sides, with nobody pressing Close.
  for (const call of calls) await expect(call).toHaveCount(0, { timeout: 10_000 });
});

test('after Leave, focus is in the conversation’s Message box, or on the Meetings list', async ({ signIn }) => {
  const bella = await signIn('bella@contoso.example');
  await openConversation(bella, 'Alice Nguyen');
  await bella.getByRole('button', { name: 'Meet now' }).click();
  const meeting = bella.getByRole('region', { name: 'Meeting' });
  await meeting.getByRole('button', { name: 'Leave' }).click();
  await expect(meeting).toHaveCount(0);
  await expect(bella.getByRole('textbox', { name: 'Message' })).toBeFocused();

  // From the Meetings section, where no Message box is: the list of meetings.
  await bella.getByRole('button', { name: 'Meet now' }).click();
  await bella.getByRole('tab', { name: 'Meetings' }).click();
  await meeting.getByRole('button', { name: 'Leave' }).press('Enter');
  await expect(meeting).toHaveCount(0);
  await expect.poll(() => holdsFocus(bella.getByRole('list', { name: 'Ongoing meetings' }))).toBe(true);
});

test('a new channel shows selected in its sorted place, and a status says it was created', async ({ signIn }) => {
  const bella = await signIn('bella@contoso.example');
  await expect.poll(() => listed(bella)).toEqual(['contoso-news', 'deal-room', 'Alice Nguyen']);
  await bella.getByRole('button', { name: 'New channel' }).click();
  const dialog = bella.getByRole('dialog', { name: 'New channel' });
  await dialog.getByRole('textbox', { name: 'Channel name' }).fill('cooking');
  await dialog.getByRole('button', { name: 'Create' }).click();

  await expect(bella.getByRole('status').filter({ hasText: 'Channel #cooking created' })).toBeVisible();
  await expect(bella.getByRole('listitem', { name: 'cooking' }).getByRole('button')).toHaveAttribute('aria-current', 'true');
  // Between contoso-news and deal-room, where it stays once the list is fetched again (a reload).
  await expect.poll(() => listed(bella)).toEqual(['contoso-news', 'cooking', 'deal-room', 'Alice Nguyen']);
  await bella.reload();
  await expect.poll(() => listed(bella)).toEqual(['contoso-news', 'cooking', 'deal-room', 'Alice Nguyen']);
});

/** Shows a message's toolbar as hovering does, and returns it. */
async function toolbarOf(message: Locator): Promise<Locator> {
  await message.hover();
  return message.getByRole('group', { name: 'Message actions' });
}

test('reacting takes one click: 👍 ❤️ 😂 🎉 on the toolbar, then the person’s recent reactions too', async ({ signIn }) => {
  const bella = await signIn('bella@contoso.example');
  const alice = await signIn('alice@northwind.example');
  const log = await openConversation(bella, 'deal-room');
  const aliceLog = await openConversation(alice, 'deal-room');
  const first = log.getByRole('article').last();
  const toolbar = await toolbarOf(first);
  await expect(toolbar.getByRole('button', { name: /^React with / })).toHaveCount(4);
  for (const name of ['thumbs up', 'red heart', 'face with tears of joy', 'party popper']) await expect(toolbar.getByRole('button', { name: `React with ${name}` })).toBeVisible();

  await toolbar.getByRole('button', { name: 'React with party popper' }).click();
  await expect(first.getByRole('button', { name: /^🎉 1/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(aliceLog.getByRole('article').last().getByRole('button', { name: /^🎉 1/ })).toBeVisible();
  await expect(toolbar.getByRole('button', { name: 'React with party popper' })).toHaveAttribute('aria-pressed', 'true');
  // Pressed again: taken back.
  await toolbar.getByRole('button', { name: 'React with party popper' }).click();
  await expect(first.getByRole('button', { name: /^🎉/ })).toHaveCount(0);

  // An emoji from the picker joins the row as a recent one, kept after a reload.
  await toolbar.getByRole('button', { name: 'Add reaction' }).click();
  await (await searchEmoji(bella, 'rocket')).getByRole('button', { name: 'rocket', exact: true }).click();
  await expect(first.getByRole('button', { name: /^🚀 1/ })).toBeVisible();
  await bella.reload();
  const again = await toolbarOf((await openConversation(bella, 'deal-room')).getByRole('article').last());
  await expect(again.getByRole('button', { name: 'React with 🚀' })).toHaveAttribute('aria-pressed', 'true');
  await expect(again.getByRole('button', { name: /^React with / })).toHaveCount(5);
});
