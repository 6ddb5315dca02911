/**
 * Threads (SPEC 7, SPEC 6 "thread") in deal-room (federation-basic.json), whose members do not
 * all see each other: Alice (Northwind) and Bob (Fabrikam) are UNKNOWN USER to one another;
 * Bella (Contoso) sees both.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { searchEmoji } from './helpers';

async function openDealRoom(page: Page) {
  await page.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'deal-room' }).getByRole('button').click();
  return page.getByRole('log', { name: 'Messages' });
}

test('a reply in a thread reaches everyone live; the message shows its count; authors are shown as each may see them', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  const bob = await signIn('bob@fabrikam.example');
  const aliceLog = await openDealRoom(alice);
  const bellaLog = await openDealRoom(bella);
  await openDealRoom(bob);

  // Reply in thread is there on hover and on focus.
  const draft = aliceLog.getByRole('article').filter({ hasText: 'Draft is in the folder.' });
  await draft.hover();
  await draft.getByRole('button', { name: 'Reply in thread' }).click();
  const thread = alice.getByRole('region', { name: 'Thread' });
  await expect(thread).toContainText('Draft is in the folder.');
  await expect(thread.getByRole('textbox', { name: 'Reply' })).toBeFocused();
  await thread.getByRole('textbox', { name: 'Reply' }).fill('Clause 7 needs another look.');
  await thread.getByRole('button', { name: 'Send' }).click();
  await expect(thread.getByRole('log', { name: 'Replies' })).toContainText('Clause 7 needs another look.');
  // The reply is not in the log; its message says how many there are.
  await expect(aliceLog).not.toContainText('Clause 7 needs another look.');
  await expect(aliceLog.getByRole('button', { name: '1 reply' })).toBeVisible();

  // Bella sees the count live and opens the thread from it.
  await bellaLog.getByRole('button', { name: '1 reply' }).click();
  const bellaThread = bella.getByRole('region', { name: 'Thread' });
  await expect(bellaThread.getByRole('log', { name: 'Replies' })).toContainText('Alice Nguyen');
  await bellaThread.getByRole('textbox', { name: 'Reply' }).fill('I will redraft it tonight.');
  await bellaThread.getByRole('textbox', { name: 'Reply' }).press('Enter');
  await expect(thread.getByRole('log', { name: 'Replies' })).toContainText('I will redraft it tonight.');
  await expect(aliceLog.getByRole('button', { name: '2 replies' })).toBeVisible();

  // Bob started it: he sees Alice's reply from UNKNOWN USER, and never her name.
  await bob.getByRole('log', { name: 'Messages' }).getByRole('button', { name: '2 replies' }).click();
  const bobReplies = bob.getByRole('region', { name: 'Thread' }).getByRole('log', { name: 'Replies' });
  await expect(bobReplies.getByRole('article', { name: 'Message from UNKNOWN USER' })).toContainText('Clause 7 needs another look.');
  await expect(bobReplies.getByRole('article', { name: 'Message from Bella Martins' })).toContainText('I will redraft it tonight.');
  await expect(bob.locator('body')).not.toContainText('Alice');

  // A reaction to a reply shows in the thread, live, for the one who reacted and the others.
  const aliceReply = bellaThread.getByRole('log', { name: 'Replies' }).getByRole('article').filter({ hasText: 'Clause 7 needs another look.' });
  await aliceReply.hover();
  await aliceReply.getByRole('button', { name: 'Add reaction' }).click();
  await expect((await searchEmoji(bella, 'thumbs up')).getByRole('button', { name: 'thumbs up', exact: true })).toBeVisible();
  await bella.keyboard.press('Enter');
  await expect(aliceReply.getByRole('button', { name: /^👍 1/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(thread.getByRole('log', { name: 'Replies' }).getByRole('button', { name: /^👍 1/ })).toHaveAttribute('aria-pressed', 'false');
  await expect(bobReplies.getByRole('article', { name: 'Message from UNKNOWN USER' }).getByRole('button', { name: /^👍 1/ })).toBeVisible();

  // Close thread (and Escape) returns to the log.
  await thread.getByRole('button', { name: 'Close thread' }).click();
  await expect(alice.getByRole('region', { name: 'Thread' })).toHaveCount(0);
  await aliceLog.getByRole('button', { name: '2 replies' }).click();
  await alice.getByRole('region', { name: 'Thread' }).getByRole('textbox', { name: 'Reply' }).press('Escape');
  await expect(alice.getByRole('region', { name: 'Thread' })).toHaveCount(0);
  await expect(alice.getByRole('textbox', { name: 'Message' })).toBeFocused();
});

test('a thread keeps its own draft, apart from its conversation’s', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const log = await openDealRoom(alice);
  await alice.getByRole('textbox', { name: 'Message' }).fill('For the whole room');
  await log.getByRole('article').first().hover();
  await log.getByRole('article').first().getByRole('button', { name: 'Reply in thread' }).click();
  const reply = alice.getByRole('region', { name: 'Thread' }).getByRole('textbox', { name: 'Reply' });
  await expect(reply).toHaveValue('');
  await reply.fill('Only for the thread');
  await alice.getByRole('region', { name: 'Thread' }).getByRole('button', { name: 'Close thread' }).click();
  await expect(alice.getByRole('textbox', { name: 'Message' })).toHaveValue('For the whole room');
  await log.getByRole('article').first().hover();
  await log.getByRole('article').first().getByRole('button', { name: 'Reply in thread' }).click();
  await expect(alice.getByRole('region', { name: 'Thread' }).getByRole('textbox', { name: 'Reply' })).toHaveValue('Only for the thread');
});
